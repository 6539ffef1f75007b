"""Applicant forms: the registry facts of a claim, roster rows, uploads, submission and withdrawal.

Facts are checked by the engine's own reader (``read_fact``), so a value the form accepts is one
the engine reads. Roster rows are checked by one form per row, whether typed in or read from an
uploaded Excel file, so both give the same messages (with the Excel row number for uploads).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from wengang.calculator.forms import fact_field
from wengang.cases.forms import IdNumberField
from wengang.policy.facts import FactError, check_kind, read_bool
from wengang.policy.fields import Field, valid_uscc
from wengang.policy.rules.worker import CATEGORY_ZH, HARD, REGISTERED

from .models import MaterialRequirement
from .services.apply import (
    OP1_LENGTHS,
    ROSTER_COLUMNS,
    Period,
    RosterError,
    RowError,
    add_months,
    op1_period,
)

# ---- registry facts ---------------------------------------------------------------------------


class FactsForm(forms.Form):
    """One input per fact the policy reads, pre-filled from the registry or the draft."""

    def __init__(
        self,
        *args: Any,
        specs: Sequence[Field],
        registry: Mapping[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.specs = tuple(specs)
        self.registry = dict(registry or {})
        for spec in self.specs:
            self.fields[spec.name] = fact_field(spec)

    def rows(self) -> list[tuple[forms.BoundField, str | None]]:
        """Each field with the registry's value when the applicant's differs from it."""
        out = []
        for spec in self.specs:
            bound = self[spec.name]
            value = bound.value()
            current = "" if value is None else str(value).strip()
            known = self.registry.get(spec.name)
            differs = known is not None and _same(spec, current, known) is False
            out.append((bound, (known or "（空）") if differs else None))
        return out

    def error_list(self) -> list[tuple[forms.BoundField, str]]:
        return [(self[s.name], str(message)) for s in self.specs for message in self[s.name].errors]

    def text_values(self) -> dict[str, str]:
        """The submitted text of each valid field, as it is stored on the draft."""
        return {s.name: str(self.data.get(s.name, "")).strip() for s in self.specs if s.name not in self.errors}


def _same(spec: Field, a: str, b: str) -> bool | None:
    """Whether two texts mean the same fact (None when either cannot be read)."""
    from wengang.policy.facts import read_fact

    try:
        return read_fact(spec, a) == read_fact(spec, b)
    except FactError:
        return None


# ---- choosing the period ----------------------------------------------------------------------

MONTH_RE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?(?:\s*[-/.]\s*\d{1,2}\s*日?)?\s*$")


def parse_month(text: str) -> dt.date | None:
    """ "2020-01", "2020/1", "2020年1月" or "2020-01-01" to the first day of that month."""
    match = MONTH_RE.match(text or "")
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        return None
    return dt.date(year, month, 1)


class Op1PeriodForm(forms.Form):
    """OP1.3: each claim covers a full half-year or year of the workers' contracts."""

    start_month = forms.CharField(
        label="补贴期间起始月份",
        help_text="如 2020-01；补贴期间满后次月起90日内申请",
        widget=forms.TextInput(attrs={"type": "month", "inputmode": "numeric", "placeholder": "2020-01"}),
    )
    months = forms.TypedChoiceField(
        label="补贴期间长度",
        choices=[(k, f"{v}（{k}个月）") for k, v in OP1_LENGTHS.items()],
        coerce=int,
        initial=6,
    )

    def clean_start_month(self) -> dt.date:
        month = parse_month(self.cleaned_data["start_month"])
        if month is None:
            raise ValidationError("请按“2020-01”的格式填写年月")
        return month

    def period(self) -> Period:
        return op1_period(self.cleaned_data["start_month"], self.cleaned_data["months"])


# ---- roster rows ------------------------------------------------------------------------------

YES_NO_CHOICES = [("", "请选择"), ("true", "是"), ("false", "否")]


class YesNoField(forms.ChoiceField):
    """是/否, also read from Excel as true/false, yes/no, 1/0; stored as "true"/"false"."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=YES_NO_CHOICES, **kwargs)

    def to_python(self, value: Any) -> str:
        text = str(super().to_python(value))
        if text in ("", "true", "false"):
            return text
        try:
            flag = read_bool(str(self.label), text)
        except FactError as err:
            raise ValidationError("请填“是”或“否”") from err
        return "" if flag is None else ("true" if flag else "false")


class CategoryField(forms.ChoiceField):
    """人员类别 by its Chinese name or its code."""

    BY_LABEL = {CATEGORY_ZH[HARD]: HARD, CATEGORY_ZH[REGISTERED]: REGISTERED}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            choices=[("", "请选择"), (HARD, CATEGORY_ZH[HARD]), (REGISTERED, CATEGORY_ZH[REGISTERED])], **kwargs
        )

    def to_python(self, value: Any) -> str:
        text = str(super().to_python(value))
        return self.BY_LABEL.get(text, text)


def _decimal(label: str, places: int = 2, **kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=places,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        **kwargs,
    )


def _count(label: str, **kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}), **kwargs
    )


def _text(value: Any) -> str:
    if isinstance(value, Decimal):
        return f"{value.normalize():f}" if value == value.to_integral_value() else f"{value:f}"
    return str(value)


class RowForm(forms.Form):
    """One roster row; ``row()`` gives it as stored (text values)."""

    kind = ""
    #: the engine's kind of case, and the fact each field is for: the row is also read by the
    #: engine's schema (the kind's fields, ``wengang.policy.kinds``), so form and engine agree
    engine_kind = ""
    engine_facts: Mapping[str, str] = {}
    #: for a roster of a case (trainees, placements): the list the row is a line of
    engine_list = ""
    #: every roster names the person first
    name = forms.CharField(label="姓名", max_length=50)
    id_number = IdNumberField(label="身份证号码")

    def __init__(self, *args: Any, period: Period, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.period = period
        for column in ROSTER_COLUMNS[self.kind]:
            self.fields[column.name].help_text = column.help

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        line = {fact: data[name] for name, fact in self.engine_facts.items() if data.get(name) not in (None, "")}
        if self.engine_kind:
            values: dict[str, Any] = {self.engine_list: [line]} if self.engine_list else line
            by_fact = {fact: name for name, fact in self.engine_facts.items()}
            for fact, message in check_kind(self.engine_kind, values).items():
                name = by_fact.get(fact)
                if name and name not in self.errors:
                    self.add_error(name, message)
        return data

    def row(self) -> dict[str, str]:
        return {name: _text(self.cleaned_data[name]) for name in self.fields}

    def messages(self) -> list[str]:
        """The errors as "列名：说明", in column order."""
        out = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else ""
            out += [f"{label}：{e}" if label else str(e) for e in errors]
        return out


class WorkerRowForm(RowForm):
    """OP1: a hired worker and the months claimed for them."""

    kind = "workers"
    engine_kind = "worker"
    engine_facts = {
        "category": "category",
        "contract_years": "contract_years",
        "monthly_wage": "monthly_wage",
        "pension_base": "pension_base",
        "months_before": "months_subsidised_before",
        "months": "period_months",
        "si_paid": "si_paid",
        "wage_paid_in_full": "wage_paid_in_full",
    }
    category = CategoryField(label="人员类别")
    contract_years = _decimal("劳动合同期限（年）", places=1, max_value=Decimal(50))
    monthly_wage = _decimal("月工资（元）")
    pension_base = _decimal("养老保险缴费基数（元）")
    months_before = _count("已享受补贴月数", min_value=0, max_value=120)
    months = _count("本次申请月数", min_value=1, max_value=12)
    start_month = forms.CharField(label="补贴起始月份", required=False)
    si_paid = YesNoField(label="按规定缴纳社会保险")
    wage_paid_in_full = YesNoField(label="按月足额发放工资")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["start_month"].widget.attrs.update(placeholder=self.period.start.strftime("%Y-%m"))

    def clean_start_month(self) -> str:
        text = self.cleaned_data["start_month"]
        if not text:
            return self.period.start.isoformat()
        month = parse_month(text)
        if month is None:
            raise ValidationError("请按“2020-01”的格式填写年月")
        return month.isoformat()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        months, start = data.get("months"), data.get("start_month")
        if months and start:
            first = dt.date.fromisoformat(start)
            last = add_months(first, months - 1)
            if first < self.period.start or last > self.period.end:
                self.add_error(
                    "months",
                    f"{first:%Y-%m}起{months}个月超出补贴期间 {self.period.start:%Y-%m} 至 {self.period.end:%Y-%m}",
                )
        return data


class TraineeRowForm(RowForm):
    """OP6: a trainee with cumulative class hours."""

    kind = "trainees"
    engine_kind = "training"
    engine_list = "trainees"
    engine_facts = {
        "class_hours": "class_hours",
        "still_employed": "still_employed",
        "other_subsidy": "other_training_subsidy",
    }
    class_hours = _decimal("累计课时", places=1, max_value=Decimal(9999))
    still_employed = YesNoField(label="仍在本企业就业")
    other_subsidy = YesNoField(label="已申领其他培训补贴")


class PlacementRowForm(RowForm):
    """OP4: a worker placed with a key enterprise, with both confirmations and the pay proof."""

    kind = "placements"
    engine_kind = "agency"
    engine_list = "placements"
    engine_facts = {
        "enterprise_posted_urgent": "enterprise_posted_urgent",
        "confirmed_by_enterprise": "confirmed_by_enterprise",
        "confirmed_by_agency": "confirmed_by_agency",
        "has_pay_proof": "has_pay_proof",
    }
    enterprise = forms.CharField(label="重点企业名称", max_length=200)
    enterprise_uscc = forms.CharField(label="重点企业统一社会信用代码", max_length=18)
    start_date = forms.DateField(label="上岗日期", input_formats=["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"])
    enterprise_posted_urgent = YesNoField(label="重点企业在就业超市发布急聘公告")
    confirmed_by_enterprise = YesNoField(label="重点企业确认")
    confirmed_by_agency = YesNoField(label="本机构确认")
    has_pay_proof = YesNoField(label="有薪酬证明或劳务协议")

    def clean_enterprise_uscc(self) -> str:
        code = str(self.cleaned_data["enterprise_uscc"]).strip().upper()
        if not valid_uscc(code):
            raise ValidationError("不是有效的统一社会信用代码（18位，校验位不符）")
        return code

    def clean_start_date(self) -> dt.date:
        day: dt.date = self.cleaned_data["start_date"]
        if not self.period.start <= day <= self.period.end:
            raise ValidationError(
                f"上岗日期须在疫情防控期间（{self.period.start.isoformat()} 至 {self.period.end.isoformat()}）"
            )
        return day


ROW_FORMS: dict[str, type[RowForm]] = {
    "workers": WorkerRowForm,
    "trainees": TraineeRowForm,
    "placements": PlacementRowForm,
}


def clean_roster(
    kind: str, rows: Sequence[tuple[int, Mapping[str, str]]], period: Period
) -> list[tuple[int, dict[str, str]]]:
    """Check uploaded rows with the row form; every problem is reported with its Excel row number."""
    form_class = ROW_FORMS[kind]
    clean: list[tuple[int, dict[str, str]]] = []
    errors: list[RowError] = []
    for number, raw in rows:
        form = form_class(data=dict(raw), period=period)
        if form.is_valid():
            clean.append((number, form.row()))
        else:
            errors += [RowError(number, m) for m in form.messages()]
    if errors:
        raise RosterError(errors)
    return clean


# ---- uploads ----------------------------------------------------------------------------------


class PdfUploadForm(forms.Form):
    file = forms.FileField(
        label="选择PDF文件",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        error_messages={"required": "请选择要上传的PDF文件", "empty": "文件是空的，请重新选择文件"},
    )


class DeficiencySupplyForm(PdfUploadForm):
    """A 容缺 item supplied with a PDF; the checklist item is asked for when the reviewer named none."""

    requirement = forms.ModelChoiceField(
        label="材料类别", queryset=MaterialRequirement.objects.none(), required=False, empty_label="请选择"
    )

    def __init__(self, *args: Any, requirements: Any = None, ask_requirement: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if ask_requirement and requirements is not None:
            field = self.fields["requirement"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = requirements
            field.required = True
            field.error_messages["required"] = "请选择补正材料所属的材料类别"
        else:
            del self.fields["requirement"]


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label="上传名单（Excel .xlsx）",
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
        error_messages={"required": "请选择填好的 Excel 名单文件", "empty": "文件是空的，请重新选择文件"},
    )


class SubmitForm(forms.Form):
    """The commitment and the one-time submission key carried by the form."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    commitment = forms.BooleanField(label="本单位已阅读并同意以上承诺", required=False)
    #: asked when the pre-check finds the application 不符合 (issue 12)
    ineligible_reason = forms.CharField(label="仍要提交的理由", required=False, max_length=500)


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(label="确认撤回该申请", error_messages={"required": "请勾选“确认撤回该申请”"})
    reason = forms.CharField(label="撤回原因（选填）", required=False, max_length=200)

"""The calculator form: one input per registry fact, validated by the engine's own reader."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from wengang.policy import DEFAULT_ON, VARIANTS, Explanation, explain
from wengang.policy.facts import FactError, read_fact
from wengang.policy.fields import ENTERPRISE_FIELDS, Field
from wengang.policy.params import ParameterError

BOOL_CHOICES = (("", _("未知")), ("true", _("是")), ("false", _("否")))


@dataclass(frozen=True)
class Group:
    key: str
    title: Promise
    intro: Promise
    names: tuple[str, ...]


def _months(prefix: str, months: range) -> tuple[str, ...]:
    return tuple(f"{prefix}{m:02d}" for m in months)


# Every field of ENTERPRISE_FIELDS not named here lands in the last group, so a fact the engine
# adds later still shows up on the form.
GROUPS: tuple[Group, ...] = (
    Group(
        "basic",
        _("基本信息"),
        _("单位身份、行业和规模，用于中小微企业划型和一次性社会保险补贴（OP3）的准入条件。"),
        (
            "uscc",
            "name",
            "street",
            "industry_code",
            "state_owned",
            "employees",
            "revenue_2019",
            "total_assets",
            "restricted_catalogue",
            "priority_zone",
            "high_tech_industry",
        ),
    ),
    Group(
        "insurance",
        _("参保与裁员"),
        _("用于困难企业失业保险费返还（OP2）：缴费月数、2019年度裁员率、信用记录和稳岗措施。"),
        (
            "ui_paid_months",
            "insured_2018_12",
            "insured_2019_12",
            "attrition_2019",
            "serious_dishonesty",
            "stabilisation_measures",
        ),
    ),
    Group(
        "profit",
        _("利润与利税"),
        _("用于判断是否属于生产经营困难企业（OP2.1(2)）。单位为元，亏损请填负数。"),
        (
            "profit_tax_2018",
            "profit_tax_2019",
            "profit_2019q1",
            "profit_2019q2",
            "profit_2019q3",
            "profit_2019q4",
            "profit_2020q1",
        ),
    ),
    Group(
        "payers",
        _("2020年参保与缴费"),
        _("用于一次性社会保险补贴（OP3）的参保人数增长、补贴比例和金额。"),
        (
            "ui_payers_2019_avg",
            *_months("ui_payers_2020_", range(1, 5)),
            *_months("employer_contrib_2020_", range(2, 5)),
        ),
    ),
    Group(
        "other",
        _("其他"),
        _("一次性吸纳就业补贴（OP5）、职业技能培训补贴（OP6）、就业示范基地（N14）和延长社会保险缴费（I2、I3）。"),
        (),
    ),
)


class FactFieldMixin:
    """Reads the submitted text with ``read_fact``, so messages are the batch screen's own."""

    spec: Field

    def clean(self, value: Any) -> Any:
        value = super().clean(value)  # type: ignore[misc]
        try:
            return read_fact(self.spec, value)
        except FactError as err:
            raise forms.ValidationError(err.message, code="invalid") from err


class FactField(FactFieldMixin, forms.CharField):
    def __init__(self, spec: Field, **kwargs: Any) -> None:
        self.spec = spec
        super().__init__(label=spec.label, help_text=spec.help, required=False, widget=_text_widget(spec), **kwargs)


class FactChoiceField(FactFieldMixin, forms.ChoiceField):
    def __init__(self, spec: Field, **kwargs: Any) -> None:
        self.spec = spec
        super().__init__(label=spec.label, help_text=spec.help, required=False, choices=BOOL_CHOICES, **kwargs)


def _text_widget(spec: Field) -> forms.TextInput:
    attrs = {"autocomplete": "off"}
    if spec.type == "int":
        attrs["inputmode"] = "numeric"
    elif spec.type == "decimal" and spec.nonnegative:
        attrs["inputmode"] = "decimal"
    # Signed amounts (profits) keep the full keyboard: phone decimal keypads have no minus key.
    if spec.type in ("uscc", "industry"):
        attrs.update(autocapitalize="characters", spellcheck="false")
    return forms.TextInput(attrs=attrs)


def fact_field(spec: Field) -> forms.Field:
    return FactChoiceField(spec) if spec.type == "bool" else FactField(spec)


@functools.cache
def fact_fields() -> dict[str, forms.Field]:
    """One field per enterprise fact, made once per process and shared by every form (issue 11, load:
    making 39 fields for each request was a tenth of the calculator's POST). Nothing changes a form's
    fields after they are made (the views read them; errors are kept on the form), so sharing is safe;
    code that needs to change one must copy it first."""
    return {spec.name: fact_field(spec) for spec in ENTERPRISE_FIELDS}


def variant_label(name: str) -> str:
    """The name before the colon, e.g. 字面解读（产品决定）; the full description is the help text."""
    return VARIANTS[name].split("：", 1)[0]


class CalculatorForm(forms.Form):
    on = forms.DateField(
        label=_("决定日期"),
        required=False,
        initial=DEFAULT_ON,
        help_text=format_lazy(
            _("按该日期选用当时有效的政策参数；不填则为 {default}。"), default=DEFAULT_ON.isoformat()
        ),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    variant = forms.ChoiceField(
        label=_("解读方案"),
        choices=[(name, variant_label(name)) for name in VARIANTS],
        initial="baseline",
        help_text=_("通知原文有歧义之处，可按不同解读分别计算，便于比较："),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(fact_fields())

    def groups(self) -> list[tuple[Group, list[forms.BoundField]]]:
        """The fieldsets of the form, each with its bound fields in order."""
        placed = {name for group in GROUPS for name in group.names}
        out = []
        for group in GROUPS:
            names = group.names or tuple(s.name for s in ENTERPRISE_FIELDS if s.name not in placed)
            out.append((group, [self[name] for name in names]))
        return out

    def settings_fields(self) -> list[forms.BoundField]:
        return [self["on"], self["variant"]]

    def error_list(self) -> list[tuple[forms.BoundField, str]]:
        """Each field error with its field, in the order the fields appear on the page."""
        fields = [bf for _group, bfs in self.groups() for bf in bfs] + self.settings_fields()
        return [(bf, str(message)) for bf in fields for message in bf.errors]

    def variant_descriptions(self) -> list[tuple[str, str]]:
        return [(variant_label(name), VARIANTS[name]) for name in VARIANTS]

    def facts(self) -> dict[str, Any]:
        return {spec.name: self.cleaned_data[spec.name] for spec in ENTERPRISE_FIELDS}

    def decision_date(self) -> dt.date:
        return self.cleaned_data.get("on") or DEFAULT_ON

    def explain(self) -> Explanation | None:
        """Run the engine on the cleaned facts; a date without parameter values is a form error."""
        try:
            return explain(self.facts(), self.decision_date(), variant=self.cleaned_data["variant"])
        except ParameterError as err:
            self.add_error(
                "on", _("所选日期没有可用的政策参数，请选择通知施行期间的日期（%(detail)s）") % {"detail": err}
            )
            return None

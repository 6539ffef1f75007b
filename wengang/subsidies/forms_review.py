"""Forms of the reviewer workbench: the queue filter, each review action, payments, batches.

The action forms share one page, so each has its own prefix (its fields' ids stay unique).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from wengang.registry.models import Street

from .models import Application, Deficiency, Material, MaterialMark, MaterialRequirement, Status, SubsidyType
from .services.review import (
    ALL,
    BATCH_ACTIONS,
    FILTER_STATUSES,
    MissingItem,
    QueueFilter,
    cited_clauses,
    marked_for_resupply,
)


def _textarea(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _ticks(label: str, queryset: Any) -> Any:
    """Checkboxes over the application's items; the form's ``__init__`` sets the real queryset."""
    return forms.ModelMultipleChoiceField(
        label=label, queryset=queryset, required=False, widget=forms.CheckboxSelectMultiple
    )


class QueueFilterForm(forms.Form):
    q = forms.CharField(label="申请编号、单位名称或信用代码", required=False, max_length=100)
    status = forms.ChoiceField(
        label="状态",
        required=False,
        choices=[("", "待办理（未办结）"), *((s.value, str(s.label)) for s in FILTER_STATUSES), (ALL, "全部")],
    )
    subsidy = forms.ModelChoiceField(
        label="补贴类型", queryset=SubsidyType.objects.all(), required=False, to_field_name="policy", empty_label="全部"
    )
    street = forms.ModelChoiceField(label="街乡", queryset=Street.objects.all(), required=False, empty_label="全部")
    overdue = forms.BooleanField(label="只看已超审核期限的", required=False)

    def __init__(
        self,
        *args: Any,
        statuses: Sequence[Status] = FILTER_STATUSES,
        subsidy_types: QuerySet[SubsidyType] | None = None,
        **kwargs: Any,
    ) -> None:
        """Only the statuses and subsidy types the user's queue can hold (issue 12: the municipal
        group was offered the district's)."""
        super().__init__(*args, **kwargs)
        status = cast("forms.ChoiceField", self.fields["status"])
        status.choices = [("", "待办理（未办结）"), *((s.value, str(s.label)) for s in statuses), (ALL, "全部")]
        if subsidy_types is not None:
            cast("forms.ModelChoiceField[SubsidyType]", self.fields["subsidy"]).queryset = subsidy_types

    def queue_filter(self, *, decided: bool = False) -> QueueFilter:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        street = data.get("street")
        return QueueFilter(
            status=data.get("status") or "",
            subsidy_type=data.get("subsidy"),
            street_id=street.pk if street else None,
            overdue=bool(data.get("overdue")),
            search=data.get("q") or "",
            decided=decided,
        )


class DeficiencyForm(forms.Form):
    """容缺受理: the missing items, all at once — checklist items that may be supplied later, or text."""

    prefix = "deficiency"
    requirements = _ticks("缺少的材料（可容缺的清单项）", MaterialRequirement.objects.none())
    other = forms.CharField(label="其他需补正的事项（每行一项）", required=False, max_length=2000, widget=_textarea(3))
    note = forms.CharField(label="给申请人的说明", required=False, max_length=500, widget=_textarea(2))

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelMultipleChoiceField[MaterialRequirement]", self.fields["requirements"])
        field.queryset = application.subsidy_type.requirements.filter(essential=False)
        # the materials the reviewer marked 需补正: ticked here, their notes carried into the items
        self.notes: dict[int, list[str]] = {}
        self.essential_marked: list[str] = []
        for m in marked_for_resupply(application):
            if m.requirement.essential:
                self.essential_marked.append(m.requirement.name)
            else:
                self.notes.setdefault(m.requirement_id, []).append(m.mark_note)
        field.initial = list(self.notes)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("requirements") and not self._other_lines(data):
            raise forms.ValidationError("请勾选缺少的材料或填写需补正的事项（至少一项）")
        return data

    @staticmethod
    def _other_lines(data: dict[str, Any]) -> list[str]:
        return [line.strip() for line in (data.get("other") or "").splitlines() if line.strip()]

    def items(self) -> list[MissingItem]:
        listed = [MissingItem(self._describe(r), r) for r in self.cleaned_data["requirements"]]
        return listed + [MissingItem(line) for line in self._other_lines(self.cleaned_data)]


    def _describe(self, requirement: MaterialRequirement) -> str:
        """The item as the applicant reads it: the reviewer's notes when the material was marked."""
        notes = self.notes.get(requirement.pk)
        if notes:
            return f"{requirement.name}：{'；'.join(notes)}"
        return f"{requirement.name}（{requirement.description}）" if requirement.description else requirement.name


class MaterialMarkForm(forms.Form):
    """The reviewer's mark on one material; each material's form has its own prefix."""

    mark = forms.ChoiceField(
        label="审核标记",
        choices=[(MaterialMark.OK.value, MaterialMark.OK.label), (MaterialMark.RESUPPLY.value, MaterialMark.RESUPPLY.label)],
        widget=forms.RadioSelect,
        error_messages={"required": "请选择“合格”或“需补正”", "invalid_choice": "请选择“合格”或“需补正”"},
    )
    note = forms.CharField(label="需补正的内容（申请人可见）", required=False, max_length=500)

    def __init__(self, *args: Any, material: Material, **kwargs: Any) -> None:
        kwargs["prefix"] = f"mark-{material.pk}"
        super().__init__(*args, **kwargs)
        if not self.is_bound and material.mark:
            self.initial = {"mark": material.mark, "note": material.mark_note}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("mark") == MaterialMark.RESUPPLY and not (data.get("note") or "").strip():
            self.add_error("note", "标记为需补正时，请写明需补正的内容")
        return data


class SuppliedForm(forms.Form):
    """补正完毕: the reviewer ticks the items checked as supplied."""

    prefix = "supplied"
    deficiencies = _ticks("已核验补正的事项", Deficiency.objects.none())

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        open_items = application.deficiencies.filter(resolved_at__isnull=True)
        field = cast("forms.ModelMultipleChoiceField[Deficiency]", self.fields["deficiencies"])
        field.queryset = open_items
        field.initial = [d.pk for d in open_items]
        self.open_count = len(field.initial)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if len(data.get("deficiencies") or []) < self.open_count:
            raise forms.ValidationError("还有容缺事项未核验补正，不能进入审核")
        return data


class ReturnForm(forms.Form):
    prefix = "return"
    reasons = forms.CharField(
        label="退回理由（申请人按此修改）",
        max_length=2000,
        widget=_textarea(3),
        error_messages={"required": "请填写退回理由"},
    )


class CloseForm(forms.Form):
    prefix = "close"
    reason = forms.CharField(
        label="关闭说明（申请人可见）",
        max_length=2000,
        widget=_textarea(2),
        error_messages={"required": "请填写关闭说明"},
    )


class EscalateForm(forms.Form):
    prefix = "escalate"
    reason = forms.CharField(label="报送说明", required=False, max_length=2000, widget=_textarea(3))

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if application.subsidy_type.municipal_review == "on_doubt":
            field = self.fields["reason"]
            field.required = True
            field.label = "存疑事项（报市审核小组联审的理由）"
            field.error_messages["required"] = "请写明存疑事项"


class ApproveForm(forms.Form):
    prefix = "approve"
    comment = forms.CharField(label="审核意见（可选）", required=False, max_length=1000, widget=_textarea(2))


class RejectForm(forms.Form):
    """不予通过: the engine's unmet clauses to tick, and/or reasons citing clause ids."""

    prefix = "reject"
    clauses = forms.MultipleChoiceField(
        label="不符合的条款（按政策规则判定）", required=False, widget=forms.CheckboxSelectMultiple
    )
    reasons = forms.CharField(
        label="理由（引用条款编号，如 OP2.1(1)）", required=False, max_length=2000, widget=_textarea(3)
    )

    def __init__(self, *args: Any, unmet: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["clauses"]).choices = unmet

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("clauses") and not cited_clauses(data.get("reasons") or ""):
            raise forms.ValidationError("不予通过须引用至少一个条款编号：勾选不符合的条款，或在理由中写明，如 OP2.1(1)")
        return data


class PaymentForm(forms.Form):
    prefix = "payment"
    batch_reference = forms.CharField(label="拨付批次号", max_length=30)
    paid_on = forms.DateField(label="拨付日期", widget=forms.DateInput(attrs={"type": "date"}))
    amount = forms.DecimalField(
        label="拨付金额（元）", max_digits=14, decimal_places=2, min_value=Decimal("0.01"), localize=False
    )
    payment_reference = forms.CharField(label="支付流水号", max_length=50)
    reason = forms.CharField(label="金额与核定金额不一致的理由", required=False, max_length=500, widget=_textarea(2))

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.approved_amount = application.approved_amount
        self.fields["amount"].initial = application.approved_amount

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        amount = data.get("amount")
        approved = self.approved_amount
        if (
            amount is not None
            and approved is not None
            and amount != approved
            and not (data.get("reason") or "").strip()
        ):
            self.add_error("reason", f"拨付金额与核定金额 {approved:,.2f} 元不一致，须说明理由")
        return data


class BatchForm(forms.Form):
    action = forms.ChoiceField(label="批量操作", choices=[(k, v[0]) for k, v in BATCH_ACTIONS.items()])
    ids = forms.CharField(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        raw = self.data.getlist("ids") if hasattr(self.data, "getlist") else []
        ids = sorted({int(v) for v in raw if str(v).isdigit()})
        if not ids:
            raise forms.ValidationError("请至少选择一件申请")
        data["ids"] = ids
        return data

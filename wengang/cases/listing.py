"""The filters of a case list (status, date range, street, firm name) and its paging, read from
the URL, so that a filtered list can be bookmarked, paged and exported as shown.

One form for every list (layoff reports, permits, job posts, placements): each list names the
fields its records keep these facts in. An invalid value (a date typed by hand, an unknown status)
is reported on its field and the other filters still apply; nothing here raises.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse

from wengang.registry.models import Street

M = TypeVar("M", bound=Model)

PAGE_SIZE = 20
#: earliest and latest dates a filter accepts (a typo like 0202-05-01 matches nothing, but safely)
FIRST_DAY, LAST_DAY = dt.date(2000, 1, 1), dt.date(2099, 12, 31)


@dataclass(frozen=True)
class ListFields:
    """Where a list's records keep what the filters ask about (Django lookups)."""

    #: the record's date the range filters (a DateField, or a DateTimeField read by its date)
    date: str
    #: the label of that date on the page
    date_label: str
    status: str = "status"
    organisation: str = "organisation"
    #: whether the date is a DateTimeField (filtered by ``__date``)
    date_is_datetime: bool = False


class ListFilterForm(forms.Form):
    status = forms.ChoiceField(label="状态", required=False)
    date_from = forms.DateField(
        label="日期自", required=False, widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "请输入有效日期，例如 2020-05-01"},
    )
    date_to = forms.DateField(
        label="日期至", required=False, widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "请输入有效日期，例如 2020-05-31"},
    )
    street = forms.ModelChoiceField(
        Street.objects.order_by("name"), label="街乡", required=False, empty_label="全部街乡",
        error_messages={"invalid_choice": "请从列表中选择街乡"},
    )
    q = forms.CharField(label="单位名称", required=False, max_length=50, strip=True)

    def __init__(
        self,
        data: Any,
        *,
        fields: ListFields,
        statuses: Sequence[tuple[str, str]],
        street: bool = True,
        firm: bool = True,
    ) -> None:
        super().__init__(data)
        self.list_fields = fields
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = [("", "全部状态"), *statuses]
        status.error_messages["invalid_choice"] = "请从列表中选择状态"
        self.fields["date_from"].label = f"{fields.date_label}自"
        self.fields["date_to"].label = f"{fields.date_label}至"
        if not street:
            del self.fields["street"]
        if not firm:
            del self.fields["q"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("date_from", "date_to"):
            day = data.get(name)
            if day is not None and not FIRST_DAY <= day <= LAST_DAY:
                self.add_error(name, f"日期须在 {FIRST_DAY:%Y} 年至 {LAST_DAY:%Y} 年之间")
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "结束日期不能早于开始日期")
        return data

    def values(self) -> dict[str, Any]:
        """The filters that are valid; an invalid one is left out (and shown on its field)."""
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v not in (None, "")}

    def apply(self, rows: QuerySet[M]) -> QuerySet[M]:
        f, values = self.list_fields, self.values()
        date = f"{f.date}__date" if f.date_is_datetime else f.date
        if "status" in values:
            rows = rows.filter(**{f.status: values["status"]})
        if "date_from" in values:
            rows = rows.filter(**{f"{date}__gte": values["date_from"]})
        if "date_to" in values:
            rows = rows.filter(**{f"{date}__lte": values["date_to"]})
        if "street" in values:
            rows = rows.filter(**{f"{f.organisation}__street": values["street"]})
        if "q" in values:
            rows = rows.filter(**{f"{f.organisation}__name__icontains": values["q"]})
        return rows

    def query(self) -> str:
        """The valid filters as a query string (for the export link and the page links)."""
        out = []
        for name, value in self.values().items():
            out.append((name, value.pk if isinstance(value, Model) else str(value)))
        return urlencode(out)

    @property
    def active(self) -> bool:
        return bool(self.values())


def page_of(request: HttpRequest, rows: QuerySet[M], size: int = PAGE_SIZE) -> Page[M]:
    """One page of ``rows`` (``?page=``; a page beyond the last shows the last, junk shows the first)."""
    return Paginator(rows, size).get_page(request.GET.get("page"))


@dataclass(frozen=True)
class CaseList:
    """One filtered, exportable list: who may open it, what they see, how it filters and exports.

    The list page and its 导出 Excel both call ``filtered``, so the export is always what the page
    shows (the viewer's own records, the URL's filters), however the rows are paged.
    """

    #: the sheet's and the file's name
    name: str
    may_open: Callable[[Any], bool]
    refusal: str
    #: the records this person may see
    rows: Callable[[Any], QuerySet[Any]]
    fields: ListFields
    statuses: Sequence[tuple[str, str]]
    #: who may filter by street and firm name (staff who see many organisations' records)
    wide: Callable[[Any], bool]
    xlsx: Callable[[QuerySet[Any]], bytes]
    street: bool = True

    def form(self, user: Any, data: Any) -> ListFilterForm:
        wide = self.wide(user)
        return ListFilterForm(data, fields=self.fields, statuses=self.statuses, street=wide and self.street, firm=wide)

    def filtered(self, request: HttpRequest) -> tuple[ListFilterForm, QuerySet[Any]]:
        """The URL's filter and the rows the signed-in user may see that pass it (403 for others)."""
        user = request.user
        if not self.may_open(user):
            raise PermissionDenied(self.refusal)
        form = self.form(user, request.GET)
        return form, form.apply(self.rows(user))

    def export(self, request: HttpRequest) -> HttpResponse:
        from wengang.spreadsheets import download

        _, rows = self.filtered(request)
        return download(self.xlsx(rows), self.name)

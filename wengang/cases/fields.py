"""The columns and column groups that every app's tables repeat, declared once.

Each function returns the same field the apps used to spell out (same type, options and Chinese
label), so moving a model onto them changes no column and needs no migration; an abstract model
contributes the same columns to each table that inherits it.

    class LayoffReport(fields.CaseRecord):
        organisation = fields.organisation("报告单位", "layoff_reports")
        applicant = fields.person("经办人", "layoff_reports")
        status = fields.status(Status, default=Status.DRAFT)
        accepted_by = fields.person("受理人", optional=True)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Literal, overload

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models.expressions import Combinable

from wengang import clock
from wengang.registry.validators import mask_id_number, validate_id_number

if TYPE_CHECKING:
    from wengang.accounts.models import User
    from wengang.registry.models import Organisation

    Text = models.CharField[str | int | Combinable, str]


@overload
def organisation(
    verbose_name: str | None, related_name: str, *, optional: Literal[False] = ..., **options: Any
) -> models.ForeignKey[Organisation | Combinable, Organisation]: ...
@overload
def organisation(
    verbose_name: str | None, related_name: str, *, optional: Literal[True], **options: Any
) -> models.ForeignKey[Organisation | Combinable | None, Organisation | None]: ...
def organisation(verbose_name: str | None, related_name: str, *, optional: bool = False, **options: Any) -> Any:
    """The organisation (enterprise or HR agency) a record belongs to; never deleted under it."""
    options.setdefault("on_delete", models.PROTECT)
    return models.ForeignKey(
        "registry.Organisation", verbose_name=verbose_name, null=optional, blank=optional,
        related_name=related_name, **options,
    )


@overload
def person(
    verbose_name: str | None = ..., related_name: str = ..., *, optional: Literal[False] = ..., **options: Any
) -> models.ForeignKey[User | Combinable, User]: ...
@overload
def person(
    verbose_name: str | None = ..., related_name: str = ..., *, optional: Literal[True], **options: Any
) -> models.ForeignKey[User | Combinable | None, User | None]: ...
def person(verbose_name: str | None = None, related_name: str = "+", *, optional: bool = False, **options: Any) -> Any:
    """A user who did something to the record (applied, decided, uploaded); kept with the record."""
    options.setdefault("on_delete", models.PROTECT)
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=verbose_name, null=optional, blank=optional,
        related_name=related_name, **options,
    )


def status(choices: type[models.TextChoices], *, default: str | None = None, max_length: int = 20, **options: Any) -> Text:
    """A case's workflow state: the moves and who makes them are in the app's ``workflow.py``."""
    if default is not None:
        options["default"] = default
    return models.CharField("状态", max_length=max_length, choices=choices.choices, **options)


def id_number(verbose_name: str = "身份证号码", **options: Any) -> Text:
    """A resident ID number, checked by its check character; shown masked (``masked_id_number``)."""
    return models.CharField(verbose_name, max_length=18, validators=[validate_id_number], **options)


def history() -> GenericRelation:
    """A case's 办理记录 (``cases.CaseEvent``), oldest first; not a column."""
    return GenericRelation("cases.CaseEvent")


class MaskedIdNumber:
    """``masked_id_number`` for pages and the admin; ``id_number_field`` names the column."""

    id_number_field = "id_number"

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(getattr(self, self.id_number_field))


class Tracked(models.Model):
    """When the row was created (on the service clock: people read it next to service dates, so a
    demonstration on 2020-06-01 shows its records on 2020-06-01) and last saved (real time, for machines).

    Lists order by ``("-created_at", "-id")``: the moment shown, and the row's creation order when two
    moments are equal."""

    created_at = models.DateTimeField("创建时间", default=clock.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Numbered(models.Model):
    """A case known by its reference, ``reference_prefix`` and its number (``SY000042``), which
    is also how it prints."""

    reference_prefix: ClassVar[str]

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"{self.reference_prefix}{self.pk:06d}" if self.pk else f"{self.reference_prefix}（未保存）"


class CaseRecord(Tracked):
    """A case of a workflow: its 办理记录 is ``changes`` (``cases.CaseEvent``), oldest first."""

    changes = history()

    class Meta:
        abstract = True


class Created(models.Model):
    """Who made the row (a batch, a 容缺 item) and when (real time)."""

    created_by = person()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class ChecklistItem(models.Model):
    """One item of a materials checklist (a subsidy type's, a permit type's), edited in the admin."""

    name = models.CharField("材料名称", max_length=100)
    description = models.TextField("说明", blank=True)
    required = models.BooleanField("必须提交", default=True)
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


class StoredPdf(models.Model):
    """An uploaded PDF, checked by content: its names, checksum, page count and size.

    The ``file`` column stays with each table: its storage path is the app's.
    """

    original_name = models.CharField("原文件名", max_length=255)
    #: the conventional name, e.g. 单位名称+材料名称.pdf
    display_name = models.CharField("规范文件名", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64)
    pages = models.PositiveIntegerField("页数")
    size = models.PositiveIntegerField("字节数")
    #: on the service clock, like every moment a person reads next to a service date
    uploaded_at = models.DateTimeField("上传时间", default=clock.now, editable=False)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.display_name

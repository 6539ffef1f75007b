"""The one audit trail of every case type, its outbox, and the in-app messages it produces.

Why one generic table (content type + object id) rather than one table per case type: the
questions asked of the history span case types — a person's 办理记录 across applications,
permits and reports, the 待办 lists of the next issues, the outbox that delivers every change,
and one append-only trigger — while each case's own timeline is one indexed lookup
``(content_type, object_id)``. No query needs a join from an event to its case's columns, which is
what a real foreign key would have bought.

``CaseEvent`` rows are append-only: on PostgreSQL a trigger refuses UPDATE and DELETE (migration
``0001``). Whether an event's notifications have gone out is therefore not a column of the event
but a ``Delivery`` row: the outbox is the set of events without one.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from wengang import clock
from wengang.clock import today

if TYPE_CHECKING:
    from .workflow import Workflow


class CaseEvent(models.Model):
    """One move of one case: who, when, from which state to which, why, and what else it wrote."""

    content_type = models.ForeignKey(ContentType, verbose_name="案件类型", on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField("案件")
    case = GenericForeignKey("content_type", "object_id")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="办理人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    #: the real moment (orders the trail, drives the outbox); people read :attr:`moment`
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    #: the service's date of the move (``wengang.clock.today()``, settable for demos)
    on = models.DateField("日期", default=today)
    from_status = models.CharField("原状态", max_length=20, blank=True)
    to_status = models.CharField("新状态", max_length=20)
    move = models.CharField("办理事项", max_length=100, blank=True)
    reason = models.TextField("意见或理由", blank=True)
    #: what else the move wrote, e.g. registry facts ``{name: {"from": old, "to": new}}``
    payload = models.JSONField("其他变更", default=dict, blank=True)

    #: how a page names the actor (set by the view, e.g. a department instead of a person)
    who = ""

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录（审计，只增不改）"
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"], name="case_event_timeline")]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"

    @property
    def workflow(self) -> Workflow:
        from .workflow import workflow_for

        return workflow_for(self.content_type.model_class())

    @property
    def moment(self) -> dt.datetime:
        """When the move happened as people read it: the service date at the time of day."""
        return clock.moment(self.on, self.at)

    @property
    def from_label(self) -> str:
        return self.workflow.label_of(self.from_status) if self.from_status else ""

    @property
    def to_label(self) -> str:
        return self.workflow.label_of(self.to_status)

    # the names the old per-app tables used, so templates and tests read the same
    @property
    def comment(self) -> str:
        return self.reason

    def get_to_status_display(self) -> str:
        return self.to_label

    def get_from_status_display(self) -> str:
        return self.from_label


class Delivery(models.Model):
    """The event's notifications have been created and e-mailed (the outbox's 'sent' mark)."""

    event = models.OneToOneField(CaseEvent, on_delete=models.PROTECT, related_name="delivery")
    delivered_at = models.DateTimeField(default=timezone.now)
    notices = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "消息投递"
        verbose_name_plural = "消息投递"

    def __str__(self) -> str:
        return f"{self.event_id} @ {self.delivered_at:%Y-%m-%d %H:%M}"


class Notification(models.Model):
    """An in-app message; the same text is e-mailed when the user has an address.

    ``event`` is the move it reports (none for reminders and other notices); ``case`` the case it
    concerns, for the case's own message list.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    event = models.ForeignKey(CaseEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="notifications")
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    case = GenericForeignKey("content_type", "object_id")
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    created_at = models.DateTimeField(auto_now_add=True)
    #: the service's date of the message (``wengang.clock.today()``): what the inbox shows
    on = models.DateField("日期", default=today)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "event"], name="one_notice_per_user_event")]
        indexes = [models.Index(fields=["content_type", "object_id"], name="notice_case")]

    def __str__(self) -> str:
        return self.title

    @property
    def moment(self) -> dt.datetime:
        """When the message was sent as people read it: the service date at the time of day."""
        return clock.moment(self.on, self.created_at)


def notices_about(case: models.Model, *, user: Any) -> models.QuerySet[Notification]:
    """The user's notices about one case, newest first."""
    return Notification.objects.filter(
        user=user, content_type=ContentType.objects.get_for_model(type(case)), object_id=case.pk
    ).order_by("-on", "-created_at", "-id")

"""N10 复工返岗指引: announcements (e.g. on when firms may reopen) and the prevention handbook,
published by staff for dates; the public page and the 待办 page show the current ones."""

from __future__ import annotations

import datetime as dt

from django.db import models

from wengang.cases import fields


class Kind(models.TextChoices):
    ANNOUNCEMENT = "announcement", "复工复产公告"
    HANDBOOK = "handbook", "防护手册"


class NoticeQuerySet(models.QuerySet["Notice"]):
    def current(self, on: dt.date) -> NoticeQuerySet:
        """Published on or before ``on``, not expired (the expiry day still shows), not withdrawn."""
        return self.filter(withdrawn=False, publish_on__lte=on).filter(
            models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=on)
        )


class Notice(fields.Tracked):
    kind = models.CharField("类别", max_length=20, choices=Kind.choices, default=Kind.ANNOUNCEMENT)
    title = models.CharField("标题", max_length=120)
    #: sanitised on save by the service (``notices.sanitize.clean_html``): a small whitelist of tags
    body = models.TextField("正文")
    publish_on = models.DateField("发布日期")
    expires_on = models.DateField("有效期至", null=True, blank=True)
    withdrawn = models.BooleanField("已撤下", default=False)
    author = fields.person("发布人")

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = "复工返岗指引"
        verbose_name_plural = "复工返岗指引"
        ordering = ["-publish_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=models.F("publish_on")),
                name="notice_expires_after_publishing",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_current(self, on: dt.date) -> bool:
        return not self.withdrawn and self.publish_on <= on and (self.expires_on is None or self.expires_on >= on)


def attachment_path(instance: NoticeAttachment, filename: str) -> str:
    return f"notices/{instance.notice_id}/{instance.sha256[:16]}.pdf"


class NoticeAttachment(fields.StoredPdf):
    notice = models.ForeignKey(Notice, verbose_name="公告", on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("附件", upload_to=attachment_path)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["notice", "sha256"], name="notice_attachment_once")]

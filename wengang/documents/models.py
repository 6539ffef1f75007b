"""Document types (prefix and seal), the yearly counters and the documents issued."""

from __future__ import annotations

from django.db import models

#: the issuer of every document that names no other
BUREAU = "北京市朝阳区人力资源和社会保障局"


class DocumentType(models.Model):
    """One kind of official document: its 文号 prefix (朝人社补) and the seal printed on it."""

    code = models.SlugField("代码", max_length=30, unique=True)
    name = models.CharField("文书名称", max_length=50)
    prefix = models.CharField(
        "文号前缀", max_length=20, unique=True, help_text="如“朝人社补”，文号为 朝人社补〔2020〕第0001号"
    )
    #: a PNG (validated and size-capped on upload), kept in the database: a few kB, no media storage needed
    seal = models.BinaryField("公章图片（PNG）", blank=True, default=b"", editable=False)

    class Meta:
        verbose_name = "公文类型"
        verbose_name_plural = "公文类型（文号前缀与公章）"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}）"


class DocumentCounter(models.Model):
    """The last sequence number used for a type in a year; locked (select_for_update) to draw the next."""

    doc_type = models.ForeignKey(DocumentType, on_delete=models.CASCADE, related_name="counters")
    year = models.PositiveIntegerField("年度")
    last = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = "文号序号"
        verbose_name_plural = "文号序号"
        constraints = [models.UniqueConstraint(fields=["doc_type", "year"], name="document_counter_once_per_year")]

    def __str__(self) -> str:
        return f"{self.doc_type.prefix}〔{self.year}〕 {self.last}"


class IssuedDocument(models.Model):
    """A numbered document: the thing it is about (``subject``, e.g. ``subsidies.application:12``),
    its 文号 and its verification code."""

    doc_type = models.ForeignKey(DocumentType, on_delete=models.PROTECT, related_name="documents")
    year = models.PositiveIntegerField("年度")
    sequence = models.PositiveIntegerField("序号")
    number = models.CharField("文号", max_length=60, unique=True)
    #: printed on the document and re-printed on every download, so kept as is (not hashed); it
    #: only guards the public page against enumeration, it is not a password
    code = models.CharField("核验码", max_length=16)
    subject = models.CharField("文书对象", max_length=80, unique=True)
    issued_on = models.DateField("出具日期")
    #: who issues the document, where it is not the bureau (a training provider's completion
    #: certificate is numbered here but issued by the provider); blank: the bureau
    issuer = models.CharField("出具单位", max_length=100, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "已出具公文"
        verbose_name_plural = "已出具公文"
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["doc_type", "year", "sequence"], name="document_number_once"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def issued_by(self) -> str:
        return self.issuer or BUREAU

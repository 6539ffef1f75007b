from __future__ import annotations

from django import forms

from wengang.cases.forms import AccessibleErrorsMixin

from .models import Kind


class NoticeForm(AccessibleErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label="类别", choices=Kind.choices)
    title = forms.CharField(label="标题", max_length=120)
    body = forms.CharField(
        label="正文",
        max_length=50_000,
        # the source is markup, not prose: not for translation (and not read as page text)
        widget=forms.Textarea(attrs={"rows": 12, "translate": "no", "spellcheck": "false"}),
        help_text="网页格式，可使用段落、加粗、列表、小标题和网址链接；其他格式和脚本保存时会被去除",
    )
    publish_on = forms.DateField(label="发布日期", widget=forms.DateInput(attrs={"type": "date"}), help_text="格式：2020-06-01")
    expires_on = forms.DateField(
        label="有效期至", required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text="不填为长期有效"
    )
    withdrawn = forms.BooleanField(label="撤下（不再公开显示）", required=False)
    attachment = forms.FileField(label="附件（PDF，可选）", required=False, help_text="如防护手册全文，不超过10 MB")

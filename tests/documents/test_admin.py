"""The administrator sets each document type's prefix and seal; a bad file is refused in Chinese."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wengang.accounts.models import User
from wengang.documents.models import DocumentType

from .test_numbers import png


@pytest.fixture
def admin_client_(client):
    client.force_login(User.objects.create_superuser(username="root", password="x-password-1", email="r@example.com"))
    return client


def post(client, doc_type: DocumentType, upload: SimpleUploadedFile | None, **extra: str):
    data: dict[str, object] = {"code": doc_type.code, "name": doc_type.name, "prefix": "朝人社就补", **extra}
    if upload is not None:
        data["seal_upload"] = upload
    return client.post(reverse("admin:documents_documenttype_change", args=[doc_type.pk]), data)


@pytest.mark.django_db
def test_the_administrator_sets_the_prefix_and_a_png_seal(admin_client_) -> None:
    decision = DocumentType.objects.get(code="decision")
    image = png()
    response = post(admin_client_, decision, SimpleUploadedFile("seal.png", image, content_type="image/png"))
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.prefix == "朝人社就补" and bytes(decision.seal) == image

    post(admin_client_, decision, None, remove_seal="on")
    decision.refresh_from_db()
    assert bytes(decision.seal) == b""


@pytest.mark.django_db
def test_a_file_that_is_no_png_is_refused_and_nothing_changes(admin_client_) -> None:
    decision = DocumentType.objects.get(code="decision")
    response = post(admin_client_, decision, SimpleUploadedFile("seal.png", b"GIF89a" + b"\0" * 50))
    assert response.status_code == 200
    assert "公章图片须为 PNG 格式" in response.content.decode()
    decision.refresh_from_db()
    assert decision.prefix == "朝人社补" and bytes(decision.seal) == b""

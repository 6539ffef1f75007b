"""The demo accounts' password comes from DEMO_PASSWORD."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from wengang.accounts.models import User


@pytest.mark.django_db
def test_the_password_comes_from_the_environment(monkeypatch: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setenv("DEMO_PASSWORD", "another-secret-1")
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert User.objects.get(username="qiye").check_password("another-secret-1")
    assert User.objects.get(username="shenhe").check_password("another-secret-1")
    assert "密码均为：another-secret-1" in out.getvalue()

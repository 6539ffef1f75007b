"""The demo loader is idempotent: running it twice creates nothing twice."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from wengang.accounts.models import Role, User


@pytest.mark.django_db
def test_it_loads_the_demo_administrator_once() -> None:
    call_command("load_demo")
    call_command("load_demo")
    admins = User.objects.filter(username="admin")
    assert admins.count() == 1
    admin = admins.get()
    assert admin.role == Role.ADMIN
    assert admin.is_superuser and admin.check_password("wengang-demo-2020")

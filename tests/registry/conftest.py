from __future__ import annotations

import pytest

from tests.accounts.factories import make_user
from wengang.accounts.models import Role, User


@pytest.fixture
def administrator(db) -> User:
    return make_user("boss", Role.ADMIN, is_staff=True, is_superuser=True)

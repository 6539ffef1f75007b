"""The account tests sign in with a password of their own; everything else is ``tests/factories.py``."""

from __future__ import annotations

from tests import factories
from tests.factories import make_organisation, uscc
from wengang.accounts.models import User

PASSWORD = "correct horse battery staple"

__all__ = ["PASSWORD", "make_organisation", "make_user", "sign_in", "uscc"]


def make_user(username: str, role: str, **extra: object) -> User:
    return factories.make_user(username, role, password=PASSWORD, **extra)


def sign_in(client, username: str, password: str = PASSWORD, code: str = "", **extra: object):
    return client.post("/accounts/login/", {"username": username, "password": password, "code": code, **extra})

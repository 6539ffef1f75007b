"""Small factories for account and registry tests: users per role, organisations with valid codes."""

from __future__ import annotations

from wengang.accounts.models import User
from wengang.policy.fields import uscc_check_char
from wengang.registry.models import Organisation

PASSWORD = "correct horse battery staple"


def uscc(seq: int) -> str:
    first17 = f"91110105{seq:09d}"
    check = uscc_check_char(first17)
    assert check is not None
    return first17 + check


def make_organisation(seq: int, name: str, kind: str = Organisation.Kind.ENTERPRISE, **extra: object) -> Organisation:
    return Organisation.objects.create(uscc=uscc(seq), name=name, kind=kind, **extra)


def make_user(username: str, role: str, **extra: object) -> User:
    return User.objects.create_user(username=username, password=PASSWORD, role=role, **extra)


def sign_in(client, username: str, password: str = PASSWORD, code: str = "", **extra: object):
    return client.post("/accounts/login/", {"username": username, "password": password, "code": code, **extra})

"""Accounts the demo's later parts add: every demo account has the one demo password."""

from __future__ import annotations

import os

from django.contrib.auth.hashers import make_password

from wengang.accounts.models import Department, Role, User
from wengang.registry.models import Organisation

from .data import DEFAULT_PASSWORD


def demo_password_hash(*like: str) -> str:
    """The hash of the demo password: copied from the first of ``like`` that exists (hashing is slow
    on purpose), else made from ``DEMO_PASSWORD``."""
    for username in like or ("shenhe",):
        other = User.objects.filter(username=username).first()
        if other is not None:
            return other.password
    return make_password(os.environ.get("DEMO_PASSWORD", DEFAULT_PASSWORD))


def demo_firm_user(organisation: Organisation, username: str, first_name: str, password: str) -> User:
    """The organisation's first enterprise user; when it has none, ``username`` is made one."""
    found = User.objects.filter(organisation=organisation, role=Role.ENTERPRISE).order_by("id").first()
    if found is not None:
        return found
    return User.objects.get_or_create(
        username=username,
        defaults={"first_name": first_name, "role": Role.ENTERPRISE, "organisation": organisation, "password": password},
    )[0]


def demo_individual(username: str, first_name: str, id_number: str) -> tuple[User, bool]:
    """An individual with the demo password, created once; and whether it was created now."""
    return User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name, "role": Role.INDIVIDUAL, "id_number": id_number,
            "email": f"{username}@example.com", "password": demo_password_hash(),
        },
    )


def demo_reviewer(username: str, first_name: str, department: str) -> User:
    """A district reviewer of ``department`` (its code), created once."""
    found = User.objects.filter(username=username).first()
    if found is not None:
        return found
    return User.objects.create(
        username=username,
        first_name=first_name,
        email=f"{username}@example.com",
        role=Role.REVIEWER,
        department=Department.objects.get(code=department),
        password=demo_password_hash(),
    )

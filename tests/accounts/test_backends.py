"""The sign-in backend (wengang/accounts/backends.py): the signed-in user comes with its organisation
and street in one query; wrong credentials are checked once; sessions of Django's backend still work."""

from __future__ import annotations

from unittest import mock

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, authenticate
from django.test import Client

from wengang.accounts.backends import UserBackend
from wengang.accounts.models import User

from .factories import PASSWORD, sign_in

pytestmark = pytest.mark.django_db


def test_the_signed_in_user_comes_with_organisation_and_street_in_one_query(enterprise_user, django_assert_num_queries):
    with django_assert_num_queries(1):
        user = UserBackend().get_user(enterprise_user.pk)
        assert user is not None and user.username == "acme"
        assert user.organisation.name == "北京甲乙科技有限公司"
        assert user.organisation.street.name == "望京"
    with django_assert_num_queries(1):  # the registry facts are left out of that query, read when needed
        assert user.organisation.facts == enterprise_user.organisation.facts


def test_users_without_organisation_and_unknown_or_inactive_users(reviewer, enterprise_user):
    backend = UserBackend()
    user = backend.get_user(str(reviewer.pk))
    assert user is not None and user.organisation is None
    assert backend.get_user(10**9) is None
    assert backend.get_user("not a number") is None
    enterprise_user.is_active = False
    enterprise_user.save()
    assert backend.get_user(enterprise_user.pk) is None


def test_a_wrong_password_is_checked_once_and_a_right_one_signs_in(enterprise_user):
    with mock.patch.object(User, "check_password", autospec=True, side_effect=User.check_password) as checked:
        assert authenticate(None, username="acme", password="wrong") is None
        assert checked.call_count == 1  # not again by Django's ModelBackend listed after ours
        user = authenticate(None, username="acme", password=PASSWORD)
    assert user is not None and user.backend == "wengang.accounts.backends.UserBackend"


def test_the_portal_of_an_organisation_user_runs_one_query_fewer(enterprise_user, django_assert_num_queries):
    client = Client()
    sign_in(client, "acme")
    client.get("/accounts/")
    # session, user with organisation and street, unread count, to-dos, notices
    with django_assert_num_queries(5):
        response = client.get("/accounts/")
    assert response.status_code == 200
    assert "北京甲乙科技有限公司" in response.content.decode() and "望京" in response.content.decode()


def test_a_session_signed_in_through_djangos_own_backend_stays_signed_in(enterprise_user):
    client = Client()
    client.force_login(enterprise_user, backend="django.contrib.auth.backends.ModelBackend")
    assert client.session[BACKEND_SESSION_KEY] == "django.contrib.auth.backends.ModelBackend"
    response = client.get("/accounts/")
    assert response.status_code == 200 and "北京甲乙科技有限公司" in response.content.decode()

"""Resident ID numbers (GB 11643-1999) are checked and shown masked; credit codes are checked."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from wengang.accounts.models import Role, User
from wengang.registry.validators import id_number_ok, mask_id_number, validate_id_number, validate_uscc

VALID = "11010519491231002X"


def test_it_accepts_a_valid_id_number():
    assert id_number_ok(VALID)
    validate_id_number(VALID)


def test_it_accepts_a_lower_case_check_character():
    assert id_number_ok(VALID.lower())


@pytest.mark.parametrize("last", list("0123456789"))
def test_it_refuses_any_other_check_character(last):
    assert not id_number_ok(VALID[:17] + last)


def test_it_refuses_an_impossible_birth_date():
    assert not id_number_ok("110105194902300020")


def test_it_refuses_wrong_lengths_and_letters():
    assert not id_number_ok(VALID[:17])
    assert not id_number_ok("A" + VALID[1:])


def test_the_error_message_shows_the_number_masked():
    with pytest.raises(ValidationError) as err:
        validate_id_number("110105194912310021")
    message = err.value.messages[0]
    assert "110105********0021" in message and "19491231" not in message


def test_it_masks_all_but_the_first_six_and_last_four():
    assert mask_id_number(VALID) == "110105********002X"
    assert mask_id_number("") == ""


def test_a_credit_code_with_a_wrong_check_character_is_refused():
    validate_uscc("91110105000021HP7G")
    with pytest.raises(ValidationError):
        validate_uscc("91110105000021HP7H")


@pytest.mark.django_db
def test_the_user_model_validates_the_id_number():
    user = User(username="w", role=Role.INDIVIDUAL, id_number=VALID[:17] + "1")
    user.set_unusable_password()
    with pytest.raises(ValidationError) as err:
        user.full_clean()
    assert "id_number" in err.value.message_dict
    user.id_number = VALID
    user.full_clean()
    assert user.masked_id_number == "110105********002X"

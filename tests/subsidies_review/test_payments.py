"""登记拨付: approved → paid with a payment in a batch, for the approved amount unless explained."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from wengang.subsidies.models import Payment, PaymentBatch, Status
from wengang.subsidies.services.review import application_approve, application_record_payment
from wengang.subsidies.workflow import TransitionError

from .conftest import application, organisation


def approved(reviewer, org=None):
    app = application(org or organisation(), "OP3", status=Status.DISTRICT_REVIEW)
    application_approve(application=app, actor=reviewer)
    return app


def pay(client, reviewer, app, **data):
    fields = {
        "batch_reference": "PB2020-06-01",
        "paid_on": "2020-06-10",
        "amount": "9000.00",
        "payment_reference": f"TX-{app.pk}",
        "reason": "",
        **data,
    }
    client.force_login(reviewer)
    return client.post(
        reverse("subsidies:review_payment", args=[app.pk]), {f"payment-{k}": v for k, v in fields.items()} | {"confirm": "1"}
    )


@pytest.mark.django_db
def test_it_records_the_payment_of_the_approved_amount(client, reviewer) -> None:
    app = approved(reviewer)
    client.force_login(reviewer)
    html = client.get(reverse("subsidies:review_detail", args=[app.pk])).content.decode()
    assert 'name="payment-amount" value="9000.00"' in html  # defaults to the approved amount

    assert pay(client, reviewer, app).status_code == 302

    app.refresh_from_db()
    assert app.status == Status.PAID
    payment = Payment.objects.get(application=app)
    assert payment.amount == Decimal("9000.00")
    assert payment.reference == f"TX-{app.pk}"
    assert payment.batch.reference == "PB2020-06-01"
    assert payment.batch.paid_on == dt.date(2020, 6, 10)
    assert payment.batch.created_by == reviewer
    assert "9,000.00 元" in app.changes.last().comment


@pytest.mark.django_db
def test_a_different_amount_needs_a_reason(client, reviewer) -> None:
    app = approved(reviewer)

    response = pay(client, reviewer, app, amount="8000.00")
    assert response.status_code == 200
    assert "须说明理由" in response.content.decode()
    app.refresh_from_db()
    assert app.status == Status.APPROVED and not Payment.objects.exists()

    assert pay(client, reviewer, app, amount="8000.00", reason="核减已领取的重复补贴 1,000.00 元").status_code == 302
    assert Payment.objects.get().amount == Decimal("8000.00")


@pytest.mark.django_db
def test_several_payments_share_a_batch_but_not_a_reference(reviewer) -> None:
    first, second = approved(reviewer), approved(reviewer)
    kwargs = {"actor": reviewer, "batch_reference": "PB-1", "paid_on": dt.date(2020, 6, 10), "amount": Decimal("9000")}
    application_record_payment(application=first, payment_reference="TX-1", **kwargs)

    with pytest.raises(TransitionError, match="已登记过"):
        application_record_payment(application=second, payment_reference="TX-1", **kwargs)
    with pytest.raises(TransitionError, match="拨付日期为 2020-06-10"):
        application_record_payment(
            application=second, payment_reference="TX-2", **{**kwargs, "paid_on": dt.date(2020, 6, 11)}
        )
    application_record_payment(application=second, payment_reference="TX-2", **kwargs)

    assert PaymentBatch.objects.get().payments.count() == 2


@pytest.mark.django_db
def test_only_approved_applications_are_paid(reviewer) -> None:
    app = application(organisation(), "OP3", status=Status.DISTRICT_REVIEW)
    with pytest.raises(TransitionError):
        application_record_payment(
            application=app,
            actor=reviewer,
            batch_reference="PB-1",
            paid_on=dt.date(2020, 6, 10),
            amount=Decimal("9000.00"),
            payment_reference="TX-1",
        )
    assert not Payment.objects.exists() and not PaymentBatch.objects.exists()


@pytest.mark.django_db
def test_the_municipal_group_does_not_record_payments(client, reviewer, municipal) -> None:
    app = approved(reviewer)
    assert pay(client, municipal, app).status_code == 404  # not a joint review: not theirs to see


@pytest.mark.django_db
def test_paying_asks_to_confirm_and_a_second_click_pays_once(client, reviewer) -> None:
    app = approved(reviewer)
    client.force_login(reviewer)
    url = reverse("subsidies:review_payment", args=[app.pk])
    fields = {
        "payment-batch_reference": "PB2020-06-01",
        "payment-paid_on": "2020-06-10",
        "payment-amount": "9000.00",
        "payment-payment_reference": "TX-1",
        "payment-reason": "",
    }

    html = client.post(url, fields).content.decode()
    assert f"将登记向{app.organisation.name}拨付 ¥9,000.00，操作不可撤销。" in html
    assert not Payment.objects.exists()

    assert client.post(url, fields | {"confirm": "1"}).status_code == 302
    again = client.post(url, fields | {"confirm": "1"}, follow=True).content.decode()
    assert "该申请已是“已拨付”，无需再次办理" in again
    assert Payment.objects.count() == 1

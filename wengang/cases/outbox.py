"""The one delivery path: an event becomes in-app notices and e-mails, once.

A workflow's ``notify(event, case)`` says who hears what (a list of :class:`Message`); this module
writes one ``Notification`` per person, e-mails every address once, and marks the event delivered
(a ``Delivery`` row). Delivery runs after the move commits, on Celery when a broker is configured
and eagerly in-process otherwise; delivering an event twice does nothing the second time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import models, transaction
from django.utils import timezone

from .models import CaseEvent, Delivery, Notification

if TYPE_CHECKING:
    from wengang.accounts.models import User


@dataclass(frozen=True)
class Message:
    """One text for some people (in-app and e-mail) and, optionally, further e-mail addresses."""

    title: str
    body: str
    users: Iterable[User] = ()
    addresses: Iterable[str] = field(default_factory=tuple)


def dispatch(event_id: int) -> None:
    """Hand the event to Celery after the commit; a broker outage leaves it for the sweep
    (``wengang.ops.outbox.deliver_pending``). Called ``on_commit(..., robust=True)``: the move is
    committed by then, so a delivery that fails (eager Celery: a locked SQLite database, a mail
    server down) is logged and left to the sweep, never turned into an error page for a move
    that was made."""
    from wengang.ops.outbox import enqueue

    from .tasks import deliver_event

    enqueue(deliver_event, event_id)


def pending(*, before: dt.datetime) -> models.QuerySet[CaseEvent]:
    """The outbox: events of notifying workflows, not yet delivered, older than ``before``."""
    from .workflow import _REGISTRY

    notifying = [ContentType.objects.get_for_model(w.model) for w in _REGISTRY.values() if w.notify]
    return CaseEvent.objects.filter(
        content_type__in=notifying, delivery__isnull=True, at__lte=before
    ).order_by("at", "id")


def deliver(event_id: int) -> int:
    """Create the notices and send the e-mails of one event (idempotent). Returns notices created."""
    from .workflow import workflow_for

    with transaction.atomic():
        event = CaseEvent.objects.select_for_update(of=("self",)).select_related("content_type", "actor").get(pk=event_id)
        if Delivery.objects.filter(event=event).exists():
            return 0
        workflow = workflow_for(event.content_type.model_class())
        case = workflow.model._default_manager.get(pk=event.object_id)
        messages = workflow.notify(event, case) if workflow.notify else []
        created = 0
        for message in messages:
            created += send(message, case=case, event=event)
        Delivery.objects.create(event=event, notices=created)
    return created


def send(message: Message, *, case: models.Model | None = None, event: CaseEvent | None = None) -> int:
    """Write ``message`` to each of its users' inboxes and e-mail each address once. Returns notices."""
    where: dict[str, Any] = {}
    if case is not None:
        where = {"content_type": ContentType.objects.get_for_model(type(case)), "object_id": case.pk}
    created = 0
    addresses: dict[str, list[Notification]] = {a.lower(): [] for a in message.addresses if a}
    seen: set[int] = set()
    for person in message.users:
        if person.pk in seen:
            continue
        seen.add(person.pk)
        if event is not None:
            notice, made = Notification.objects.get_or_create(
                user=person, event=event, defaults={"title": message.title, "body": message.body, "on": event.on, **where}
            )
        else:
            notice, made = Notification.objects.create(user=person, title=message.title, body=message.body, **where), True
        created += made
        if person.email and notice.emailed_at is None:
            addresses.setdefault(person.email.lower(), []).append(notice)
    for address, notices in sorted(addresses.items()):
        send_mail(message.title, message.body, None, [address])
        Notification.objects.filter(pk__in=[n.pk for n in notices]).update(emailed_at=timezone.now())
    return created


def notify(message: Message, *, case: models.Model | None = None) -> int:
    """A notice that is not a move (a reminder, a new candidate): written now, e-mailed after commit."""
    where: dict[str, Any] = {}
    if case is not None:
        where = {"content_type": ContentType.objects.get_for_model(type(case)), "object_id": case.pk}
    notices = [Notification.objects.create(user=p, title=message.title, body=message.body, **where) for p in message.users]
    extra = [a for a in message.addresses if a]

    def mail() -> None:
        for notice in notices:
            if notice.user.email:
                send_mail(message.title, message.body, None, [notice.user.email])
                Notification.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())
        for address in extra:
            send_mail(message.title, message.body, None, [address])

    transaction.on_commit(mail, robust=True)  # committed: a mail server down must not fail the request
    return len(notices)

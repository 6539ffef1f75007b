"""Carrying an app's own status-change table into ``cases.CaseEvent`` (used by its data migration).

Kept apart from the models so migrations call it with their historical models, never the live ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

BATCH = 2000


@dataclass(frozen=True)
class OldTable:
    """An app's own status-change table: ``old`` (``"app.Model"``) linked to its case
    (``"app.Model"``) by the foreign key ``link``; ``reason`` its comment column; ``notified`` an
    old "notified at" column whose rows become ``Delivery`` rows; ``on`` an old service-date
    column; ``payload`` an old JSON column kept under ``payload["facts"]``."""

    old: str
    link: str
    case: str
    reason: str = "comment"
    notified: str | None = None
    on: str | None = None
    payload: str | None = None


def content_type(apps: Any, label: str) -> Any:
    app_label, model = label.lower().split(".")
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]


def copy_history(apps: Any, **table: Any) -> dict[int, int]:
    """Copy every row of the :class:`OldTable` described by ``table`` into CaseEvent, oldest
    first; returns old id → new id."""
    t = OldTable(**table)
    old, link, case, reason, notified, on, payload = t.old, t.link, t.case, t.reason, t.notified, t.on, t.payload
    Old = apps.get_model(*old.split("."))
    CaseEvent = apps.get_model("cases", "CaseEvent")
    Delivery = apps.get_model("cases", "Delivery")
    ct = content_type(apps, case)
    mapping: dict[int, int] = {}
    rows = list(Old.objects.order_by("at", "id"))
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        events = [
            CaseEvent(
                content_type=ct,
                object_id=getattr(row, f"{link}_id"),
                actor_id=row.actor_id,
                at=row.at,
                on=getattr(row, on) if on else row.at.date(),
                from_status=row.from_status or "",
                to_status=row.to_status,
                reason=getattr(row, reason) or "",
                payload={"facts": getattr(row, payload)} if payload and getattr(row, payload) else {},
            )
            for row in chunk
        ]
        made = CaseEvent.objects.bulk_create(events)
        if made and made[0].pk is None:  # pragma: no cover - backends without RETURNING
            made = list(CaseEvent.objects.filter(content_type=ct).order_by("-id")[: len(chunk)])[::-1]
        for row, event in zip(chunk, made, strict=True):
            mapping[row.pk] = event.pk
        if notified:
            Delivery.objects.bulk_create(
                Delivery(event_id=mapping[row.pk], delivered_at=getattr(row, notified))
                for row in chunk
                if getattr(row, notified) is not None
            )
    return mapping


def restore_history(apps: Any, schema_editor: Any, **table: Any) -> dict[int, int]:
    """The reverse of :func:`copy_history`: the case type's events back into the old table, then
    removed from CaseEvent (the append-only trigger is set aside for that). Returns event id → old id."""
    t = OldTable(**table)
    old, link, case, reason, notified, on, payload = t.old, t.link, t.case, t.reason, t.notified, t.on, t.payload
    Old = apps.get_model(*old.split("."))
    CaseEvent = apps.get_model("cases", "CaseEvent")
    Delivery = apps.get_model("cases", "Delivery")
    ct = content_type(apps, case)
    events = list(CaseEvent.objects.filter(content_type=ct).order_by("at", "id"))
    delivered = dict(Delivery.objects.filter(event__content_type=ct).values_list("event_id", "delivered_at"))
    mapping: dict[int, int] = {}
    for event in events:
        values: dict[str, Any] = {
            f"{link}_id": event.object_id,
            "actor_id": event.actor_id,
            "from_status": event.from_status,
            "to_status": event.to_status,
            reason: event.reason,
        }
        if notified:
            values[notified] = delivered.get(event.pk)
        if on:
            values[on] = event.on
        if payload:
            values[payload] = event.payload.get("facts", {})
        row = Old.objects.create(**values)
        Old.objects.filter(pk=row.pk).update(at=event.at)
        mapping[event.pk] = row.pk
    remove_events(apps, schema_editor, ct)
    return mapping


def remove_events(apps: Any, schema_editor: Any, ct: Any) -> None:
    CaseEvent = apps.get_model("cases", "CaseEvent")
    Delivery = apps.get_model("cases", "Delivery")
    # raw deletes: the collector would compare model classes of differently rendered states
    alias = schema_editor.connection.alias
    Delivery.objects.filter(event__content_type=ct)._raw_delete(alias)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET LOCAL wengang.audit_maintenance = 'on'", params=None)
    CaseEvent.objects.filter(content_type=ct)._raw_delete(alias)


def carry_history(**history: Any) -> Any:
    """The RunPython of an app's migration: its status-change rows into CaseEvent, and back."""
    from django.db import migrations

    def forward(apps: Any, schema_editor: Any) -> None:
        copy_history(apps, **history)

    def backward(apps: Any, schema_editor: Any) -> None:
        restore_history(apps, schema_editor, **history)

    return migrations.RunPython(forward, backward)

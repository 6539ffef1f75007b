"""Applications' status changes and all in-app notices move to ``cases`` (one audit table, one inbox)."""

from django.db import migrations

from wengang.cases.migrating import content_type, copy_history, restore_history

HISTORY = {"old": "subsidies.StatusChange", "link": "application", "case": "subsidies.Application", "notified": "notified_at"}


def forward(apps, schema_editor):
    events = copy_history(apps, **HISTORY)
    Old = apps.get_model("subsidies", "Notification")
    New = apps.get_model("cases", "Notification")
    ct = content_type(apps, "subsidies.Application")
    olds = list(Old.objects.order_by("id"))
    made = New.objects.bulk_create(
        New(
            user_id=n.user_id,
            event_id=events.get(n.change_id) if n.change_id else None,
            content_type=ct if n.application_id else None,
            object_id=n.application_id,
            title=n.title,
            body=n.body,
            read_at=n.read_at,
            emailed_at=n.emailed_at,
        )
        for n in olds
    )
    for new, old in zip(made, olds, strict=True):
        new.created_at = old.created_at
    New.objects.bulk_update(made, ["created_at"], batch_size=2000)


def backward(apps, schema_editor):
    Old = apps.get_model("subsidies", "Notification")
    New = apps.get_model("cases", "Notification")
    ct = content_type(apps, "subsidies.Application")
    notices = list(New.objects.order_by("id"))
    New.objects.all()._raw_delete(schema_editor.connection.alias)
    changes = restore_history(apps, schema_editor, **HISTORY)
    for n in notices:
        row = Old.objects.create(
            user_id=n.user_id,
            application_id=n.object_id if n.content_type_id == ct.pk else None,
            change_id=changes.get(n.event_id) if n.event_id else None,
            title=n.title,
            body=n.body,
            read_at=n.read_at,
            emailed_at=n.emailed_at,
        )
        Old.objects.filter(pk=row.pk).update(created_at=n.created_at)


class Migration(migrations.Migration):
    dependencies = [
        ("subsidies", "0002_seed_subsidy_types"),
        ("cases", "0001_case_events_outbox_notifications"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.DeleteModel(name="Notification"),
        migrations.DeleteModel(name="StatusChange"),
    ]

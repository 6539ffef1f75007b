"""PostEvent rows move into ``cases.CaseEvent``, the one audit table; the old table goes."""

from django.db import migrations

from wengang.cases.migrating import copy_history, restore_history

HISTORY = {"old": "jobs.PostEvent", "link": "post", "case": "jobs.JobPost", "reason": "reason"}


def forward(apps, schema_editor):
    copy_history(apps, **HISTORY)


def backward(apps, schema_editor):
    restore_history(apps, schema_editor, **HISTORY)


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0004_search_index"),
        ("cases", "0001_case_events_outbox_notifications"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.DeleteModel(name="PostEvent"),
    ]


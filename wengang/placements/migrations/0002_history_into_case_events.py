"""Candidacy, placement and internship-base changes move into ``cases.CaseEvent``, the one audit
table; the three old tables go."""

from django.db import migrations

from wengang.cases.migrating import copy_history, restore_history

HISTORIES = [
    {"old": "placements.CandidacyChange", "link": "candidacy", "case": "placements.Candidacy"},
    {"old": "placements.PlacementChange", "link": "placement", "case": "placements.Placement"},
    {"old": "placements.InternshipBaseChange", "link": "base", "case": "placements.InternshipBase"},
]


def forward(apps, schema_editor):
    for history in HISTORIES:
        copy_history(apps, **history)


def backward(apps, schema_editor):
    for history in HISTORIES:
        restore_history(apps, schema_editor, **history)


class Migration(migrations.Migration):
    dependencies = [
        ("placements", "0001_initial"),
        ("cases", "0001_case_events_outbox_notifications"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.DeleteModel(name="CandidacyChange"),
        migrations.DeleteModel(name="PlacementChange"),
        migrations.DeleteModel(name="InternshipBaseChange"),
    ]


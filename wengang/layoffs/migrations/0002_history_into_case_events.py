"""LayoffStatusChange rows move into ``cases.CaseEvent``, the one audit table; the old table goes."""

from django.db import migrations

from wengang.cases.migrating import carry_history


class Migration(migrations.Migration):
    dependencies = [("layoffs", "0001_initial"), ("cases", "0001_case_events_outbox_notifications")]
    operations = [
        carry_history(old="layoffs.LayoffStatusChange", link="report", case="layoffs.LayoffReport"),
        migrations.DeleteModel(name="LayoffStatusChange"),
    ]


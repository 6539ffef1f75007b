"""PermitStatusChange rows move into ``cases.CaseEvent``, the one audit table; the old table goes."""

from django.db import migrations

from wengang.cases.migrating import carry_history


class Migration(migrations.Migration):
    dependencies = [("permits", "0003_permit_email_failed_outcome"), ("cases", "0001_case_events_outbox_notifications")]
    operations = [
        carry_history(old="permits.PermitStatusChange", link="case", case="permits.PermitCase", notified="notified_at"),
        migrations.DeleteModel(name="PermitStatusChange"),
    ]


"""DeferralChange rows move into ``cases.CaseEvent``, the one audit table; the old table goes."""

from django.db import migrations

from wengang.cases.migrating import carry_history


class Migration(migrations.Migration):
    dependencies = [("deferral", "0001_initial"), ("cases", "0001_case_events_outbox_notifications")]
    operations = [
        carry_history(old="deferral.DeferralChange", link="application", case="deferral.DeferralApplication", notified="notified_at", on="on", payload="facts_changed"),
        migrations.DeleteModel(name="DeferralChange"),
    ]


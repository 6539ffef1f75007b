"""PostEvent rows move into ``cases.CaseEvent``, the one audit table; the old table goes."""

from django.db import migrations

from wengang.cases.migrating import carry_history


class Migration(migrations.Migration):
    dependencies = [("jobs", "0005_wording_context_rules"), ("cases", "0001_case_events_outbox_notifications")]
    operations = [
        carry_history(old="jobs.PostEvent", link="post", case="jobs.JobPost", reason="reason"),
        migrations.DeleteModel(name="PostEvent"),
    ]


"""Candidacy, placement and internship-base changes move into ``cases.CaseEvent``, the one audit
table; the three old tables go."""

from django.db import migrations

from wengang.cases.migrating import carry_history


class Migration(migrations.Migration):
    dependencies = [("placements", "0001_initial"), ("cases", "0001_case_events_outbox_notifications")]
    operations = [
        carry_history(old="placements.CandidacyChange", link="candidacy", case="placements.Candidacy"),
        carry_history(old="placements.PlacementChange", link="placement", case="placements.Placement"),
        carry_history(old="placements.InternshipBaseChange", link="base", case="placements.InternshipBase"),
        migrations.DeleteModel(name="CandidacyChange"),
        migrations.DeleteModel(name="PlacementChange"),
        migrations.DeleteModel(name="InternshipBaseChange"),
    ]

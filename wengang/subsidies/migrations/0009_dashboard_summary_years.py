"""The dashboards' summary also counts each application in its year's rows (``days`` 366), so that a
long date range (or none) reads whole years: added from the counted figures, in one statement."""

from django.db import migrations


def count_years(apps, schema_editor):  # type: ignore[no-untyped-def]
    from django.db.models.functions import TruncYear

    from wengang.subsidies.summary import YEAR, summary_count_period

    ApplicationSummary = apps.get_model("subsidies", "ApplicationSummary")
    ApplicationSummary.objects.filter(days=YEAR).delete()
    summary_count_period(YEAR, TruncYear)


def forget_years(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("subsidies", "ApplicationSummary").objects.filter(days=366).delete()


class Migration(migrations.Migration):
    dependencies = [("subsidies", "0008_merge_20261205_1443")]

    operations = [migrations.RunPython(count_years, forget_years)]

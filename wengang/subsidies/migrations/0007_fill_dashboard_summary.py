"""Count the applications already submitted into the dashboards' summary."""

from django.db import migrations


def fill(apps, schema_editor):  # type: ignore[no-untyped-def]
    from wengang.subsidies.summary import summary_rebuild

    summary_rebuild(apps.get_model("subsidies", "Application").objects.all())


class Migration(migrations.Migration):
    dependencies = [("subsidies", "0006_dashboard_summary")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]

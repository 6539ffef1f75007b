from django.db import migrations


class Migration(migrations.Migration):
    """The tokens now live in ``api.ApiToken`` (copied by api 0002)."""

    dependencies = [
        ("jobs", "0006_history_into_case_events"),
        ("api", "0002_move_job_api_tokens"),
    ]

    operations = [migrations.DeleteModel(name="ApiToken")]

"""Copy the job-post API's tokens (``jobs.ApiToken``) into the one token model, scoped to each
user's organisation and role at the time of the move; the keys keep working (same SHA-256)."""

from django.db import migrations

ORGANISATION_ROLES = {"enterprise", "agency"}


def forwards(apps, schema_editor):
    Old = apps.get_model("jobs", "ApiToken")
    New = apps.get_model("api", "ApiToken")
    for old in Old.objects.select_related("user"):
        user = old.user
        token = New.objects.create(
            user=user,
            organisation_id=user.organisation_id if user.role in ORGANISATION_ROLES else None,
            role=user.role,
            name=old.name,
            prefix="",
            key_hash=old.key_hash,
            last_used_at=old.last_used_at,
        )
        New.objects.filter(pk=token.pk).update(created_at=old.created_at)


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_tokens_and_idempotency"),
        ("jobs", "0004_search_index"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

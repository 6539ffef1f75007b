"""The signed three-party agreement is a numbered document: 朝毕协〔2020〕第0001号."""

from django.db import migrations


def seed(apps, schema_editor):
    DocumentType = apps.get_model("documents", "DocumentType")
    DocumentType.objects.get_or_create(
        code="graduate-agreement", defaults={"name": "毕业生就业协议书（三方协议）", "prefix": "朝毕协"}
    )


class Migration(migrations.Migration):
    dependencies = [("graduates", "0001_agreements"), ("documents", "0002_seed_document_types")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

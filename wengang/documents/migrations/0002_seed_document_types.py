"""The two numbered documents: decision letters (朝人社补) and the layoff 《收悉证明》 (朝人社收)."""

from django.db import migrations

TYPES = [
    ("decision", "补贴审核决定书", "朝人社补"),
    ("layoff-receipt", "裁减人员报告《收悉证明》", "朝人社收"),
]


def seed(apps, schema_editor):
    DocumentType = apps.get_model("documents", "DocumentType")
    for code, name, prefix in TYPES:
        DocumentType.objects.get_or_create(code=code, defaults={"name": name, "prefix": prefix})


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_official_documents")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

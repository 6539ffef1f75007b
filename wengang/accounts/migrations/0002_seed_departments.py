"""The district bureau's departments named in the notice (附件1 操作流程, 附件3, 附件4)."""

from django.db import migrations

DEPARTMENTS = [
    ("labour-service", "劳动服务管理中心", "67364754", "将台路5号院15号楼D座1A层"),
    ("public-service", "人力资源公共服务中心", "57596213", "将台路5号院15号楼D座"),
    ("employment-fund", "就业资金管理科", "65090439", "八里庄南里21号院"),
    ("vocational-skills", "职业能力建设科", "65090441", "八里庄南里21号院"),
    ("labour-relations", "劳动关系科", "65090451", "八里庄南里21号院"),
]


def seed(apps, schema_editor):
    Department = apps.get_model("accounts", "Department")
    for code, name, phone, address in DEPARTMENTS:
        Department.objects.update_or_create(code=code, defaults={"name": name, "phone": phone, "address": address})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

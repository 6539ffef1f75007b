"""The categories of hard-to-employ people an individual may apply under (editable in the admin).

Beijing's list of 城乡就业困难人员 as commonly published by the municipal bureau; the admin edits,
orders or closes them without a release."""

from django.db import migrations

CATEGORIES = [
    ("大龄失业人员", "女性年满40周岁、男性年满50周岁的失业人员", "无需另附证明（以身份证号码计算年龄）；可上传失业证明"),
    ("残疾人", "持有《中华人民共和国残疾人证》的失业人员", "残疾人证"),
    ("零就业家庭成员", "家庭中法定劳动年龄内有劳动能力和就业愿望的成员均处于失业状态", "街乡出具的零就业家庭证明"),
    ("城乡低保家庭成员", "享受城乡居民最低生活保障家庭中的失业人员", "最低生活保障金领取证"),
    ("长期失业人员", "连续失业一年以上的人员", "失业登记记录或失业证明"),
    ("失地农转居人员", "因征地转为城镇居民、难以实现就业的人员", "征地转居证明"),
]


def add(apps, schema_editor):
    Category = apps.get_model("assistance", "HardshipCategory")
    for order, (name, description, hint) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(name=name, defaults={"description": description, "evidence_hint": hint, "order": order})


def remove(apps, schema_editor):
    apps.get_model("assistance", "HardshipCategory").objects.filter(name__in=[c[0] for c in CATEGORIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("assistance", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]

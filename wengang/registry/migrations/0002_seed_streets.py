"""Chaoyang District's 43 street and area offices (PARAMETERS.md, "Places")."""

from django.db import migrations

STREETS = (
    "建外 朝外 呼家楼 三里屯 左家庄 香河园 和平街 安贞 亚运村 小关 酒仙桥 麦子店 团结湖 六里屯 八里庄 双井 劲松 "
    "潘家园 垡头 大屯 望京 奥运村 东湖 首都机场"
).split()
AREAS = (
    "南磨房 高碑店 将台 太阳宫 小红门 十八里店 平房 东风 来广营 常营 三间房 管庄 金盏 孙河 崔各庄 东坝 黑庄户 "
    "豆各庄 王四营"
).split()


def seed(apps, schema_editor):
    Street = apps.get_model("registry", "Street")
    for name in STREETS:
        Street.objects.get_or_create(name=name, defaults={"kind": "street"})
    for name in AREAS:
        Street.objects.get_or_create(name=name, defaults={"kind": "area"})


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

"""Which streets are near a workplace, for pushing a key enterprise's need (附件2).

The attachment names, for 物美's logistics centre in 孙河, the streets 孙河、首都机场、崔各庄、来广营、
金盏. The other rows are the adjoining street and area offices on the district map, kept for the
streets of the attachment's neighbours and of the demo key enterprises; a street not listed
suggests itself only. Staff can always tick other streets: this is a suggestion, not a rule.
"""

from __future__ import annotations

from wengang.registry.models import Street

#: workplace street → the streets suggested with it (the workplace street first)
NEIGHBOURS: dict[str, tuple[str, ...]] = {
    # 附件2: 物美集团物流配送中心（孙河）
    "孙河": ("孙河", "首都机场", "崔各庄", "来广营", "金盏"),
    # the attachment's neighbours of 孙河, each with its own adjoining offices
    "首都机场": ("首都机场", "孙河", "金盏"),
    "崔各庄": ("崔各庄", "孙河", "来广营", "望京", "将台", "东坝", "金盏"),
    "来广营": ("来广营", "孙河", "崔各庄", "望京", "东湖", "大屯", "奥运村"),
    "金盏": ("金盏", "孙河", "首都机场", "崔各庄", "东坝"),
    # the workplaces of the other demo key enterprises
    "望京": ("望京", "来广营", "东湖", "崔各庄", "将台", "酒仙桥", "太阳宫"),
    "安贞": ("安贞", "和平街", "小关", "亚运村"),
    "常营": ("常营", "东坝", "平房", "管庄", "三间房"),
    "十八里店": ("十八里店", "小红门", "垡头", "王四营", "潘家园"),
    "南磨房": ("南磨房", "双井", "劲松", "垡头", "高碑店", "王四营"),
}


def suggested_streets(workplace: Street) -> list[Street]:
    """The workplace street and its neighbours, in the table's order."""
    names = NEIGHBOURS.get(workplace.name, (workplace.name,))
    by_name = {s.name: s for s in Street.objects.filter(name__in=names)}
    return [by_name[n] for n in names if n in by_name]

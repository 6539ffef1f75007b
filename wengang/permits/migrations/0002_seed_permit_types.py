"""The six businesses of 附件3 with their intake mailboxes and materials checklists (admin-editable).

Checklists follow 《劳务派遣行政许可实施办法》 (第八、十五、十八、二十一条) and the special-working-hours
approval practice; the 综合计算工时工作制 type requires the working-time plan.
"""

from django.db import migrations

DISPATCH_MAILBOX = "cylwpqsq@126.com"
HOURS_MAILBOX = "cytsgssq@163.com"

DISPATCH_NEW = [
    ("劳务派遣经营许可申请书", ""),
    ("营业执照或企业名称预先核准通知书", ""),
    ("公司章程及验资报告或财务审计报告", "注册资本不得少于人民币200万元"),
    ("经营场所使用证明及办公设施设备、信息管理系统清单", ""),
    ("法定代表人身份证明", ""),
    ("劳务派遣管理制度", "劳动合同、劳动报酬、社会保险、工作时间、休息休假、劳动纪律等制度文本，及拟与用工单位签订的劳务派遣协议样本"),
]
TYPES = [
    ("dispatch-new", "新申请劳务派遣行政许可", "dispatch", "new", DISPATCH_MAILBOX, DISPATCH_NEW),
    ("dispatch-change", "变更劳务派遣行政许可", "dispatch", "change", DISPATCH_MAILBOX, [
        ("劳务派遣经营许可变更申请书", ""),
        ("变更事项的证明材料", "如名称、住所、法定代表人或注册资本变更的登记证明"),
        ("《劳务派遣经营许可证》正、副本", ""),
    ]),
    ("dispatch-renewal", "延续劳务派遣行政许可", "dispatch", "renewal", DISPATCH_MAILBOX, [
        ("劳务派遣经营许可延续申请书", "有效期届满60日前提出"),
        ("许可有效期内的经营情况报告", "含劳务派遣协议履行、被派遣劳动者社会保险缴纳情况"),
        ("《劳务派遣经营许可证》正、副本", ""),
    ]),
    ("dispatch-cancellation", "注销劳务派遣行政许可", "dispatch", "cancellation", DISPATCH_MAILBOX, [
        ("劳务派遣经营许可注销申请书", ""),
        ("被派遣劳动者妥善安置情况说明", ""),
        ("《劳务派遣经营许可证》正、副本", ""),
    ]),
    ("hours-indefinite", "不定时工作制审批", "hours", "indefinite", HOURS_MAILBOX, [
        ("实行不定时工作制申请表", ""),
        ("实行岗位、人数及人员名单", ""),
        ("工会或职工代表意见", ""),
        ("营业执照", ""),
    ]),
    ("hours-comprehensive", "综合计算工时工作制审批", "hours", "comprehensive", HOURS_MAILBOX, [
        ("实行综合计算工时工作制申请表", ""),
        ("实行岗位、人数及人员名单", ""),
        ("工作时间安排方案", "综合计算周期、周期内工作时间和休息安排；平均日、周工作时间不得超过法定标准"),
        ("工会或职工代表意见", ""),
        ("营业执照", ""),
    ]),
]


def seed(apps, schema_editor):
    PermitType = apps.get_model("permits", "PermitType")
    PermitRequirement = apps.get_model("permits", "PermitRequirement")
    for order, (code, name, kind, action, mailbox, items) in enumerate(TYPES):
        permit_type, created = PermitType.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "action": action, "intake_mailbox": mailbox, "order": order}
        )
        if created:
            for index, (item, description) in enumerate(items):
                PermitRequirement.objects.create(permit_type=permit_type, name=item, description=description, order=index)


class Migration(migrations.Migration):
    dependencies = [("permits", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

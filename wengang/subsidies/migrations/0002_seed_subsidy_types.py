"""The subsidy types of the notice with their departments, review routes, commitments and
materials checklists (附件1 操作流程). Administrators edit them afterwards in the admin."""

from django.db import migrations

COMMITMENT = (
    "本单位承诺：所填报信息和上传材料真实、准确、完整，符合政策规定的申请条件；"
    "同一人员、同一期间不重复申领同类补贴；如有虚报、冒领，愿意退还全部补贴资金并承担相应法律责任。"
)

TYPES = [
    # policy, department code, applicant kind, municipal review, checklist [(name, description, required, essential)]
    ("OP1", "labour-service", "enterprise", "never", [
        ("人员花名册", "招用人员姓名、身份证号码、人员类别、劳动合同期限、补贴月份", True, True),
        ("劳动合同", "与招用人员签订的一年及以上期限劳动合同", True, False),
        ("工资发放凭证", "按月足额发放不低于最低工资标准1.2倍工资的银行代发记录", True, False),
    ]),
    ("OP2", "labour-service", "enterprise", "always", [
        ("稳定就业岗位措施", "本单位制定的稳定就业岗位措施", True, True),
        ("财务报表", "2018年、2019年度及2020年一季度财务报表（利税、利润）", True, False),
    ]),
    ("OP3", "labour-service", "enterprise", "on_doubt", [
        ("社会保险费缴费凭证", "2020年2月至4月单位实际缴纳养老、医疗、失业保险费的凭证", True, False),
    ]),
    ("OP4", "public-service", "agency", "never", [
        ("推荐成功上岗人员名单", "经重点企业和本机构双方确认的人员名单", True, True),
        ("薪酬证明或劳务协议", "重点企业支付劳动者薪酬证明，或劳动者与重点企业签订的劳务协议", True, False),
    ]),
    ("OP5", "employment-fund", "enterprise", "never", [
        ("人员名册", "2020年1月、2月社保增员人员名册", True, True),
        ("疫情防控物资企业认定材料", "相关部门出具的认定文件", True, False),
    ]),
    ("OP6", "vocational-skills", "enterprise", "never", [
        ("培训方案", "培训岗位名称、培训时间地点、课程内容及课时、培训方式、人数及批次、师资", True, True),
        ("学员花名册", "参训职工姓名、身份证号码、累计课时", True, True),
        ("委托培训协议", "委托院校或培训机构开展培训的，须提交培训协议", False, False),
        ("培训效果情况", "培训效果评估或总结", True, False),
        ("培训课时相关材料", "与培训方案对应的考勤记录、截图、照片等", True, False),
    ]),
    ("N14", "labour-service", "enterprise", "never", [
        ("本区户籍农村劳动力名册", "安置的本区户籍农村劳动力名单及劳动合同", True, True),
    ]),
]


def seed(apps, schema_editor):
    Department = apps.get_model("accounts", "Department")
    SubsidyType = apps.get_model("subsidies", "SubsidyType")
    MaterialRequirement = apps.get_model("subsidies", "MaterialRequirement")
    for policy, dept, kind, municipal, checklist in TYPES:
        subsidy, created = SubsidyType.objects.get_or_create(
            policy=policy,
            defaults={
                "department": Department.objects.get(code=dept),
                "applicant_kind": kind,
                "municipal_review": municipal,
                "commitment": COMMITMENT,
            },
        )
        if created:
            for order, (name, description, required, essential) in enumerate(checklist, start=1):
                MaterialRequirement.objects.create(
                    subsidy_type=subsidy, name=name, description=description, required=required,
                    essential=essential, order=order,
                )


class Migration(migrations.Migration):
    dependencies = [("subsidies", "0001_initial"), ("accounts", "0002_seed_departments")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

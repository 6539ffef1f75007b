"""The 办事指南 of every service, as data: conditions, materials, deadlines, how to apply and whom to
contact, each taken from the notice (``/work/shared/seeds``: 附件1 操作流程, 附件2, 附件3, 附件4, 附件5)
with the clause it comes from. Where the notice names no phone or address, the guide says
``以主管部门公布为准`` rather than invent one.

Materials checklists that administrators keep in the admin (subsidy types, permit types) are
shown next to the notice's text, so the guide and the application form never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, reverse

#: what the guide says where the notice gives no phone, address or deadline
ANNOUNCED = "以主管部门公布为准"


@dataclass(frozen=True)
class Contact:
    department: str
    phone: str = ANNOUNCED
    address: str = ANNOUNCED
    #: (what the mailbox is for, address)
    emails: tuple[tuple[str, str], ...] = ()
    #: the clause that names this contact
    source: str = ""


@dataclass(frozen=True)
class Guide:
    slug: str
    title: str
    #: the clauses of the notice the guide follows
    clauses: str
    summary: str
    conditions: tuple[str, ...]
    materials: tuple[str, ...]
    deadlines: tuple[str, ...]
    process: tuple[str, ...]
    contact: Contact
    #: the page where the service is used (URL name, args)
    apply: tuple[str, tuple[str, ...]] = ("", ())
    apply_label: str = "去办理"
    #: admin checklists shown with the materials: ("subsidy", policy) or ("permit", kind)
    checklist: tuple[str, str] = ("", "")
    who: str = ""
    amounts: tuple[str, ...] = field(default_factory=tuple)
    #: where to apply on the bureau's own sites: (name, address), as the notice prints them
    online: tuple[tuple[str, str], ...] = ()


# the contacts as the notice prints them (附件1 操作流程 二(一)–(六) 5./6., 附件3, 附件4)
SERVICE_CENTRE = Contact(
    "朝阳区劳动服务管理中心", "67364754", "将台路5号院15号楼D座1A层", source="附件1 操作流程 二(一)5、二(二)5、二(三)6"
)
PUBLIC_SERVICE = Contact(
    "朝阳区人力资源公共服务中心", "57596213", "将台路5号院15号楼D座", source="附件1 操作流程 二(四)5"
)
FUNDS = Contact("朝阳区人力社保局就业资金管理科", "65090439", "八里庄南里21号院", source="附件1 操作流程 二(五)4")
SKILLS = Contact("朝阳区人力社保局职业能力建设科", "65090441", "八里庄南里21号院", source="附件1 操作流程 二(六)6")
LABOUR_RELATIONS_ADDRESS = "北京市朝阳区八里庄南里21号院 劳动关系科（邮编：100025）"
PERMITS = Contact(
    "朝阳区人力资源和社会保障局劳动关系科",
    "65090452、65090450",
    LABOUR_RELATIONS_ADDRESS,
    (("劳务派遣业务受理邮箱", "cylwpqsq@126.com"), ("特殊工时业务受理邮箱", "cytsgssq@163.com")),
    source="附件3 一、二、五",
)
LAYOFFS = Contact(
    "朝阳区人力资源和社会保障局劳动关系科",
    "65090451",
    LABOUR_RELATIONS_ADDRESS,
    source="附件4【联系电话】；地址见附件3 二",
)
DEFERRAL = Contact("市级相关行业主管部门（确认行业）；各区社会保险经办机构（补缴）", source="附件5 三(三)、二(二)3")
ONLINE_SUBSIDY = "北京市人力资源和社会保障局官网“法人办事”"
BUREAU_SITE = (("北京市人力资源和社会保障局官网", "http://www.rsj.beijing.gov.cn"),)

GUIDES: tuple[Guide, ...] = (
    Guide(
        slug="op1",
        title="岗位补贴和社会保险补贴",
        clauses="N3；附件1 操作流程 二(一)（OP1）",
        who="招用本市登记失业人员和城乡就业困难人员的用人单位",
        summary="用人单位招用本市登记失业人员和城乡就业困难人员，可按规定申请岗位补贴、社会保险补贴。",
        conditions=(
            "招用本市登记失业人员和城乡就业困难人员（OP1.1(1)）；",
            "依法签订一年及以上期限劳动合同且按规定缴纳职工社会保险费（OP1.1(2)）；",
            "按月足额发放不低于本市职工最低工资标准1.2倍的工资（OP1.1(3)）。",
        ),
        amounts=(
            "招用“4050”人员、低保人员、初次进京随军家属、登记失业1年以上人员、“零就业家庭”劳动力、低收入农户劳动力等："
            "劳动合同期限内最长不超过五年，岗位补贴每人每年8000元，并给予社会保险补贴（OP1.2(1)）；",
            "招用本市其他登记失业人员：劳动合同期限内最长不超过三年的社会保险补贴（OP1.2(2)）；",
            "已享受一次性社会保险补贴的，核减已享受的相应补贴（OP1.2(3)）。",
        ),
        materials=("招用人员名册及劳动合同、社会保险缴费、工资发放情况，按申报系统提示提交。",),
        deadlines=("履行劳动合同且实际缴纳社会保险费每满半年或一年的，可于次月起90日内提出申请（OP1.3）。",),
        process=(f"登录{ONLINE_SUBSIDY}-“用人单位岗补社补”申请（OP1.4）；本平台亦可在线申请。",),
        contact=SERVICE_CENTRE,
        apply=("subsidies:apply_new", ("OP1",)),
        checklist=("subsidy", "OP1"),
        online=BUREAU_SITE,
    ),
    Guide(
        slug="op2",
        title="困难企业失业保险费返还",
        clauses="N1；附件1 操作流程 二(二)（OP2）",
        who="受疫情影响较大、面临暂时性生产经营困难且恢复有望、坚持不裁员或少裁员的参保企业",
        summary="按6个月的2019年度本市月人均失业保险金标准和企业参保职工人数返还失业保险费。",
        conditions=(
            "参加失业保险并足额缴纳失业保险费12个月以上；2019年度未裁员或裁员率低于5.2%；未被列入严重违法失信企业名单（OP2.1(1)）；",
            "2019年度利税总额同比下降50%以上，连续两个季度出现亏损，且2020年第一季度出现亏损（OP2.1(2)）；",
            "制定了稳定就业岗位措施（OP2.1(3)）。",
        ),
        amounts=("按6个月的2019年度本市月人均失业保险金标准和企业参保职工人数确定（OP2.2）。",),
        materials=("稳定就业岗位措施等材料，按申报系统提示提交。",),
        deadlines=("2020年4月1日至7月31日（OP2.3）。",),
        process=(f"登录{ONLINE_SUBSIDY}-“企业失业保险返还”提出申请，经市审核小组联审通过（OP2.4）。",),
        contact=SERVICE_CENTRE,
        apply=("subsidies:apply_new", ("OP2",)),
        checklist=("subsidy", "OP2"),
        online=BUREAU_SITE,
    ),
    Guide(
        slug="op3",
        title="一次性社会保险补贴",
        clauses="N2；附件1 操作流程 二(三)（OP3）",
        who="受疫情影响较大、符合首都功能定位和产业发展方向的中小微企业",
        summary="截至4月底职工平均人数与上年相比持平或增长的，一次性给予3个月实际缴纳社会保险费一定比例的补贴。",
        conditions=(
            "2020年前4个月月均缴纳失业保险费人数不少于2019年月均人数（OP3.1(1)）；",
            "不在北京市禁限目录内，符合中小微企业划型标准（工信部联企业〔2011〕300号）（OP3.1(2)）；",
            "非国有企业，注册在“中关村一区十六园”、“三城一区”或属于十大高精尖产业（OP3.1(3)）。",
        ),
        amounts=(
            "人数持平或增长20%（不含）以内：3个月实际缴纳社会保险费的30%；增长20%及以上：50%（OP3.2(1)(2)）；",
            "最高补贴6315元/人（OP3.2(3)）；补贴期限为2020年2月至4月（OP3.3）。",
        ),
        materials=("按申报系统提示提交；补贴金额以社会保险费征收机构核定的单位缴费金额为准。",),
        deadlines=("2020年5月1日至7月31日（OP3.4）。",),
        process=(
            f"登录{ONLINE_SUBSIDY}-“一次性社会保险补贴”提出申请，区人力社保部门审核，有疑问的报市审核小组联审（OP3.5）。",
        ),
        contact=SERVICE_CENTRE,
        apply=("subsidies:apply_new", ("OP3",)),
        checklist=("subsidy", "OP3"),
        online=BUREAU_SITE,
    ),
    Guide(
        slug="op4",
        title="一次性就业创业服务补助",
        clauses="N5；附件1 操作流程 二(四)（OP4）",
        who="疫情防控期间为重点企业提供职业介绍服务的经营性人力资源服务机构",
        summary="为在“就业超市”发布“急聘”公告的重点企业推荐成功上岗的，按人数给予一次性补助。",
        conditions=(
            "服务的重点企业须在疫情防控期间在“就业超市”平台首页发布“急聘”公告（OP4.1(1)）；",
            "推荐成功上岗的人员名单经重点企业和人力资源服务机构双方确认，并有薪酬支付证明或劳务协议（OP4.1(2)）。",
        ),
        amounts=("推荐成功上岗50人（含）以上补助2.4万元；100人（含）以上4.5万元；200人（含）以上9万元（OP4.2）。",),
        materials=("双方确认的人员名单；重点企业支付劳动者薪酬证明，或劳动者与重点企业签订的劳务协议（OP4.1(2)）。",),
        deadlines=("疫情防控工作结束后开始申请（OP4.3），开放日期由主管部门公布。",),
        process=(
            "登录北京市人力资源和社会保障局“就业超市”平台，点击一次性就业创业服务补助申请（OP4.4）；"
            "本平台在“推荐上岗”中登记并由重点企业确认。",
        ),
        online=(("“就业超市”平台", "http://fuwu.rsj.beijing.gov.cn/jycy/jycs/index.html"),),
        contact=PUBLIC_SERVICE,
        apply=("placements:list", ()),
        checklist=("subsidy", "OP4"),
    ),
    Guide(
        slug="op5",
        title="一次性吸纳就业补贴",
        clauses="N7；附件1 操作流程 二(五)（OP5）",
        who="春节期间（截至2020年2月9日）开工生产、配送疫情防控急需物资且经相关部门认定的企业",
        summary="根据2020年1月、2月社保增员人数，按1000元/人给予一次性吸纳就业补贴。",
        conditions=("春节期间（截至2020年2月9日）开工生产、配送疫情防控急需物资，且经相关部门认定（OP5.1）。",),
        amounts=("按2020年1月、2月社保增员人数，1000元/人（OP5.2）。",),
        materials=("人员名册（OP5.3）。",),
        deadlines=(f"通知未规定申请时限，{ANNOUNCED}。",),
        process=(
            "将人员名册报送朝阳区人力资源和社会保障局，经认定审核并报市人力资源和社会保障局批准后拨付（OP5.3）。",
        ),
        contact=FUNDS,
        apply=("subsidies:apply_new", ("OP5",)),
        checklist=("subsidy", "OP5"),
    ),
    Guide(
        slug="op6",
        title="职业技能培训补贴",
        clauses="N4；附件1 操作流程 二(六)（OP6）",
        who="享受了困难企业失业保险费返还或一次性社会保险补贴的企业",
        summary="2020年组织职工（含待岗人员）参加职业技能培训累计不低于40课时的，按每人1000元给予一次性培训补贴。",
        conditions=(
            "已享受困难企业失业保险费返还或一次性社会保险补贴；",
            "2020年组织职工参加培训累计不低于40课时（每课时45分钟），线上培训可累计计算；",
            "申领时参加培训的职工仍在本企业就业；不得与其他培训补贴政策重复申领（OP6.4）。",
        ),
        amounts=("每人1000元（OP6）。",),
        materials=(
            "培训方案（培训岗位名称、培训时间地点、课程内容及课时、培训方式、培训人数及批次、培训师资等）；",
            "学员花名册；委托培训协议（委托培训的）；培训效果情况；",
            "培训课时相关材料（考勤记录、相应截图、照片等）；对补贴条件和所填信息真实性作出承诺（OP6.5）。",
        ),
        deadlines=(f"培训须在2020年内组织；通知未规定申领截止日期，{ANNOUNCED}。",),
        process=("登录市人力资源社会保障局官网“职业技能提升行动”模块申请培训补贴（OP6.5）。",),
        contact=SKILLS,
        apply=("subsidies:apply_new", ("OP6",)),
        checklist=("subsidy", "OP6"),
        online=BUREAU_SITE,
    ),
    Guide(
        slug="dispatch",
        title="劳务派遣行政许可",
        clauses="附件3 一至五（D1–D5）",
        who="经营劳务派遣业务的单位（新申请、变更、延续、注销）",
        summary="疫情防控期间网上办理：先报送PDF电子材料，审核合格后寄送纸质材料，经核查后审批发证。",
        conditions=("按材料清单提交完整材料；需现场核查的，核查合格后审批（D3）。",),
        materials=(
            "按材料清单将纸质材料制作成PDF电子版，文件名为“单位名称+业务名称”（例：某某公司+新申请劳务派遣行政许可）（D1）；",
            "电子材料审核合格后寄送纸质材料：每页加盖公章，2页及以上加盖骑缝章；封装袋注明单位名称、申请业务事项、发件人姓名、北京号段的联系方式（D2）。",
        ),
        deadlines=(f"通知未规定办理时限，{ANNOUNCED}。",),
        process=(
            "发送电子材料至劳务派遣业务受理邮箱（见下方联系方式），或在本平台在线提交（D1）；",
            "收到“电子材料审核合格”后寄送纸质材料至劳动关系科（D2）；",
            "需现场核查的另行约定时间（D3）；许可结果在“双公示信息”页面公示，分批领取纸质结果（D4）；",
            "确需现场办理的，请先电话预约（D5）。",
        ),
        contact=PERMITS,
        apply=("permits:new", ()),
        checklist=("permit", "dispatch"),
    ),
    Guide(
        slug="hours",
        title="特殊工时工作制审批（综合计算工时、不定时工作制）",
        clauses="N6；附件3 一至五（D1–D5）",
        who="受疫情影响、需要执行综合计算工时或不定时工作制的企业",
        summary="受疫情影响的企业可申请执行综合计算工时制度，按生产经营需要实行轮岗调休（N6）；疫情防控期间网上办理。",
        conditions=("按材料清单提交完整材料；需现场核查的，核查合格后审批（D3）。",),
        materials=(
            "按材料清单将纸质材料制作成PDF电子版，文件名为“单位名称+业务名称”（例：某某公司+不定时工作制）（D1）；",
            "电子材料审核合格后寄送纸质材料：每页加盖公章，2页及以上加盖骑缝章；封装袋注明单位名称、申请业务事项、发件人姓名、北京号段的联系方式（D2）。",
        ),
        deadlines=(f"通知未规定办理时限，{ANNOUNCED}。",),
        process=(
            "发送电子材料至特殊工时业务受理邮箱（见下方联系方式），或在本平台在线提交（D1）；",
            "收到“电子材料审核合格”后寄送纸质材料至劳动关系科（D2）；",
            "需现场核查的另行约定时间（D3）；许可结果在“双公示信息”页面公示，分批领取纸质结果（D4）。",
        ),
        contact=PERMITS,
        apply=("permits:new", ()),
        checklist=("permit", "hours"),
    ),
    Guide(
        slug="layoff",
        title="企业裁减人员报告",
        clauses="附件4（L）；《中华人民共和国劳动合同法》",
        who="需要裁减人员二十人以上，或裁减不足二十人但占企业职工总数百分之十以上的用人单位",
        summary="提前三十日向工会或全体职工说明情况、听取意见后，将裁减人员方案向劳动行政部门报告，劳动关系科出具《收悉证明》。",
        conditions=(
            "裁减人员二十人以上，或裁减不足二十人但占企业职工总数百分之十以上（L.cond）；",
            "属于下列情形之一：依照企业破产法规定进行重整；生产经营发生严重困难；企业转产、重大技术革新或者经营方式调整，"
            "经变更劳动合同后仍需裁减人员；其他因劳动合同订立时所依据的客观经济情况发生重大变化致使劳动合同无法履行（L.circ(1)–(4)）；",
            "提前三十日向工会或者全体职工说明情况，听取意见（L.cond）；因疫情暂不能返岗的职工不得列入裁减名单（N17）。",
        ),
        materials=(
            "企业法人营业执照副本复印件（分支机构应有法人授权的决定）；",
            "企业实施裁员适用法律法规的情况说明；裁减时间及实施步骤；被裁减人员的经济补偿办法和标准；",
            "被裁减人员名单（姓名、户籍、岗位、劳动合同期限等）；工会或者全体劳动者的意见（没有工会的提供会议纪要、员工签字单）；",
            "经办人员委托书、经办人身份证复印件；国家和本市规定的其他需要报告事项（L.mat(1)–(8)）；",
            "纸张均使用A4纸，每张加盖公章；材料1页以上的加盖骑缝章（L.fmt）。",
        ),
        deadlines=("裁减前须提前三十日向工会或全体职工说明情况（L.cond）。",),
        process=(
            "将所需材料报送朝阳区人力资源和社会保障局劳动关系科，由劳动关系科出具《收悉证明》（L.flow）；本平台可在线填报。",
        ),
        contact=LAYOFFS,
        apply=("layoffs:list", ()),
        apply_label="去填报",
    ),
    Guide(
        slug="deferral",
        title="延长社会保险缴费",
        clauses="附件5 一至四（I1–I4）",
        who="本市正常参保缴费的参保单位和灵活就业人员；延长至7月底限十个行业且经市级行业主管部门确认的企业",
        summary="职工养老、失业、工伤、职工医疗（含生育）保险可延长缴费；在规定期限内补缴不收滞纳金、不影响权益记录。",
        conditions=(
            "延长至3月底：本市正常参保缴费的参保单位、灵活就业人员，未能按时缴纳2020年1月、2月社会保险费的（I2）；",
            "延长至7月底：属于旅游、住宿、餐饮、会展、商贸流通、交通运输、教育培训、文艺演出、影视剧院、冰雪体育行业，"
            "经市级相关行业主管部门确认，且2019年12月（不含）前不存在未按时缴费（或已补齐）的企业（I3）。",
        ),
        materials=("网上申请，按要求填写相关信息（I3）。",),
        deadlines=(
            "延长至7月底的申请：2020年2月17日至3月20日（I3）；",
            "延长缴纳的社会保险费应在疫情解除后三个月内补缴；逾期补缴收取滞纳金（I2、I4）。",
        ),
        process=(
            "登录“北京市社会保险网上服务平台”，选择“我要申请延长缴费”（I3）；",
            "申请信息转市级相关行业主管部门确认，按确认名单统一延长缴费至7月底（I3）；本平台可在线申请并查看确认结果。",
        ),
        contact=DEFERRAL,
        online=(("北京市社会保险网上服务平台", "http://fuwu.rsj.beijing.gov.cn/csibiz/home/"),),
        apply=("deferral:status", ()),
    ),
    Guide(
        slug="jobs",
        title="岗位发布与急聘",
        clauses="N5、N17；附件2 一、二（S1、S2）",
        who="用人单位；街乡工作人员可代辖区企业发布",
        summary="重点企业用工需求归集到“就业超市”的“急聘”模块；招聘信息不得拒绝招录疫情严重地区劳动者。",
        conditions=(
            "不得发布拒绝招录疫情严重地区劳动者的招聘信息，不得以来自疫情严重地区为由拒绝招用（N17）；",
            "保障疫情防控、城市公共运行、群众生活必需的重点企业，用工需求可发布在“急聘”栏目（N5）。",
        ),
        materials=("岗位名称、描述、人数、薪酬、工作地点、工作时间、联系人和联系电话、截止日期。",),
        deadlines=("按岗位填报的截止日期下架。",),
        process=("在本平台发布岗位，经用语检查和审核后公开；街乡可批量导入空岗信息（S2）。",),
        contact=PUBLIC_SERVICE,
        apply=("jobs:new", ()),
        apply_label="去发布",
    ),
    Guide(
        slug="placements",
        title="推荐上岗确认",
        clauses="N5；附件1 操作流程 二(四)1(2)（OP4.1(2)）",
        who="经营性人力资源服务机构（申报）和重点企业（确认）",
        summary="人力资源服务机构为重点企业推荐成功上岗的人员，经双方确认后计入一次性就业创业服务补助人数。",
        conditions=(
            "岗位须为重点企业在疫情防控期间发布的“急聘”岗位（OP4.1(1)）；",
            "人员名单经重点企业及人力资源服务机构双方确认（OP4.1(2)）。",
        ),
        materials=("劳动者姓名、身份证号码、上岗日期；重点企业支付劳动者薪酬证明或劳务协议（PDF）（OP4.1(2)）。",),
        deadlines=("补助申请在疫情防控工作结束后开始（OP4.3）。",),
        process=("机构在本平台申报推荐上岗，重点企业确认或提出异议，人力资源公共服务中心查看汇总。",),
        contact=PUBLIC_SERVICE,
        apply=("placements:new", ()),
        apply_label="去申报",
    ),
    Guide(
        slug="internship",
        title="就业见习基地申报",
        clauses="N9；附件2 三（S3）",
        who="有阶段性用工需求、可提供见习岗位的用人单位",
        summary="鼓励用工企业申报北京市未就业高校毕业生就业见习基地，通过招用见习人员满足阶段性用工需求。",
        conditions=(f"认定条件{ANNOUNCED}（通知未列明）。",),
        materials=("拟提供的见习岗位名称和可接收见习人数；其他材料" + ANNOUNCED + "。",),
        deadlines=(f"通知未规定申报时限，{ANNOUNCED}。",),
        process=("在本平台提交见习基地申请，人力资源公共服务中心审核；认定后可发布见习岗位（S3）。",),
        contact=PUBLIC_SERVICE,
        apply=("placements:base_new", ()),
        apply_label="去申报",
    ),
    Guide(
        slug="unemployment",
        title="失业登记",
        clauses="N8",
        who="在本市处于无业状态、有劳动能力和就业要求的劳动年龄内人员",
        summary="通过网上办理失业登记，无需到窗口；证明材料暂缺的可容缺办理，在规定期限内补交（N8）。",
        conditions=(
            f"劳动年龄内、有劳动能力和就业要求、处于无业状态；具体认定条件{ANNOUNCED}；",
            "本人实名注册，身份证号码经校验（N8）。",
        ),
        materials=(
            "本人身份证件信息；原工作单位、离职日期和原因、求职意向；",
            "解除或终止劳动合同证明（PDF），暂缺的可容缺办理，登记后补交（N8）。",
        ),
        deadlines=(f"容缺材料在街乡告知的期限内补交；其他时限{ANNOUNCED}。",),
        process=(
            "在“北京人社”等渠道或本平台在线办理失业登记（N8）；",
            "户籍或居住地街道（乡镇）社会保障事务所网上确认；确认后可获得岗位推荐和职业指导，"
            "用人单位招用后办理就业登记，失业登记随之终止。",
        ),
        contact=Contact("所在街道（乡镇）社会保障事务所", source="N8（通知未列明联系电话和地址）"),
        apply=("individuals:register", ()),
        apply_label="去登记",
    ),
    Guide(
        slug="benefit",
        title="失业保险金申领",
        clauses="N8；《失业保险条例》第十四条、第十七条",
        who="已办理失业登记、符合失业保险金领取条件的失业人员",
        summary="网上申领失业保险金（N8），按累计缴费年限确定最长领取期限，按月发放。",
        conditions=(
            "按照规定参加失业保险，所在单位和本人已按照规定履行缴费义务满1年（《失业保险条例》第十四条）；",
            "非因本人意愿中断就业；已办理失业登记，并有求职要求（《失业保险条例》第十四条）。",
        ),
        amounts=(
            "累计缴费满1年不足5年的，最长领取12个月；满5年不足10年的，最长18个月；10年以上的，最长24个月（《失业保险条例》第十七条）；",
            f"每月领取标准按本市规定执行，{ANNOUNCED}。",
        ),
        materials=("已确认的失业登记；累计缴费年限等申领信息，按页面提示填写。",),
        deadlines=(f"通知未规定申领时限，{ANNOUNCED}。",),
        process=(
            "在“北京人社”等渠道或本平台在线申领（N8）；",
            "街道（乡镇）社会保障事务所审核，核准后按月发放，本人可查看发放计划和记录。",
        ),
        contact=Contact("所在街道（乡镇）社会保障事务所", source="N8（通知未列明联系电话和地址）"),
        apply=("individuals:claim_new", ()),
        apply_label="去申领",
    ),
    Guide(
        slug="hardship",
        title="就业困难人员认定",
        clauses="N13、N15",
        who="有劳动能力和就业要求、因身体状况、技能水平、家庭因素等原因难以实现就业的本市人员",
        summary="经认定的就业困难人员可享受灵活就业社会保险补贴（N13）和公益性岗位托底安置（N15）。",
        conditions=(
            "属于大龄、残疾、零就业家庭、低保家庭、长期失业、失地农转居等就业困难人员类别之一；"
            f"具体认定标准{ANNOUNCED}（N13、N15）。",
        ),
        materials=("本人身份信息；所属类别的证明材料（PDF），按页面提示提交。",),
        deadlines=(f"通知未规定认定时限，{ANNOUNCED}。",),
        process=(
            "在本平台在线申请，选择类别并上传证明材料；",
            "所在街道（乡镇）审核后予以认定或不予认定并说明理由，结果在“我的办事”中查看。",
        ),
        contact=Contact("所在街道（乡镇）社会保障事务所", source="N13、N15（通知未列明联系电话和地址）"),
        apply=("assistance:apply", ()),
        apply_label="去申请",
    ),
    Guide(
        slug="flexible",
        title="灵活就业社会保险补贴",
        clauses="N13",
        who="经认定、以灵活就业形式实现就业并缴纳社会保险费的就业困难人员",
        summary="鼓励劳动者通过临时性、非全日制、弹性工作等形式就业，对符合规定的就业困难人员给予灵活就业社会保险补贴（N13）。",
        conditions=(
            "已经认定为就业困难人员（N13）；",
            "以灵活就业形式实现就业，并按月实际缴纳社会保险费（N13）。",
        ),
        amounts=(
            "按实际缴纳社会保险费的一定比例补贴，补贴期限有上限；"
            f"标准和期限按《就业补助资金管理办法》等规定执行，{ANNOUNCED}。",
        ),
        materials=("补贴月份及该月实际缴纳的社会保险费，按页面提示填写。",),
        deadlines=(f"按月申领；申领时限{ANNOUNCED}。",),
        process=("在本平台按月申领，所在街道（乡镇）审核后拨付，本人可查看每月金额和状态。",),
        contact=Contact("所在街道（乡镇）社会保障事务所", source="N13（通知未列明联系电话和地址）"),
        apply=("assistance:index", ()),  # the monthly claim form is on the person's 就业援助 page
        apply_label="去申领",
    ),
    Guide(
        slug="welfare",
        title="公益性岗位安置",
        clauses="N15",
        who="无法实现市场就业的就业困难人员",
        summary="加大就业援助力度，对无法实现市场就业的就业困难人员，符合条件的由公益性就业岗位托底安置（N15）。",
        conditions=(
            "已经认定为就业困难人员，且无法实现市场就业（N15）；",
            "岗位由所在街道（乡镇）开发，尚有空缺，本人未在其他公益性岗位在岗。",
        ),
        materials=(f"无需另行提交；街道（乡镇）按认定情况和求职意向推荐，其他材料{ANNOUNCED}。",),
        deadlines=(f"安置期限按岗位约定；其他时限{ANNOUNCED}。",),
        process=(
            "所在街道（乡镇）发布公益性岗位，从本街乡已认定人员中推荐并安置；",
            "在岗期间按月记录出勤，期满或离岗时结束安置，本人在“就业援助”中查看。",
        ),
        contact=Contact("所在街道（乡镇）社会保障事务所", source="N15（通知未列明联系电话和地址）"),
        apply=("assistance:index", ()),
        apply_label="查看就业援助",
    ),
    Guide(
        slug="loan-extension",
        title="创业担保贷款展期",
        clauses="N16",
        who="已获得个人创业担保贷款、患新型冠状病毒感染肺炎的借款人",
        summary="借款人患新型冠状病毒感染肺炎的，可向贷款银行申请展期还款，财政部门继续给予贴息支持（N16）。",
        conditions=("已发放个人创业担保贷款；借款人患新型冠状病毒感染肺炎（N16）。",),
        amounts=("展期期限原则上不超过1年；展期期间财政部门继续给予贴息（N16）。",),
        materials=("患病证明（PDF），按页面提示上传。",),
        deadlines=(f"通知未规定申请时限，{ANNOUNCED}。",),
        process=("在本平台向贷款银行提出展期申请并上传证明；贷款银行确认后还款日顺延，贴息计划相应延长（N16）。",),
        contact=Contact("贷款银行", source="N16（通知未列明联系电话和地址）"),
        apply=("loans:index", ()),
        apply_label="查看我的贷款",
    ),
    Guide(
        slug="loan-green",
        title="创业担保贷款绿色通道",
        clauses="N16",
        who="受疫情影响暂时失去收入来源的个人和小微企业",
        summary="对受疫情影响暂时失去收入来源、符合借款人条件的个人和小微企业，开通绿色通道，优先办理贷款担保和贷款发放（N16）。",
        conditions=(
            "受疫情影响暂时失去收入来源（N16）；",
            f"符合创业担保贷款借款人条件（贷款额度和期限等{ANNOUNCED}）（N16）。",
        ),
        materials=("申请人信息、申请金额和期限、受疫情影响情况说明，按页面提示填写。",),
        deadlines=(f"通知未规定申请时限，{ANNOUNCED}。",),
        process=("在本平台申请贷款担保；符合绿色通道条件的优先审核，审核通过后由贷款银行办理发放（N16）。",),
        contact=Contact("创业担保贷款担保机构及经办银行", source="N16（通知未列明联系电话和地址）"),
        apply=("loans:apply", ()),
        apply_label="去申请",
    ),
    Guide(
        slug="graduates",
        title="毕业生不见面签约",
        clauses="N9",
        who="高校毕业生、招用毕业生的用人单位和毕业生所在高校",
        summary="疫情期间推动“不见面”签署就业协议，适当延长签约录取、就业报到等办理时间（N9）。",
        conditions=("毕业生、用人单位、高校三方在线确认就业协议；每名毕业生同时只能有一份有效协议（N9）。",),
        materials=("用人单位填写岗位、毕业生姓名和身份证号码；毕业生和高校在线确认，无需纸质材料（N9）。",),
        deadlines=(f"签约录取、就业报到等时间适当延长（N9），具体日期{ANNOUNCED}。",),
        process=(
            "用人单位在本平台向毕业生发出录用；",
            "毕业生在线接受，所在高校在线确认后生成三方协议（PDF，可在“文书核验”中核验）（N9）。",
        ),
        contact=Contact(
            "毕业生所在高校就业指导部门；朝阳区人力资源公共服务中心", source="N9；附件2 三（通知未列明联系电话和地址）"
        ),
        apply=("graduates:index", ()),
        apply_label="去签约",
    ),
    Guide(
        slug="training",
        title="线上职业技能培训",
        clauses="N11；附件1 操作流程 二(六)3（OP6）",
        who="参加线上培训的劳动者，组织培训的培训机构和企业",
        summary="疫情期间支持鼓励劳动者参与线上职业技能培训，培训机构暂停集中现场培训，通过在线直播、视频录播等形式开展教学（N11）。",
        conditions=(
            "培训机构或企业依托自有网站或第三方平台开展线上教学（N11）；",
            "平台具备学员信息管理、实时查看、培训统计、数据导出功能，能记录培训过程；线上培训可累计计算课时，每课时45分钟（OP6）。",
        ),
        materials=("学员姓名和身份证号码（由培训机构或企业登记）；委托培训的，提供委托培训协议（OP6.5）。",),
        deadlines=("疫情结束前暂停集中开展现场培训（N11）；企业申领培训补贴须在2020年内组织培训（OP6）。",),
        process=(
            "培训机构或企业开设课程、上传录播课程并登记学员；",
            "学员登录后在线学习，平台按实际观看时长记录课时；企业可据此申请职业技能培训补贴（OP6）。",
        ),
        contact=SKILLS,
        apply=("training:home", ()),
        apply_label="去学习",
    ),
)

BY_SLUG = {g.slug: g for g in GUIDES}
INDIVIDUAL_SERVICES = (
    "unemployment",
    "benefit",
    "hardship",
    "flexible",
    "welfare",
    "loan-extension",
    "loan-green",
    "graduates",
    "training",
)
GROUPS: tuple[tuple[str, str, tuple[Guide, ...]], ...] = (
    ("subsidies", "补贴申请", tuple(g for g in GUIDES if g.slug.startswith("op"))),
    ("permits", "行政许可与报告", tuple(BY_SLUG[s] for s in ("dispatch", "hours", "layoff", "deferral"))),
    ("jobs", "招聘与就业服务", tuple(BY_SLUG[s] for s in ("jobs", "placements", "internship"))),
    ("individuals", "个人服务与就业援助", tuple(BY_SLUG[s] for s in INDIVIDUAL_SERVICES)),
)


def may_use(guide: Guide, user: Any) -> bool:
    """Whether the service's page is for this person: a signed-out visitor is offered it (the page
    asks them to sign in); a signed-in one only when their role may use it (no link to a 403)."""
    if not user.is_authenticated:
        return True
    source, key = guide.checklist
    if source == "subsidy" and key != "OP4":
        from wengang.accounts.permissions import can_apply
        from wengang.subsidies.models import SubsidyType

        kind = SubsidyType.objects.filter(policy=key).first()
        return kind is not None and can_apply(user, kind)
    check = _checks().get(guide.slug)
    return bool(check(user)) if check else False


def _checks() -> dict[str, Any]:
    """Who may use each service's page (imported here: the apps' modules import nothing from this one)."""
    from wengang.assistance import permissions as assistance
    from wengang.deferral.permissions import can_view_deferral_status
    from wengang.graduates import permissions as graduates
    from wengang.individuals import permissions as individuals
    from wengang.jobs.permissions import can_post
    from wengang.layoffs.permissions import can_file_report
    from wengang.loans import permissions as loans
    from wengang.permits.permissions import can_apply_for_permit
    from wengang.placements.permissions import can_apply_for_base, can_declare_placement
    from wengang.training.permissions import may_run_courses

    def learns(user: Any) -> bool:
        """Schools and firms running courses, and trainees with an enrolment (matched by ID number)."""
        from wengang.training.services import enrolments_of

        return may_run_courses(user) or enrolments_of(user).exists()

    return {
        "op4": can_declare_placement,
        "dispatch": can_apply_for_permit,
        "hours": can_apply_for_permit,
        "layoff": can_file_report,
        "deferral": can_view_deferral_status,
        "jobs": can_post,
        "placements": can_declare_placement,
        "internship": can_apply_for_base,
        "unemployment": individuals.is_individual,
        "benefit": individuals.is_individual,
        "hardship": assistance.can_apply,
        "flexible": assistance.can_apply,
        "welfare": assistance.can_use,
        "loan-extension": loans.is_borrower_side,
        "loan-green": loans.is_borrower_side,
        "graduates": graduates.can_list_agreements,
        "training": learns,
    }


def apply_url(guide: Guide, user: Any) -> str:
    """The service's own page, for those who may use it; empty otherwise."""
    name, args = guide.apply
    if not name or not may_use(guide, user):
        return ""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def checklists(guide: Guide) -> list[tuple[str, list[tuple[str, str, bool]]]]:
    """The materials checklists kept in the admin for this service: (heading, [(name, help, required)])."""
    source, key = guide.checklist
    if source == "subsidy":
        from wengang.subsidies.models import SubsidyType

        kinds = SubsidyType.objects.filter(policy=key).prefetch_related("requirements")
        return [
            (
                "本平台在线申请需上传的材料",
                [(r.name, r.description, r.required) for r in t.requirements.order_by("order", "id")],
            )
            for t in kinds
            if t.requirements.exists()
        ]
    if source == "permit":
        from wengang.permits.models import PermitType

        types = PermitType.objects.filter(kind=key, active=True).order_by("order", "id")
        return [
            (t.name, [(r.name, r.description, r.required) for r in t.requirements.order_by("order", "id")])
            for t in types
            if t.requirements.exists()
        ]
    return []

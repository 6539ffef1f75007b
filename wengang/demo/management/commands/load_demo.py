"""Load the demo data idempotently (run it twice and nothing is duplicated), then print the accounts."""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import import_module
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from wengang import clock
from wengang.accounts.models import User
from wengang.cases.models import Notification
from wengang.demo.data import DEFAULT_PASSWORD, DEMO_TODAY, USERS
from wengang.demo.load import DemoError, DemoReport, demo_load

CONSOLE_MAIL = "django.core.mail.backends.console.EmailBackend"
#: demo modules loaded after the service hall's data, in this order
FILINGS_AND_JOBS = (
    "layoffs", "deferral", "permits", "jobs", "keyservice", "placements",
    "assistance", "monitoring", "individuals", "graduates", "loans", "notices", "training",
)
QUIET_MAIL = "django.core.mail.backends.dummy.EmailBackend"
#: staff accounts the filings and job-market loaders create, with what each does (issue 12: the
#: account table lists every demo account that has a job to do)
FILINGS_ACCOUNTS = (
    ("laodong", "/layoffs/ 受理裁员报告、出具《收悉证明》；/permits/ 审批劳务派遣与特殊工时许可"),
    ("gonggong", "/keyservice/ 重点企业用工需求与联系记录"),
    ("gongfu", "/placements/ 确认人力资源机构的就业安置、实习基地"),
    ("kunnan", "/assistance/ 就业困难人员（已认定，公益性岗位安置）"),
    ("linghuo", "/assistance/ 就业困难人员（灵活就业社会保险补贴按月申领）"),
    ("geren2", "/individuals/ 新注册的个人，失业登记待孙河街乡确认"),
    ("geren3", "/individuals/ 个人，失业保险金按月发放中"),
    ("biyesheng", "/graduates/ 毕业生：确认用人单位的录用（N9 不见面签约）"),
    ("daikuan", "/loans/ 借款人：贷款展期与贴息计划、绿色通道申请（N16）"),
)


def default_base_url() -> str:
    """The address the printed links use: the port `make run` serves on (HOST, PORT), 8000 by default."""
    host = os.environ.get("HOST") or "127.0.0.1"
    port = os.environ.get("PORT") or "8000"
    return f"http://{host}:{port}"


def width(text: str) -> int:
    """Columns the text takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


def table(rows: list[list[str]]) -> list[str]:
    widths = [max(width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  " + "  ".join(pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    lines.insert(1, "  " + "  ".join("-" * w for w in widths))
    return lines


@contextmanager
def quiet_console_mail() -> Iterator[bool]:
    """The demo's notifications would print dozens of e-mails on the console: send them nowhere.

    A configured backend (file, SMTP) is left alone. Yields whether e-mail was silenced."""
    before = settings.EMAIL_BACKEND
    quiet = before == CONSOLE_MAIL
    if quiet:
        settings.EMAIL_BACKEND = QUIET_MAIL
    try:
        yield quiet
    finally:
        settings.EMAIL_BACKEND = before


class Command(BaseCommand):
    help = "载入演示数据：各类单位、每个角色一个账号、各种状态的申请（可重复执行，不会重复创建）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            help=f"演示数据的业务日期（默认取 WENGANG_TODAY，未设置时为 {DEMO_TODAY.isoformat()}）",
        )
        parser.add_argument(
            "--base-url",
            default=None,
            help="打印的访问地址（默认按环境变量 HOST、PORT，未设置时 http://127.0.0.1:8000）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password = os.environ.get("DEMO_PASSWORD", DEFAULT_PASSWORD)
        today: dt.date = options["today"] or (clock.today() if settings.WENGANG_TODAY else DEMO_TODAY)
        with quiet_console_mail() as quiet:
            try:
                report = demo_load(password=password, today=today)
            except DemoError as err:
                hint = f"（演示数据须在 OP2、OP3 申请期内生成；可用 --today {DEMO_TODAY.isoformat()} 指定业务日期）"
                raise CommandError(f"{err}{hint}") from err
            # the filings and the job market, each from its own module (idempotent too)
            for module in FILINGS_AND_JOBS:
                import_module(f"wengang.demo.{module}").load(self.stdout)
        self.print_report(report, password, (options["base_url"] or default_base_url()).rstrip("/"), quiet)

    def print_report(self, report: DemoReport, password: str, base_url: str, quiet_mail: bool) -> None:
        out = self.stdout.write
        created = (
            f"新建单位 {report.organisations_created} 个、账号 {len(report.users_created)} 个、"
            f"申请 {len(report.applications_created)} 件"
        )
        out(f"演示数据已就绪（{created}；已有的数据未修改）。业务日期 {report.today.isoformat()}。")
        if report.skipped:
            out(f"  以下演示申请未创建（该单位已有同期申请）：{'、'.join(report.skipped)}")
        if quiet_mail and report.applications_created:
            out("  演示申请产生的通知只写入站内信，未输出邮件。")
        out("")
        out("演示账号（每个角色一个）：")
        users = {u.username: u for u in User.objects.select_related("organisation", "department", "street")}
        rows = [["角色", "用户名", "姓名", "单位 / 部门", "未读通知", "登录后打开"]]
        for spec in USERS:
            user = users.get(spec.username)
            if user is None or not spec.featured:
                continue
            rows.append(
                [
                    user.get_role_display(),
                    user.username,
                    user.display_name,
                    _belongs_to(user),
                    str(Notification.objects.filter(user=user, read_at__isnull=True).count()),
                    spec.opens,
                ]
            )
        for username, opens in FILINGS_ACCOUNTS:
            user = users.get(username)
            if user is None:
                continue
            unread = Notification.objects.filter(user=user, read_at__isnull=True).count()
            rows.append(
                [user.get_role_display(), user.username, user.display_name, _belongs_to(user), str(unread), opens]
            )
        for line in table(rows):
            out(line)
        others = [users[s.username] for s in USERS if not s.featured and s.username in users]
        if others:
            out("")
            out("其他演示企业账号（办理了各状态的演示申请）：")
            for user in others:
                out(f"  {user.username:<8} {pad(user.display_name, 6)} {_belongs_to(user)}")
        out("")
        out(f"密码均为：{password}（取自环境变量 DEMO_PASSWORD；已存在的账号不改密码）")
        out("工作人员账号在演示中不要求动态口令（TOTP），登录后可在账号页面自行绑定。")
        if not settings.WENGANG_TODAY:
            out(
                f"注意：服务未设置 WENGANG_TODAY，将按真实日期运行；演示数据按 {report.today.isoformat()} 生成，"
                f"请以 WENGANG_TODAY={report.today.isoformat()} 启动服务，否则申请期和补正期限均已过去。"
            )
        out("")
        out("打开：")
        out(f"  {base_url}/                政策计算器")
        out(f"  {base_url}/accounts/login/  登录")
        out(f"  {base_url}/hall/apply/      服务大厅（用人单位、人力资源服务机构）")
        out(f"  {base_url}/hall/review/     审核工作台（区审核人员、市审核小组）")
        out(f"  {base_url}/admin/           管理后台（admin）")


def _belongs_to(user: User) -> str:
    if user.organisation is not None:
        return user.organisation.name
    if user.department is not None:
        return user.department.name
    if user.street is not None:
        return str(user.street)
    if user.role == "municipal":
        return "市审核小组"
    return ""

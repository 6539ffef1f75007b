"""Plain Chinese everywhere: sign in as every demo role, crawl every page it can reach from its
landing page (and the public pages), and check the visible text.

A page fails on a server error, on a link that leads its own user to a 403, on ``True/False/None``,
on snake_case identifiers and on English words outside ``ALLOWED`` in visible text (scripts, styles and
attributes are not visible), and on a date in a year other than ``YEARS``: the demo is loaded and
crawled on the service date 2020-06-01, so a record dated on the real clock (2026) shows up here.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.db import transaction
from django.test import Client, override_settings

from tests.demo_world import FAST_HASHERS, DemoSnapshot
from wengang.accounts.models import Role, User
from wengang.demo.data import USERS
from wengang.demo.management.commands.load_demo import FILINGS_ACCOUNTS

pytestmark = pytest.mark.django_db

#: applicants see no file digests (staff do, to compare a file with its copy)
APPLICANT_ROLES = {Role.ENTERPRISE, Role.AGENCY, Role.INDIVIDUAL}

#: pages per role, and of each kind (a path with its numbers taken out: /hall/review/N/): the
#: breadth-first crawl reaches every kind of page a role has within these
MAX_PAGES = 80
PER_KIND = 3
#: not crawled: the staff admin (Django's own), signing out, downloads and generated files
SKIP = re.compile(r"^/(admin/|accounts/logout|static/|media/|metrics|healthz|readyz)|\.(pdf|xlsx|csv|png|svg|zip)$|/(download|export|letter|poster|receipt|qr)")
#: English words that are fine in Chinese text: clause ids, file formats, product names
ALLOWED = {
    "OP", "PDF", "Excel", "CSV", "Parquet", "N", "I", "TOTP", "QR", "HR", "SHA", "ID", "KB", "MB",
    "WPS", "Word", "App", "APP", "Email", "IP", "URL", "GB", "SOHO", "UI", "ZIP",
    "https",  # the start of a live room's address, as the provider types it (以 https:// 开头)
}
#: a word on its own: letters inside a credit code, a document number or a file name's extension are not words
WORD = re.compile(r"(?<![A-Za-z0-9_/-])[A-Za-z]+(?![A-Za-z0-9_/-])")
#: a file name's extension (an uploaded file keeps its name)
EXTENSION = re.compile(r"\.(pdf|xlsx|xls|csv|docx?|jpe?g|png|zip)\b", re.I)
DIGEST = re.compile(r"\b[0-9a-f]{16,}\b")
PATH = re.compile(r"(?<![A-Za-z0-9])/[a-z]+/[a-z0-9/_-]*")
SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
RAW_WORDS = {"True", "False", "None", "true", "false"}
RAW = re.compile(r"\b(True|False|None|true|false)\b")
#: one clock: the demo's service date is 2020-06-01; its records, deadlines and windows fall in these years
DEMO_DAY = "2020-06-01"
#: (and the months that run on from it: a 24-month benefit schedule, a 36-month loan reach 2022–2023)
YEARS = {"2019", "2020", "2021", "2022", "2023"}
#: a visible date (2020-06-01, 2020/6/1, 2020年6月1日, 2020-06) or a document number's year (〔2020〕)
DATED = re.compile(r"(?<!\d)(\d{4})(?:-\d{1,2}(?!\d)|/\d{1,2}/\d{1,2}|年\d{1,2}月)|〔(\d{4})〕")
#: earlier dates the notice itself cites: the insured count of 2018年12月 (OP2), the SME standard
#: 工信部联企业〔2011〕300号, the late-fee rate in force since 2011-07-01
CITED = ("2018年12月", "〔2011〕", "2011-07")
#: pages that list the law's own dates: every parameter's period and source
LAW_PAGES = ("/parameters/",)


def years_off_the_clock(text: str) -> list[str]:
    """The years of visible dates that are neither the demo's (``YEARS``), a date the notice cites,
    nor an end of a period ("2017-03-01 至 2022-02-28": a labour contract, a permit's validity),
    which are facts about the world rather than times the service recorded."""
    found = []
    for match in DATED.finditer(text):
        year = match.group(1) or match.group(2)
        if year in YEARS or match.group(0).startswith(CITED):
            continue
        if match.group(2) and year < "2019":  # an earlier law's number (国发〔1978〕104号, 财社〔2017〕164号)
            continue
        before, after = text[: match.start()].rstrip(), text[match.end() :].lstrip()
        if before.endswith("至") or after.startswith(("至", "-", "/")) and "至" in after[:12]:
            continue
        found.append(year)
    return found


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Text(HTMLParser):
    """Visible text and the same-site links of one page. Clause citations (``class="clause"``: OP2.1(1),
    L.cond) are the notice's own numbering and not checked, nor is what a page marks ``translate="no"``
    (a web or e-mail address the notice prints, shown as itself)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []
        self._stack: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"] or "")
        if tag in VOID:
            return
        skipped = (
            tag in ("script", "style", "template")
            or "clause" in (attributes.get("class") or "").split()
            or attributes.get("translate") == "no"
        )
        self._stack.append((tag, skipped))

    def handle_endtag(self, tag: str) -> None:
        # an unclosed <p> or <li> is closed by its parent's end tag
        if any(open_tag == tag for open_tag, _ in self._stack):
            while self._stack and self._stack.pop()[0] != tag:
                pass

    def handle_data(self, data: str) -> None:
        if not any(skipped for _, skipped in self._stack):
            self.parts.append(data)


def problems_in(text: str) -> list[str]:
    found = [f"原始值 {m}" for m in RAW.findall(text)]
    found += [f"摘要 {m[:12]}" for m in DIGEST.findall(text)]
    found += [f"路径 {m}" for m in PATH.findall(text)]
    found += [f"标识符 {m}" for m in SNAKE.findall(text)]
    found += [f"年份 {year}" for year in years_off_the_clock(text)]
    found += [f"英文 {w}" for w in WORD.findall(EXTENSION.sub("", text)) if w not in ALLOWED and w not in RAW_WORDS and len(w) > 1]
    return found


@pytest.fixture(scope="module")
def demo(demo_snapshot: DemoSnapshot, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[None]:
    """The demo world of 2020-06-01 (``load_demo``'s rows, copied from the process's snapshot:
    ``tests/demo_world.py``) for the module, in a transaction rolled back after it."""
    assert demo_snapshot.day == DEMO_DAY
    media = demo_snapshot.media_copy(tmp_path_factory.mktemp("demo") / "media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=FAST_HASHERS, WENGANG_TODAY=DEMO_DAY),
        transaction.atomic(),
    ):
        demo_snapshot.restore()
        yield
        transaction.set_rollback(True)


def walk(client: Client, start: list[str]) -> Iterator[tuple[str, Any, _Text, str]]:
    """Breadth-first over same-site links (GET only): each page reached, with its response, its parsed
    text and links, and the page that first linked to it. Redirects and non-HTML answers are followed
    no further."""
    seen = set(start)
    queue = deque(start)
    came_from: dict[str, str] = {}
    kinds: dict[str, int] = {}
    pages = 0
    while queue and pages < MAX_PAGES:
        path = queue.popleft()
        response = client.get(path)
        pages += 1
        if response.status_code in (301, 302):
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        parser = _Text()
        parser.feed(response.content.decode())
        yield path, response, parser, came_from.get(path, "起始页")
        for href in parser.links:
            target, _ = urldefrag(urljoin(path, href))
            parts = urlsplit(target)
            if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
                continue
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            kind = re.sub(r"\d+", "N", parts.path)
            if local in seen or SKIP.search(parts.path) or kinds.get(kind, 0) >= PER_KIND:
                continue
            kinds[kind] = kinds.get(kind, 0) + 1
            seen.add(local)
            came_from[local] = path
            queue.append(local)


def crawl(client: Client, start: list[str], *, applicant: bool = False) -> dict[str, list[str]]:
    """Each page's problems, for the pages ``walk`` reaches."""
    report: dict[str, list[str]] = {}
    for path, response, parser, linked_from in walk(client, start):
        text = " ".join(parser.parts)
        found = problems_in(text)
        if path.startswith(LAW_PAGES):  # the parameters' periods begin with the laws they come from (1978, 1999…)
            found = [problem for problem in found if not problem.startswith("年份")]
        if applicant and "SHA" in text:
            found.append("摘要 SHA-256")
        if response.status_code >= 400:
            found.insert(0, f"状态 {response.status_code}（链接来自 {linked_from}）")
        if found:
            report[path] = sorted(set(found))
    return report


def _format(report: dict[str, list[str]]) -> str:
    return "\n" + "\n".join(f"{path}: {'; '.join(found)}" for path, found in report.items())


PUBLIC = ["/", "/parameters/", "/jobs/", "/permits/public/", "/layoffs/verify/", "/placements/internships/", "/accounts/login/", "/guide/", "/notices/"]


def test_the_public_pages_are_plain_chinese(demo: None) -> None:
    report = crawl(Client(), PUBLIC)
    assert not report, _format(report)


#: every demo account with a job to do: the featured ones, the filings and job-market staff
#: (laodong, gonggong, gongfu) and the firms with a layoff report (qiye4) and a deferral (qiye6)
ROLES = [u.username for u in USERS if u.featured] + [name for name, _ in FILINGS_ACCOUNTS] + ["qiye4", "qiye6", "xueyuan"]


@pytest.mark.parametrize("username", ROLES)
def test_every_page_a_demo_role_reaches_is_plain_chinese(demo: None, username: str) -> None:
    client = Client()
    user = User.objects.get(username=username)
    client.force_login(user)
    report = crawl(client, ["/accounts/"], applicant=user.role in APPLICANT_ROLES)
    assert not report, _format(report)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("缺少：layoffs / notice_days", ["标识符 notice_days", "英文 layoffs"]),
        ("结果 True", ["原始值 True"]),
        ("详情：/keyservice/needs/18/", ["路径 /keyservice/needs/18/"]),
        ("摘要 9f86d081884c7d659a2feaa0c55ad015", ["摘要 9f86d081884c"]),
        ("OP3 申请 PDF 材料 91110105MA01ABCD2X 合同.pdf", []),
        ("向劳动行政部门报告（L.cond）", ["英文 cond"]),
        ("提交时间 2026-12-05 09:14，截止 2020-06-15", ["年份 2026"]),
        ("2026年12月5日 朝人社补〔2026〕第0001号", ["年份 2026", "年份 2026"]),
        ("期间 2019-03 至 2021/1/31，2020年6月1日", []),
        ("2018年12月参保 250 人；工信部联企业〔2011〕300号；2011-07-01 起；有效期 2020-05-12 至 2023-05-11", []),
        ("合同 2017-03-01 至 2022-02-28", []),
        ("2011-06-30 止；〔2018〕；提交时间 2026-12-05 09:14", ["年份 2011", "年份 2026"]),
        ("国发〔1978〕104号；财社〔2017〕164号；发放至 2022-03", []),
    ],
)
def test_the_check_catches_internal_names_and_raw_values(text: str, expected: list[str]) -> None:
    assert sorted(problems_in(text)) == sorted(expected)

"""N10: staff publish announcements and the handbook for dates; the public page and the 待办 page
show the current ones; bad input saves nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import make_reviewer, make_user, pdf_upload
from wengang.accounts.models import Role
from wengang.notices.models import Notice, NoticeAttachment
from wengang.notices.services import notice_save

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def service_day(settings, tmp_path):
    settings.WENGANG_TODAY = "2020-06-01"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def publisher(db):
    return make_reviewer("gonggong", "public-service")


def publish(publisher, title="企业开复工时间要求", on=dt.date(2020, 5, 20), until=None, **more):
    return notice_save(
        notice=None, author=publisher, kind="announcement", title=title, body=f"<p>{title}</p>",
        publish_on=on, expires_on=until, **more,
    )


def test_the_public_page_lists_only_current_notices(client, publisher):
    publish(publisher, "现行公告")
    publish(publisher, "明天发布", on=dt.date(2020, 6, 2))
    publish(publisher, "昨天过期", on=dt.date(2020, 5, 1), until=dt.date(2020, 5, 31))
    publish(publisher, "今天最后一天", on=dt.date(2020, 5, 1), until=dt.date(2020, 6, 1))
    publish(publisher, "已撤下", withdrawn=True)
    html = client.get("/notices/").content.decode()
    assert "现行公告" in html and "今天最后一天" in html
    assert "明天发布" not in html and "昨天过期" not in html and "已撤下" not in html


def test_a_notice_not_current_is_not_found_except_by_publishers(client, publisher):
    future = publish(publisher, "明天发布", on=dt.date(2020, 6, 2))
    assert client.get(f"/notices/{future.pk}/").status_code == 404
    client.force_login(publisher)
    assert client.get(f"/notices/{future.pk}/").status_code == 200


def test_individuals_and_firms_see_current_notices_on_their_todo_page(client, publisher):
    publish(publisher, "返岗劳动者分批返京的安排")
    for user in (make_user("geren", Role.INDIVIDUAL), make_user("qiye", Role.ENTERPRISE)):
        client.force_login(user)
        assert "返岗劳动者分批返京的安排" in client.get("/accounts/").content.decode()


def test_scripts_in_the_body_never_reach_the_page(client, publisher):
    client.force_login(publisher)
    response = client.post(
        "/notices/manage/new/",
        {"kind": "handbook", "title": "防护手册", "body": "<p>戴口罩</p><script>alert(1)</script><img src=x onerror=alert(2)>",
         "publish_on": "2020-05-01"},
    )
    notice = Notice.objects.get()
    assert response.status_code == 302
    assert notice.body == "<p>戴口罩</p>"
    html = client.get(f"/notices/{notice.pk}/").content.decode()
    assert "<p>戴口罩</p>" in html and "alert(" not in html


def test_an_attachment_that_is_no_pdf_saves_nothing(client, publisher):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(publisher)
    response = client.post(
        "/notices/manage/new/",
        {"kind": "handbook", "title": "防护手册", "body": "<p>文</p>", "publish_on": "2020-05-01",
         "attachment": SimpleUploadedFile("手册.pdf", b"<html>not a pdf</html>")},
    )
    assert response.status_code == 400 and "不是PDF格式" in response.content.decode()
    assert "防护手册" in response.content.decode()
    assert Notice.objects.count() == 0


def test_a_pdf_attachment_downloads_for_everyone(client, publisher):
    notice = publish(publisher, "防护手册", attachment=pdf_upload("农民工防护手册.pdf", pages=2))
    item = NoticeAttachment.objects.get()
    assert item.display_name == "防护手册+农民工防护手册.pdf" and item.pages == 2
    response = client.get(f"/notices/{notice.pk}/attachments/{item.pk}/")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"expires_on": "2020-04-30"}, "早于发布日期"),
        ({"body": "<script>x</script>"}, "正文不能为空"),
        ({"publish_on": "2020-13-01"}, "发布日期"),
        ({"title": "x" * 500}, "标题"),
    ],
)
def test_bad_input_is_refused_in_chinese(client, publisher, data, message):
    client.force_login(publisher)
    form = {"kind": "announcement", "title": "标题", "body": "<p>正文</p>", "publish_on": "2020-05-01", **data}
    response = client.post("/notices/manage/new/", form)
    assert response.status_code == 400 and message in response.content.decode()
    assert Notice.objects.count() == 0


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", (200, 302, 302)), ("individual", (200, 403, 403)), ("enterprise", (200, 403, 403)),
     ("other_reviewer", (200, 403, 403)), ("publisher", (200, 200, 200)), ("admin", (200, 200, 200))],
)
def test_who_may_publish(client, publisher, who, expected):
    users = {
        "individual": lambda: make_user("p", Role.INDIVIDUAL),
        "enterprise": lambda: make_user("e", Role.ENTERPRISE),
        "other_reviewer": lambda: make_reviewer("r2", "labour-service"),
        "publisher": lambda: publisher,
        "admin": lambda: make_user("root", Role.ADMIN),
    }
    notice = publish(publisher)
    if who in users:
        client.force_login(users[who]())
    got = tuple(client.get(url).status_code for url in ("/notices/", "/notices/manage/", f"/notices/manage/{notice.pk}/"))
    assert got == expected

"""Pages: the agency's count and next tier; who sees and confirms which placement."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.asserts import assert_shows
from tests.factories import id_number, pdf_upload
from wengang.placements.models import Placement

from .conftest import confirmed

pytestmark = pytest.mark.django_db


def test_the_agency_sees_its_count_and_the_next_tier(client, agency_user, wumei_user, wumei_post):
    for seq in (1, 2, 3):
        confirmed(agency_user, wumei_user, wumei_post, seq)
    client.force_login(agency_user)
    page = client.get(reverse("placements:list")).content.decode()
    assert "计入推荐成功上岗 <strong>3</strong> 人" in page
    assert "再推荐成功上岗 <strong>47</strong> 人可达到下一档（50 人，24,000.00 元）" in page
    assert id_number(1) not in page
    assert "110105********" in page


def declare_on_the_page(client, agency_user, post, worker_id_number: str):
    """The agency declares 王五 on ``post`` from 2020-03-02 with a PDF proof, on the new-placement page."""
    client.force_login(agency_user)
    data = {
        "post": post.pk,
        "worker_name": "王五",
        "worker_id_number": worker_id_number,
        "start_date": "2020-03-02",
        "proof": pdf_upload(),
    }
    return client.post(reverse("placements:new"), data)


def test_the_agency_declares_a_placement_with_a_pdf(client, agency_user, wumei_post):
    response = declare_on_the_page(client, agency_user, wumei_post, id_number(5).lower())
    assert response.status_code == 302
    placement = Placement.objects.get()
    assert placement.worker_id_number == id_number(5)
    assert placement.status == "declared"


def test_a_bad_declaration_rerenders_with_the_users_data(client, agency_user, wumei_post):
    response = declare_on_the_page(client, agency_user, wumei_post, "110105198001010010")
    page = response.content.decode()
    assert response.status_code == 400
    assert_shows(
        page,
        'role="alert"',
        "不是有效的居民身份证号码",
        'value="王五"',
        'aria-describedby="id_worker_id_number_error id_worker_id_number_helptext"',
    )


def test_the_enterprise_confirms_its_placement(client, placement, wumei_user):
    client.force_login(wumei_user)
    assert "确认上岗" in client.get(reverse("placements:detail", args=[placement.pk])).content.decode()
    response = client.post(reverse("placements:move", args=[placement.pk, "confirmed"]), {"confirm": "1"})
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.status == "confirmed"


def test_the_enterprise_disputes_with_a_reason(client, placement, wumei_user):
    client.force_login(wumei_user)
    response = client.post(reverse("placements:move", args=[placement.pk, "disputed"]), {"comment": ""})
    assert response.status_code == 422
    assert "须填写理由" in response.content.decode()
    client.post(reverse("placements:move", args=[placement.pk, "disputed"]), {"comment": "未到岗", "confirm": "1"})
    placement.refresh_from_db()
    assert placement.status == "disputed"


def test_another_enterprise_cannot_see_or_confirm_the_placement(client, placement, jingkelong_user):
    client.force_login(jingkelong_user)
    assert client.get(reverse("placements:detail", args=[placement.pk])).status_code == 404
    assert client.get(reverse("placements:proof", args=[placement.pk])).status_code == 404
    assert client.post(reverse("placements:move", args=[placement.pk, "confirmed"])).status_code == 404
    assert placement.worker_name not in client.get(reverse("placements:list")).content.decode()
    placement.refresh_from_db()
    assert placement.status == "declared"


def test_another_agency_cannot_see_the_placement(client, placement, rival_agency_user):
    client.force_login(rival_agency_user)
    assert client.get(reverse("placements:detail", args=[placement.pk])).status_code == 404


def test_the_proof_is_downloaded_by_the_parties(client, placement, wumei_user):
    client.force_login(wumei_user)
    response = client.get(reverse("placements:proof", args=[placement.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize("persona", ["seeker", "other_reviewer"])
def test_other_roles_cannot_use_the_placement_pages(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("placements:list")).status_code == 403
    assert client.get(reverse("placements:new")).status_code == 403


def test_enterprises_cannot_declare(client, wumei_user):
    client.force_login(wumei_user)
    assert client.get(reverse("placements:new")).status_code == 403


def test_public_service_sees_all_placements(client, placement, public_service):
    client.force_login(public_service)
    assert placement.worker_name in client.get(reverse("placements:list")).content.decode()
    assert client.get(reverse("placements:detail", args=[placement.pk])).status_code == 200

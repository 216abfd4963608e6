"""The response manual: current edition readable in the page, earlier editions listed, downloads recorded."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from lms.records.models import LearningEvent
from webtoons.models import ManualPage

from tests.factories import home_page

from .factories import make_document, make_manual

pytestmark = pytest.mark.django_db


@pytest.fixture
def manual(db):
    return make_manual()


def editions(manual):
    return {edition.name: edition for edition in manual.editions.all()}


def test_manual_page_embeds_the_current_edition_and_lists_earlier_ones(client, manual):
    current, earlier = editions(manual)["증보판(2018)"], editions(manual)["초판(2014)"]
    content = client.get(manual.url).content.decode()
    assert "서울시 악성민원 대응매뉴얼 — 너, 나 지금 무시하냐?" in content
    assert "현행판: 증보판(2018)" in content
    read_url = reverse("webtoons:manual_read", args=(current.pk,))
    assert f'<iframe src="{read_url}" title=' in content
    assert f'href="{reverse("webtoons:manual_download", args=(current.pk,))}" download>PDF 내려받기' in content
    earlier_section = content.split("이전 판", 1)[1]
    assert "초판(2014)" in earlier_section
    assert reverse("webtoons:manual_download", args=(earlier.pk,)) in earlier_section
    assert "증보판(2018)" not in earlier_section


def test_download_is_recorded_as_an_event_and_served_as_an_attachment(staff_client, staff, manual):
    current = editions(manual)["증보판(2018)"]
    response = staff_client.get(reverse("webtoons:manual_download", args=(current.pk,)))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    event = LearningEvent.objects.get(user=staff, kind="download")
    assert event.page_id == manual.pk
    assert event.data == {"edition": "증보판(2018)", "document_id": current.document_id}


def test_anonymous_download_is_served_but_not_recorded(client, manual):
    response = client.get(reverse("webtoons:manual_download", args=(editions(manual)["초판(2014)"].pk,)))
    assert response.status_code == 200
    assert not LearningEvent.objects.exists()


def test_inline_reading_may_be_framed_by_this_site_only(client, manual):
    response = client.get(reverse("webtoons:manual_read", args=(editions(manual)["증보판(2018)"].pk,)))
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["Content-Disposition"].startswith("inline")
    assert not LearningEvent.objects.exists()


def test_editions_of_an_unpublished_manual_are_not_served(staff_client, manual):
    manual.unpublish()
    edition = editions(manual)["증보판(2018)"]
    assert staff_client.get(reverse("webtoons:manual_download", args=(edition.pk,))).status_code == 404
    assert staff_client.get(reverse("webtoons:manual_read", args=(edition.pk,))).status_code == 404
    assert not LearningEvent.objects.exists()


def test_the_admin_refuses_two_current_editions(editor_client):
    home = home_page()
    documents = [make_document("초판", filename="a.pdf"), make_document("증보판", filename="b.pdf")]
    data = nested_form_data(
        {
            "title": "악성민원 대응매뉴얼",
            "slug": "manual",
            "intro": rich_text(""),
            "editions": inline_formset(
                [
                    {"name": "초판(2014)", "document": documents[0].pk, "published_on": "2014-06-30", "is_current": "on"},
                    {"name": "증보판(2018)", "document": documents[1].pk, "published_on": "2018-08-31", "is_current": "on"},
                ]
            ),
            "comments": inline_formset([]),
        }
    )
    url = reverse("wagtailadmin_pages:add", args=("webtoons", "manualpage", home.pk))
    response = editor_client.post(url, {**data, "action-publish": "1"})
    assert response.status_code == 200
    assert "현행판은 하나만 표시할 수 있습니다" in response.content.decode()
    assert not ManualPage.objects.exists()

    data["editions-0-is_current"] = ""
    assert editor_client.post(url, {**data, "action-publish": "1"}).status_code == 302
    assert ManualPage.objects.get().live


def test_without_a_marked_edition_the_newest_is_shown_as_current(client):
    manual = make_manual(editions=(("초판(2014)", 2014, False), ("증보판(2018)", 2018, False)))
    content = client.get(manual.url).content.decode()
    assert "현행판: 증보판(2018)" in content
    assert "초판(2014)" in content.split("이전 판", 1)[1]

"""The learner site's 집합교육 신청 page."""

import pytest
from django.urls import reverse

from lms.programmes.models import Audience, Registration

from .conftest import in_days, make_programme, make_session

pytestmark = pytest.mark.django_db
URL = "/programmes/"


def test_login_required(client):
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_lists_upcoming_sessions_of_my_audience_and_applies(client, people):
    mine = make_session(make_programme(title="힐링캠프", kind="감정노동 힐링 프로그램", audience=Audience.HIGH_INTENSITY), day=in_days(7), capacity=1)
    not_mine = make_session(make_programme(title="일반부서 친절교육", audience=Audience.GENERAL), day=in_days(7))
    make_session(make_programme(title="지난 특강", kind="소통공감 명사특강"), day=in_days(-7))
    client.force_login(people[0])
    html = client.get(URL).content.decode()
    assert "힐링캠프" in html and "일반부서 친절교육" not in html and "지난 특강" not in html
    assert not Registration.objects.exists()  # a GET never writes

    response = client.post(reverse("programmes:apply", args=[mine.pk]), follow=True)
    assert "신청했습니다" in response.content.decode()
    assert Registration.objects.get().status == "applied"
    refused = client.post(reverse("programmes:apply", args=[not_mine.pk]), follow=True).content.decode()
    assert "교육 대상이 아닙니다" in refused

    client.force_login(people[1])
    waiting = client.post(reverse("programmes:apply", args=[mine.pk]), follow=True).content.decode()
    assert "대기자로 신청했습니다" in waiting and "대기 1번째" in waiting

    client.force_login(people[0])
    client.post(reverse("programmes:cancel", args=[mine.pk]))
    assert dict(Registration.objects.values_list("user__username", "status")) == {"2026001": "cancelled", "2026002": "applied"}


def test_apply_and_cancel_refuse_get(client, people):
    session = make_session(make_programme(), day=in_days(7))
    client.force_login(people[0])
    assert client.get(reverse("programmes:apply", args=[session.pk])).status_code == 405
    assert not Registration.objects.exists()

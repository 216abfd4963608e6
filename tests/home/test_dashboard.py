"""Each role's admin dashboard: editors land on their drafts, schedule, videos and webtoon episodes to fix;
HR on its day's work; a department manager is offered no page search."""

import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lms.hr.models import DataExport, ExportFormat, ExportReport
from lms.people import roles
from lms.programmes.models import Registration, RegistrationStatus
from media_pipeline.models import Video, VideoStatus
from tests.people.conftest import departments, hr_user, make_person, water_manager  # noqa: F401  (fixtures)
from tests.programmes.conftest import make_programme, make_session
from tests.webtoons.factories import make_episode, make_series

DASHBOARD = "/admin/"
EDITOR_PANELS = ["my-drafts", "scheduled-pages", "videos-needing-attention", "episodes-missing-text"]


@pytest.fixture
def editor(departments):
    return make_person("9000002", departments["NMD"], name="이편집", groups=[roles.EDITOR])


@pytest.fixture
def series(db):
    return make_series()


def shown_panels(html):
    return {panel for panel in [*EDITOR_PANELS, "hr-day", "recent-edits"] if f'id="{panel}-' in html}


def sidebar_modules(html):
    props = json.loads(re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S).group(1))
    return {module["_type"] for module in props["modules"] if module}


def dashboard(client, user):
    client.force_login(user)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    html = response.content.decode()
    assert "{#" not in html and "{%" not in html  # a template comment spread over lines is printed
    return html


def draft_episode(series, number, editor, *, alt=True):
    """An episode never published, last saved by `editor`."""
    episode = make_episode(series, number, alt=alt, live=False)
    episode.owner = editor
    episode.save_revision(user=editor)
    return episode


def scheduled_episode(series, number, editor, go_live_at):
    episode = make_episode(series, number, live=False)
    episode.go_live_at = go_live_at
    episode.save_revision(user=editor).publish(user=editor)
    return episode


def make_editor_work(series, editor, start):
    """Numbers start.. : a draft with text, a draft missing it, a scheduled episode, a failed and a transcoding video."""
    draft_episode(series, start, editor)
    draft_episode(series, start + 1, editor, alt=False)
    scheduled_episode(series, start + 2, editor, timezone.now() + datetime.timedelta(days=3))
    Video.objects.create(title=f"실패한 영상 {start}", source="videos/sources/x.mp4", status=VideoStatus.FAILED, error_message="원본이 잘려 있습니다.")
    Video.objects.create(title=f"변환 중인 영상 {start}", source="videos/sources/y.mp4", status=VideoStatus.TRANSCODING, progress=40)


def test_an_editor_lands_on_drafts_schedule_videos_and_episodes_to_fix(client, editor, series):
    make_editor_work(series, editor, 1)
    Video.objects.create(title="다 된 영상", source="videos/sources/z.mp4", status=VideoStatus.READY)
    someone_else = make_person("9000009", editor.profile.department, name="박다른", groups=[roles.EDITOR])
    draft_episode(series, 9, someone_else)

    html = dashboard(client, editor)

    assert shown_panels(html) == set(EDITOR_PANELS)  # Wagtail's "최근 편집" is replaced by 작성 중인 페이지
    drafts = html[html.index('id="my-drafts'):html.index('id="scheduled-pages')]
    assert "1화 제목" in drafts and "2화 제목" in drafts and "9화 제목" not in drafts and "3화 제목" not in drafts
    assert reverse("wagtailadmin_pages:edit", args=[series.get_children().get(slug="episode-1").pk]) in drafts
    scheduled = html[html.index('id="scheduled-pages'):html.index('id="videos-needing-attention')]
    go_live = timezone.localtime(timezone.now() + datetime.timedelta(days=3))
    assert "3화 제목" in scheduled and f"{go_live:%Y-%m-%d}" in scheduled
    videos = html[html.index('id="videos-needing-attention'):html.index('id="episodes-missing-text')]
    assert "실패: 원본이 잘려 있습니다." in videos and "변환 중 40%" in videos and "다 된 영상" not in videos
    assert videos.count("다시 시도</button>") == 1
    episodes = html[html.index('id="episodes-missing-text'):]
    assert "2화 제목" in episodes and "1, 2, 3번째 패널" in episodes and "1화 제목" not in episodes
    assert "hr-day" not in html


def test_empty_editor_panels_say_so(client, editor):
    html = dashboard(client, editor)
    for line in ["게시하지 않은 변경 사항이 있는 내 페이지가 없습니다.", "게시 예약된 페이지가 없습니다.",
                 "변환 중이거나 실패한 동영상이 없습니다.", "대체텍스트가 빠진 웹툰 회차가 없습니다."]:
        assert line in html


def test_the_editor_dashboard_reads_in_a_fixed_number_of_queries(client, editor, series):
    make_editor_work(series, editor, 1)
    client.force_login(editor)
    client.get(DASHBOARD)  # warm Wagtail's per-process caches (content types, site root)
    with CaptureQueriesContext(connection) as few:
        client.get(DASHBOARD)
    make_editor_work(series, editor, 11)
    make_editor_work(series, editor, 21)
    with CaptureQueriesContext(connection) as more:
        html = client.get(DASHBOARD).content.decode()
    assert "23화 제목" in html and "실패한 영상 21" in html
    assert len(more) == len(few), [query["sql"] for query in more.captured_queries]
    assert len(more) <= 60


def test_retry_from_the_dashboard_requeues_the_video_and_comes_back(client, editor, django_capture_on_commit_callbacks):
    video = Video.objects.create(title="실패한 영상", source="videos/sources/x.mp4", status=VideoStatus.FAILED, error_message="잘림")
    html = dashboard(client, editor)
    retry_url = reverse(Video.snippet_viewset.get_url_name("retry"), args=[video.pk])
    assert f'action="{retry_url}"' in html
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(retry_url, {"next": DASHBOARD})
    assert response.status_code == 302 and response["Location"] == DASHBOARD
    video.refresh_from_db()
    assert video.status == VideoStatus.PENDING and len(queued) == 1
    assert "다시 검사·변환하도록 대기열에 넣었습니다" in client.get(DASHBOARD).content.decode()


def test_retry_does_not_go_back_to_another_site(client, editor, django_capture_on_commit_callbacks):
    video = Video.objects.create(title="실패한 영상", source="videos/sources/x.mp4", status=VideoStatus.FAILED)
    client.force_login(editor)
    with django_capture_on_commit_callbacks():
        response = client.post(reverse(Video.snippet_viewset.get_url_name("retry"), args=[video.pk]), {"next": "https://example.com/"})
    assert response["Location"] == reverse(Video.snippet_viewset.get_url_name("list"))


def test_a_department_manager_is_offered_no_page_search_nor_editor_panels(client, water_manager, series, editor):
    make_editor_work(series, editor, 1)
    html = dashboard(client, water_manager)

    assert 'role="search"' not in html and "페이지 검색" not in html
    assert "wagtail.sidebar.SearchModule" not in sidebar_modules(html)
    assert not re.search(r'href="/admin/pages/\d+/"', html)  # the summary's page count, a link to the page tree
    assert shown_panels(html) == {"hr-day"}
    hr_day = html[html.index('id="hr-day'):]
    assert "이수 기록 내보내기" in hr_day and "부서별 이수율" in hr_day
    assert "출석을 확인할 교육 회차" not in hr_day and "확정을 기다리는 신청" not in hr_day
    assert "실패한 영상" not in html and "다시 시도" not in html


def test_an_editor_is_offered_page_search(client, editor):
    html = dashboard(client, editor)
    assert 'role="search"' in html and "wagtail.sidebar.SearchModule" in sidebar_modules(html)
    assert re.search(r'href="/admin/pages/\d+/"', html)


def test_hr_lands_on_sessions_to_check_in_applications_to_confirm_exports_and_rates(client, hr_user, departments):
    programme = make_programme(title="민원응대 기본")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    soon = make_session(programme, day=tomorrow, label="2회차")
    make_session(programme, day=tomorrow + datetime.timedelta(days=30), label="9회차")  # too far ahead
    applicant = make_person("9000020", departments["CSV"], name="김신청")
    Registration.objects.create(session=soon, user=applicant, status=RegistrationStatus.APPLIED)
    export = DataExport.objects.create(
        requested_by=hr_user, report=ExportReport.SUMMARY, file_format=ExportFormat.XLSX, purpose="연말 보고"
    )

    html = dashboard(client, hr_user)

    assert shown_panels(html) == {"hr-day"}
    assert 'role="search"' not in html
    hr_day = html[html.index('id="hr-day'):]
    assert reverse("programmes_check_in", args=[soon.pk]) in hr_day and "2회차" in hr_day and "9회차" not in hr_day
    assert "1건 확정 대기" in hr_day and f'{reverse("programmes_registrations:index")}?status=applied' in hr_day
    assert reverse("hr_export_status", args=[export.token]) in hr_day and "부서원 상시학습 달성현황" in hr_day
    assert reverse("evaluation_rates") in hr_day


def test_the_hr_dashboard_reads_in_a_fixed_number_of_queries(client, hr_user, departments):
    programme = make_programme(title="민원응대 기본")

    def add_work(count):
        for number in range(count):
            session = make_session(programme, day=timezone.localdate() + datetime.timedelta(days=1), label=f"{number}회차")
            person = make_person(f"91{number:05d}{count}", departments["CSV"])
            Registration.objects.create(session=session, user=person, status=RegistrationStatus.APPLIED)
            DataExport.objects.create(requested_by=hr_user, report=ExportReport.DETAIL, file_format=ExportFormat.CSV, purpose="점검")

    add_work(1)
    client.force_login(hr_user)
    client.get(DASHBOARD)
    with CaptureQueriesContext(connection) as few:
        client.get(DASHBOARD)
    add_work(4)
    with CaptureQueriesContext(connection) as more:
        client.get(DASHBOARD)
    assert len(more) == len(few), [query["sql"] for query in more.captured_queries]


def test_an_empty_hr_panel_says_so(client, hr_user):
    html = dashboard(client, hr_user)
    hr_day = html[html.index('id="hr-day'):]
    for line in ["출석을 확인할 회차가 없습니다.", "확정을 기다리는 신청이 없습니다.", "아직 내보낸 자료가 없습니다."]:
        assert line in hr_day


def test_staff_without_an_admin_role_get_no_dashboard(client, departments):
    member = make_person("9000030", departments["CSV"], name="김직원", groups=[roles.STAFF])
    client.force_login(member)
    assert client.get(DASHBOARD).status_code in (302, 403)

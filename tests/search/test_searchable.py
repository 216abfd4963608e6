"""Everything staff look for is found by its words, and results respect who may see what."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from courses.models import Audience, QuizLessonPage, TextLessonPage
from media_pipeline.models import Caption
from tests.courses.conftest import QUESTIONS, Org, make_course
from tests.courses.conftest import make_staff as make_department_staff
from tests.knowledge_trip.factories import make_campaign, make_episode, make_video
from tests.webtoons.factories import make_document, make_episode as make_webtoon_episode, make_manual, make_series
from webtoons.demo_art import manual_pdf
from webtoons.models import ManualEdition

pytestmark = pytest.mark.django_db


def found(client, query, **params):
    """The page's main content (the menu in the header also names sections)."""
    html = client.get("/search/", {"q": query, **params}).content.decode()
    return html[html.index("<main") : html.index("</main>")]


def test_a_text_lessons_body_is_found_by_an_inflected_word(staff_client):
    course = make_course()
    course.add_child(instance=TextLessonPage(title="전화 응대 5원칙", body="<p>벨이 세 번 울리기 전에 <b>복창</b>합니다.</p>"))

    assert "전화 응대 5원칙" in found(staff_client, "복창하는 방법")


def test_quiz_questions_are_found_but_never_their_choices_or_explanations(staff_client):
    course = make_course()
    course.add_child(instance=QuizLessonPage(title="확인 퀴즈", questions=QUESTIONS))

    assert "확인 퀴즈" in found(staff_client, "폭언이 계속될 때")
    assert "확인 퀴즈" not in found(staff_client, "맞대응")  # a wrong choice
    assert "확인 퀴즈" not in found(staff_client, "녹음을 고지")  # the right answer and the explanation


def test_an_episode_is_found_by_its_topic_and_by_what_is_said_in_its_video(staff_client, series_index):
    episode = make_episode(series_index, "첫인사 3초")
    caption = Caption(
        video=episode.video,
        file=SimpleUploadedFile("talk.srt", "1\n00:00:01,000 --> 00:00:03,000\n민원인의 눈을 맞추며 인사합니다\n".encode()),
    )
    caption.clean()
    caption.save()  # a caption added after publishing reaches the episode's index entry
    assert caption.text == "민원인의 눈을 맞추며 인사합니다"

    assert "첫인사 3초" in found(staff_client, "눈을 맞추는")
    assert "첫인사 3초" in found(staff_client, episode.topic.name)


def test_webtoon_scenes_are_found_by_their_text_alternatives_and_transcript(client, home):
    series = make_series()
    episode = make_webtoon_episode(series, 1, transcript="<p><b>민원인</b>: 과태료 고지서를 들고 왔어요</p>")
    panels = list(episode.panels.all())
    panels[0].alt_text = "청원경찰이 창구로 다가온다"
    episode.panels = panels
    episode.save_revision().publish()

    assert "1화 제목" in found(client, "청원경찰")
    assert "1화 제목" in found(client, "과태료")


def test_the_manuals_pdf_text_is_extracted_when_an_edition_is_uploaded_and_searched(client):
    chapters = [("1. 직원 보호", ["힐링센터 쉼표에서 스트레스 정기검진을 받을 수 있습니다."])]
    manual = make_manual(editions=(("초판(2014)", 2014, True),))
    edition = manual.editions.get()
    edition.document = make_document("증보판", manual_pdf("대응매뉴얼", "증보판", chapters), filename="manual-2018.pdf")
    edition.save()
    assert "정기검진" in edition.text and edition.text_error == ""
    manual.save_revision().publish()

    html = found(client, "정기검진을")
    assert "악성민원 대응매뉴얼" in html
    assert "스트레스 <mark>정기검진을</mark> 받을 수" in html


def test_an_unreadable_pdf_keeps_the_edition_and_says_why_in_korean(home):
    manual = make_manual(editions=(("초판(2014)", 2014, True),))
    edition = ManualEdition(
        page=manual, name="스캔본", document=make_document("스캔본", b"not a pdf"), published_on=datetime.date(2020, 1, 1)
    )
    edition.save()

    assert edition.pk and edition.text == ""
    assert edition.text_error == "PDF에서 글자를 읽지 못했습니다. 검색에서는 제목과 소개로만 찾을 수 있습니다."


def test_visitors_never_see_staff_only_titles(staff_client, series_index, campaign_index):
    make_course(title="악성민원 내부 과정")
    make_episode(series_index, "악성민원 직원 영상")
    make_campaign(campaign_index, "악성민원 직원 캠페인", is_public=False)
    make_campaign(campaign_index, "악성민원 시민 캠페인", is_public=True)

    visitor = found(Client(), "악성민원")
    for staff_only in ("악성민원 내부 과정", "악성민원 직원 영상", "악성민원 직원 캠페인", "이러닝 과정", "U-지식여행"):
        assert staff_only not in visitor
    assert "악성민원 시민 캠페인" in visitor
    assert "악성민원 직원 캠페인" not in Client().get("/search/suggest/", {"q": "악성"}).content.decode()

    staff = found(staff_client, "악성민원")
    assert all(title in staff for title in ("악성민원 내부 과정", "악성민원 직원 영상", "악성민원 직원 캠페인"))


def test_a_course_outside_the_persons_audience_is_not_offered_as_one_they_can_take(client):
    org = Org()
    make_course(title="고강도 부서 심화 과정", audience=Audience.HIGH_INTENSITY)
    client.force_login(make_department_staff("2018100", "김민원", org.team))

    html = found(client, "심화 과정")

    assert "고강도 부서 심화 과정" in html
    assert "이 과정의 수강 대상이 아닙니다. 수강 대상: 고강도 부서만." in html
    client.force_login(make_department_staff("2018101", "이다산", org.call_centre))
    assert "수강 대상이 아닙니다" not in found(client, "심화 과정")


def test_a_campaign_is_found_by_its_introduction(client, campaign_index):
    make_campaign(campaign_index, "마음 연결음", is_public=True)
    assert "마음 연결음" in found(client, "존중하는 문화")


def test_a_video_lessons_caption_is_searchable(staff_client):
    from courses.models import VideoLessonPage

    course = make_course()
    video = make_video("감정노동 영상")
    Caption.objects.create(video=video, file="videos/captions/x.vtt", text="감정노동과 회복탄력성")
    course.add_child(instance=VideoLessonPage(title="9차시", video=video))

    assert "9차시" in found(staff_client, "회복탄력성")

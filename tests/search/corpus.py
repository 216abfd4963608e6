"""The demo content's words as pages, for the relevance set and the search benchmark.

Courses, lessons, U-지식여행 episodes, campaigns, webtoon episodes and the manual are built from the same
texts the demo loaders use (courses.demo_content, webtoons.demo_content, the U-지식여행 and campaign demo
lists), through the page models and Wagtail's page tree, without ffmpeg: videos are marked ready and a
video lesson's caption is its demo caption text. The manual's editions are the demo's real PDFs, so their
text comes through pypdf extraction. The SCORM lesson is left out (it needs the demo package).
"""

import datetime
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from courses.campaigns.demo import CAMPAIGNS
from courses.campaigns.models import CampaignIndexPage, CampaignPage
from courses.demo import _question
from courses.demo_content import INDEX_INTRO, MALICIOUS_COURSE, MALICIOUS_LESSONS, PHONE_VISIT_COURSE, PHONE_VISIT_LESSONS
from courses.knowledge_trip.demo import EPISODES as TRIP_EPISODES
from courses.knowledge_trip.models import KnowledgeTripEpisodePage, KnowledgeTripIndexPage, Topic
from courses.models import CourseIndexPage, CoursePage, QuizLessonPage, TextLessonPage, VideoLessonPage
from media_pipeline.models import Caption, Video, VideoStatus
from tests.factories import home_page
from webtoons.demo import alt_text, transcript_html
from webtoons.demo_art import manual_pdf
from webtoons.demo_content import EPISODES as WEBTOON_EPISODES
from webtoons.demo_content import MANUAL_EDITIONS, MANUAL_TITLE
from webtoons.models import ManualEdition, ManualPage, WebtoonEpisodePage, WebtoonPanel, WebtoonSeriesPage


def _publish(parent, page):
    parent.add_child(instance=page)
    return page


def _video(title, caption=""):
    video = Video.objects.create(
        title=title, source="videos/sources/sample.mp4", status=VideoStatus.READY, duration=120.0,
        hls_prefix="videos/1/hls/run/",
    )
    if caption:
        Caption.objects.create(video=video, file="videos/captions/demo.vtt", text=caption)
    return video


def _panel_image():
    buffer = BytesIO()
    PILImage.new("RGB", (40, 50), "#1b4f8a").save(buffer, "PNG")
    return get_image_model().objects.create(title="패널", file=ImageFile(buffer, name="panel.png"))


def _courses(home):
    index = _publish(home, CourseIndexPage(title="이러닝 과정", slug="elearning", intro=INDEX_INTRO))
    for spec, lessons in ((MALICIOUS_COURSE, MALICIOUS_LESSONS), (PHONE_VISIT_COURSE, PHONE_VISIT_LESSONS)):
        course = _publish(index, CoursePage(
            title=spec["title"], slug=spec["slug"], summary=spec["summary"], description=spec["description"],
            recognised_hours=spec["hours"],
        ))
        for kind, title, content in lessons:
            if kind == "video":
                _publish(course, VideoLessonPage(title=title, video=_video(title, caption=content)))
            elif kind == "text":
                _publish(course, TextLessonPage(title=title, body=content))
            elif kind == "quiz":
                intro, questions = content
                _publish(course, QuizLessonPage(title=title, intro=intro, questions=[_question(*q) for q in questions]))


def _knowledge_trip(home):
    index = _publish(home, KnowledgeTripIndexPage(title="U-지식여행", slug="u-jisik", intro="3분 안팎의 영상"))
    topics = {topic.name: topic for topic in Topic.objects.all()}
    for topic_name, episodes in TRIP_EPISODES.items():
        for title, summary in episodes:
            _publish(index, KnowledgeTripEpisodePage(
                title=title, summary=summary, topic=topics[topic_name], video=_video(title)
            ))


def _campaigns(home):
    index = _publish(home, CampaignIndexPage(title="캠페인", slug="campaign", intro="인식개선 캠페인"))
    for title, intro, is_public, _slogan, _colour, action in CAMPAIGNS:
        label, text = action or ("", "")
        _publish(index, CampaignPage(
            title=title, intro=intro, is_public=is_public, video=_video(title),
            participation_label=label, participation_text=text,
        ))


def _webtoons(home):
    series = _publish(home, WebtoonSeriesPage(title="악성민원 대응 웹툰", slug="webtoon"))
    image = _panel_image()
    for number, (title, summary, _colours, panels) in enumerate(WEBTOON_EPISODES, start=1):
        _publish(series, WebtoonEpisodePage(
            title=title, slug=f"episode-{number}", episode_number=number, summary=summary,
            transcript=transcript_html(panels),
            panels=[WebtoonPanel(image=image, alt_text=alt_text(scene, lines), sort_order=i)
                    for i, (scene, lines) in enumerate(panels)],
        ))


def _manual(home):
    Document = get_document_model()
    editions = []
    for sort_order, (name, published, is_current, chapters) in enumerate(MANUAL_EDITIONS):
        document = Document.objects.create(
            title=f"{MANUAL_TITLE} {name}",
            file=ContentFile(manual_pdf(MANUAL_TITLE, name, chapters), name=f"manual-{published[0]}.pdf"),
        )
        editions.append(ManualEdition(
            name=name, document=document, published_on=datetime.date(*published), is_current=is_current,
            sort_order=sort_order,
        ))
    manual = ManualPage(title="악성민원 대응매뉴얼", slug="manual", editions=editions, live=False)
    home.add_child(instance=manual)
    manual.save_revision().publish()


def build_demo_corpus():
    """Every kind of demo content under the default site's home page."""
    home = home_page()
    _courses(home)
    _knowledge_trip(home)
    _campaigns(home)
    _webtoons(home)
    _manual(home)
    return home

import pytest

from courses.models import Audience, CourseCompletion, ScormLessonPage, VideoLessonPage
from courses.scorm.demo import demo_package
from lms.records.models import CompletionRecord, LearningEvent
from lms.records.services import mark_complete

from .conftest import make_course, make_staff, make_video

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolled(learner_client, course):
    learner_client.post(course.url, {"action": "enrol"})
    return learner_client


def test_video_lesson_renders_the_player_with_its_heartbeat(enrolled, course):
    video = make_video()
    video.hls_prefix = "videos/1/hls/run-1"
    video.save()
    lesson = VideoLessonPage(title="사례 영상", video=video)
    course.add_child(instance=lesson)
    html = enrolled.get(lesson.url).content.decode()
    assert f'data-heartbeat-url="/records/heartbeat/{lesson.pk}/"' in html
    assert "js/heartbeat.js" in html
    assert lesson.tracked_video == video and lesson.completion_threshold == 90


def test_video_lesson_needs_a_video():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        VideoLessonPage(title="영상 없음", slug="no-video").clean()
    assert "동영상을 선택하세요." in error.value.message_dict["video"]


def test_opening_a_lesson_records_a_view(enrolled, learner, lessons):
    enrolled.get(lessons[0].url)
    assert LearningEvent.objects.filter(user=learner, page=lessons[0], kind="view").count() == 1


def test_scorm_lesson_launches_the_package_and_its_completion_counts(enrolled, learner, course):
    lesson = ScormLessonPage(title="실습", package=demo_package())
    course.add_child(instance=lesson)
    html = enrolled.get(lesson.url).content.decode()
    assert "data-scorm-frame" in html and "sandbox=" in html
    assert lesson.can_learn(learner)

    mark_complete(user=learner, page=lesson)  # what the SCORM app does when the CMI data says complete
    assert CourseCompletion.objects.filter(user=learner, course=course).exists()


def test_lessons_outside_the_audience_earn_nothing(org, lessons):
    course = lessons[0].get_parent().specific
    course.audience = Audience.HIGH_INTENSITY
    course.save()
    outsider = make_staff("o1", "외부인", org.team)
    assert not lessons[0].can_learn(outsider)
    for lesson in lessons:  # e.g. completions forged through hand-made heartbeats
        mark_complete(user=outsider, page=lesson)
    assert not CourseCompletion.objects.exists() and not CompletionRecord.objects.exists()


def test_superuser_may_preview_any_course(client, org):
    from lms.people.models import User

    course = make_course(audience=Audience.CHOSEN)
    client.force_login(User.objects.create_superuser(username="admin", password="pw-test-1234"))
    assert client.get(course.url).status_code == 200


def test_heartbeats_are_credited_only_to_enrolled_learners_in_the_audience(client, learner, course):
    lesson = VideoLessonPage(title="사례 영상", video=make_video())
    course.add_child(instance=lesson)
    client.force_login(learner)
    beat = {"event_id": "00000000-0000-4000-8000-000000000001", "intervals": [[0, 5]], "rate": 1.0, "position": 5}
    url = f"/records/heartbeat/{lesson.pk}/"

    refused = client.post(url, beat, content_type="application/json")
    assert refused.status_code == 403
    assert "수강 신청" in refused.json()["error"]
    assert not LearningEvent.objects.filter(page=lesson).exists()

    client.post(course.url, {"action": "enrol"})
    assert client.post(url, beat, content_type="application/json").status_code == 200

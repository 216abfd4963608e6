"""A lesson whose video the worker has not finished says so in Korean and what to do meanwhile."""

import pytest

from courses.models import VideoLessonPage
from media_pipeline.models import VideoStatus

from .conftest import make_video

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolled(learner_client, course):
    learner_client.post(course.url, {"action": "enrol"})
    return learner_client


@pytest.mark.parametrize(
    ("status", "progress", "expected"),
    [
        (VideoStatus.PENDING, 0, "영상을 준비하고 있습니다 …"),
        (VideoStatus.TRANSCODING, 40, "영상을 준비하고 있습니다 (40%) …"),
        (VideoStatus.FAILED, 0, "영상을 준비하지 못했습니다."),
    ],
)
def test_a_lesson_whose_video_is_not_ready_shows_the_waiting_state(enrolled, course, status, progress, expected):
    video = make_video(duration=540.0)
    video.status, video.progress = status, progress
    video.save()
    lesson = VideoLessonPage(title="사례 영상", video=video)
    course.add_child(instance=lesson)
    html = enrolled.get(lesson.url).content.decode()
    assert expected in html
    assert "video-player--pending" in html and "css/player.css" in html
    assert f'href="{lesson.url}">다시 확인하기</a>' in html
    assert "<video" not in html and "data-heartbeat-url" not in html  # nothing to play, nothing to record
    if status != VideoStatus.FAILED:
        assert "재생 시간 약 9분" in html and "다른 차시나 콘텐츠를 먼저 학습한 뒤" in html

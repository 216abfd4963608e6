"""Demo U-지식여행: 20 episodes on the plan's three themes, 16 live (some this week) and 4 scheduled.

Each episode's clip is 2:40–3:30 of a still 320×180 picture with its title, registered through the
real media pipeline: the worker (`manage.py run_worker`) probes and transcodes it to HLS and takes the
poster frame, the newest live episodes (the top of the list) first and the scheduled ones last. Idempotent: a second run changes nothing.
"""

import tempfile
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from lms.home.demo import home_child
from media_pipeline.demo import demo_video

from .models import KnowledgeTripEpisodePage, KnowledgeTripIndexPage, Topic

SCHEDULED_COUNT = 4

EPISODES = {
    "공직자 서비스 마인드": [
        ("첫인사 3초가 민원을 바꾼다", "좋은 느낌을 주는 첫인사가 대화 전체의 분위기를 정합니다."),
        ("공무원은 왜 친절해야 할까", "시민의 입장에서 공무원을 바라보면 친절의 이유가 보입니다."),
        ("끝인사로 재민원을 막는 법", "해결 방법과 다음 단계를 분명히 알리는 끝인사를 연습합니다."),
        ("감정노동, 나를 지키는 서비스", "지친 마음을 돌보는 것도 좋은 서비스의 시작입니다."),
        ("전화 응대의 기본 다섯 가지", "신속한 수신, 소속과 이름, 메모, 복창, 끝인사를 익힙니다."),
        ("해결책이 없을 때 말하는 법", "안 되는 일을 안내할 때도 대안을 함께 제시합니다."),
        ("자존감이 서비스 품질을 만든다", "스스로를 존중하는 직원이 시민도 존중합니다."),
    ],
    "시민과의 소통기법": [
        ("상대의 감정을 누그러뜨리는 말", "공감 표현 한마디가 격해진 감정을 가라앉힙니다."),
        ("화성에서 온 시민, 금성에서 온 공무원", "같은 말도 다르게 듣는 이유와 오해 없이 전하는 법."),
        ("되묻기와 요약하기", "민원인의 말을 정확히 이해했는지 확인하는 대화 기법."),
        ("완전한 사과의 요령", "변명 없이 책임지는 사과의 네 단계를 배웁니다."),
        ("불만 민원인 응대 9단계", "경청부터 재발 방지 약속까지 단계별로 살펴봅니다."),
        ("쉬운 말로 안내하기", "행정 용어 대신 시민이 바로 이해하는 말로 바꿉니다."),
        ("폭언 앞에서 선 긋는 법", "정중하지만 단호하게 대화의 선을 지키는 방법."),
    ],
    "시민의 마음을 읽는 법": [
        ("민원 뒤에 숨은 욕구 읽기", "요구사항 너머에 있는 진짜 필요를 찾아봅니다."),
        ("불만 민원인의 심리 이해", "화가 난 시민의 마음속에서 무슨 일이 일어나는지 알아봅니다."),
        ("시민의 입장에서 공무원 바라보기", "창구 반대편에서 보면 달라 보이는 것들."),
        ("말귀를 알아듣는다는 것", "공무원은 왜 시민의 말귀를 못 알아듣는가에 대한 답."),
        ("DISC로 보는 민원인 유형", "성향별로 다른 대화 방법을 익힙니다."),
        ("고질 민원인을 대하는 우리의 자세", "반복되는 민원에도 지치지 않는 마음가짐."),
    ],
}
COLOURS = ["#1b4f8a", "#2f6f5e", "#7a3e9d", "#a3262a", "#8a5a1b"]
FIRST_SEEN = 4  # the newest live episodes, transcoded right after the first course's lessons


def episode_seconds(number):
    """About three minutes: 2:40–3:30, a different length for each episode."""
    return 160 + (number * 37) % 51


def transcode_priority(number, live_count):
    """Newest live episodes first (priority 10), then the other live ones, the scheduled ones last."""
    if number > live_count:
        return -10
    return 10 if number > live_count - FIRST_SEEN else 0


def load(stdout):
    index, _ = home_child(
        KnowledgeTripIndexPage,
        title="U-지식여행",
        slug="u-jisik",
        intro="공직자 서비스 마인드, 시민과의 소통기법, 시민의 마음을 읽는 법을 3분 안팎의 영상으로 만나 보세요.",
        show_in_menus=True,
    )

    topics = {topic.name: topic for topic in Topic.objects.all()}
    # Interleave the themes so every week brings something from each.
    episodes = [
        (topic_name, *items[position])
        for position in range(max(len(items) for items in EPISODES.values()))
        for topic_name, items in EPISODES.items()
        if position < len(items)
    ]
    existing = set(KnowledgeTripEpisodePage.objects.child_of(index).values_list("title", flat=True))
    now = timezone.now()
    created = 0
    live_count = len(episodes) - SCHEDULED_COUNT
    with tempfile.TemporaryDirectory() as folder:
        for number, (topic_name, title, summary) in enumerate(episodes, start=1):
            if title in existing:
                continue
            scheduled = number > len(episodes) - SCHEDULED_COUNT
            # Newest first: the last live episodes went live in the past few days, the rest weekly before.
            weeks_back = len(episodes) - SCHEDULED_COUNT - number
            go_live_at = (
                now + timedelta(days=7 * (number - (len(episodes) - SCHEDULED_COUNT)))
                if scheduled
                else now - timedelta(days=2 * weeks_back if weeks_back < 3 else 7 * weeks_back, hours=1)
            )
            episode = KnowledgeTripEpisodePage(
                title=title,
                summary=summary,
                topic=topics[topic_name],
                video=demo_video(
                    Path(folder), f"episode-{number:02d}", title,
                    label=f"U-지식여행 {number}화", colour=COLOURS[number % len(COLOURS)],
                    seconds=episode_seconds(number), rate=5, priority=transcode_priority(number, live_count),
                ),
                go_live_at=go_live_at,
                live=False,
            )
            index.add_child(instance=episode)
            episode.save_revision().publish()  # a future go_live_at leaves it scheduled for the worker
            created += 1
    stdout.write(f"U-지식여행 영상 {created}편을 만들었습니다(예약 공개 {SCHEDULED_COUNT}편 포함).")

"""What kinds of content search finds, their labels and filters, and which are for signed-in staff only.

A new kind of content registers here: add its page models to a kind (or a new `Kind`); the page model
inherits `search.index.KoreanSearchable`. 집합교육 has no page model yet (issue 15 adds offline
programmes): list the programme page model in `OFFLINE.models` when it exists.
"""

from dataclasses import dataclass

from django.apps import apps


@dataclass(frozen=True)
class Kind:
    slug: str
    label: str
    models: tuple  # "app_label.ModelName"
    staff_only: bool = False  # the pages ask for login: visitors never see their titles

    def model_classes(self):
        return [apps.get_model(label) for label in self.models]


ELEARNING = Kind(
    "elearning",
    "이러닝",
    (
        "courses.CourseIndexPage",
        "courses.CoursePage",
        "courses.VideoLessonPage",
        "courses.TextLessonPage",
        "courses.QuizLessonPage",
        "courses.ScormLessonPage",
    ),
    staff_only=True,
)
KNOWLEDGE_TRIP = Kind(
    "knowledge-trip",
    "U-지식여행",
    ("knowledge_trip.KnowledgeTripIndexPage", "knowledge_trip.KnowledgeTripEpisodePage"),
    staff_only=True,
)
WEBTOON = Kind("webtoon", "웹툰", ("webtoons.WebtoonSeriesPage", "webtoons.WebtoonEpisodePage"))
MANUAL = Kind("manual", "매뉴얼", ("webtoons.ManualPage",))
# Visitors see public campaigns only (search.selectors asks the campaigns app which ones are not).
CAMPAIGN = Kind("campaign", "캠페인", ("campaigns.CampaignIndexPage", "campaigns.CampaignPage"))
OFFLINE = Kind("offline", "집합교육", (), staff_only=True)

KINDS = [ELEARNING, KNOWLEDGE_TRIP, WEBTOON, MANUAL, CAMPAIGN, OFFLINE]
OTHER_LABEL = "안내"  # the home page and other plain pages


def kind_by_slug(slug):
    return next((kind for kind in KINDS if kind.slug == slug), None)


def kind_of(page):
    label = page._meta.label
    return next((kind for kind in KINDS if label in kind.models), None)

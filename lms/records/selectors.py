import time
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, Max, OuterRef, Q, Subquery, Sum, Value

from django.core.cache import cache
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction

from .models import CompletionRecord, EventKind, LearningEvent, LearningState

TRACKED_CONTENT_CACHE_SECONDS = 300
# Each process also remembers the answer this long, so most heartbeats skip the cache round trip.
# A page unpublished or changed in another process is therefore seen here within this time.
TRACKED_CONTENT_MEMO_SECONDS = 10
_MEMO_LIMIT = 10_000  # page ids; a flood of made-up ids cannot grow the memo without bound
_memo = {}  # page_id -> (valid until, TrackedContent or False)


def state_for(user, page):
    """The learner's state for a page, or None if they never touched it."""
    if not user.is_authenticated:
        return None
    return LearningState.objects.filter(user=user, page=page).first()


def states_of(*, user, page_ids):
    """{page_id: LearningState} of the learner's states among `page_ids` (one query)."""
    if not user.is_authenticated:
        return {}
    return {state.page_id: state for state in LearningState.objects.filter(user=user, page_id__in=list(page_ids))}


def with_viewer_completed(pages, *, user, name="viewer_completed"):
    """The page queryset annotated with `name`: whether `user` completed each page (False for visitors)."""
    if not user.is_authenticated:
        return pages.annotate(**{name: Value(False)})
    completed = LearningState.objects.filter(user=user, page=OuterRef("pk"), completed_at__isnull=False)
    return pages.annotate(**{name: Exists(completed)})


def with_viewer_state(pages, *, user):
    """The page queryset annotated with the learner's `viewer_last_position` and `viewer_completed_at`,
    which `player_context` then reads without a query of its own."""
    if not user.is_authenticated:
        return pages
    state = LearningState.objects.filter(user=user, page=OuterRef("pk"))
    return pages.annotate(
        viewer_last_position=Subquery(state.values("last_position")[:1]),
        viewer_completed_at=Subquery(state.values("completed_at")[:1]),
    )


def player_context(request, page):
    """What the player include (records/includes/tracked_video.html) needs for a tracked page: where beats go, where to resume, whether it is done.

    Anonymous visitors (public campaigns) get no heartbeat URL: they may watch, nothing is recorded.
    """
    if not request.user.is_authenticated:
        return {"heartbeat_url": "", "progress_url": "", "resume_position": 0, "is_complete": False}
    if hasattr(page, "viewer_completed_at"):  # joined in by with_viewer_state
        last_position, completed_at = page.viewer_last_position, page.viewer_completed_at
    else:
        state = state_for(request.user, page)
        last_position, completed_at = (state.last_position, state.completed_at) if state else (0, None)
    return {
        "heartbeat_url": reverse("records:heartbeat", args=[page.pk]),
        "progress_url": reverse("records:progress", args=[page.pk]),
        "resume_position": 0 if completed_at else (last_position or 0),
        "is_complete": completed_at is not None,
    }


def has_event(user, page, *, kind):
    """Whether the learner ever did `kind` on the page (e.g. took part in a campaign)."""
    return LearningEvent.objects.filter(user=user, page=page, kind=kind).exists()


def first_event_at(user, page, *, kind):
    """When the learner first did `kind` on the page (e.g. opened a text lesson) in their current
    attempt, or None."""
    events = LearningEvent.objects.filter(user=user, page=page, kind=kind)
    started = attempt_starts(user=user, page_ids=[page.pk]).get(page.pk)
    if started is not None:
        events = events.filter(created_at__gte=started)
    first = events.order_by("created_at").first()
    return first.created_at if first else None


def attempt_starts(*, user, page_ids):
    """{page_id: when the learner's current attempt began} for the pages they restarted
    (services.restart_attempt); a page never restarted is absent: its attempt is the first."""
    return dict(
        LearningEvent.objects.filter(user=user, page_id__in=list(page_ids), kind=EventKind.RESTART)
        .values_list("page_id")
        .annotate(latest=Max("created_at"))
    )


def started_pages(*, user, page_ids):
    """The pages among `page_ids` the learner did anything on (opened, watched, answered) in their
    current attempt; a restart alone is not a start (two queries)."""
    if not user.is_authenticated:
        return set()
    page_ids = list(page_ids)
    starts = attempt_starts(user=user, page_ids=page_ids)
    latest = (
        LearningEvent.objects.filter(user=user, page_id__in=page_ids)
        .exclude(kind=EventKind.RESTART)
        .values_list("page_id")
        .annotate(latest=Max("created_at"))
    )
    return {page_id for page_id, at in latest if page_id not in starts or at >= starts[page_id]}


def evaluation_year_of(day):
    """The evaluation year a completion on `day` counts in: the calendar year."""
    return day.year


def completions_of(*, user, year=None):
    """The person's completion records, latest first; only one evaluation year's if given."""
    records = CompletionRecord.objects.filter(user=user).select_related("department")
    if year is not None:
        records = records.filter(evaluation_year=year)
    return records.order_by("-completed_on", "-id")


def hours_by_year(*, user, years):
    """{year: recognised hours} for each of `years`, zero for a year without any."""
    totals = dict(
        CompletionRecord.objects.filter(user=user, evaluation_year__in=list(years))
        .values_list("evaluation_year")
        .annotate(total=Sum("hours"))
    )
    return {year: totals.get(year) or Decimal("0.00") for year in years}


def has_completed(*, user, kind, key, year=None):
    records = CompletionRecord.objects.filter(user=user, item_kind=kind, item_key=str(key))
    if year is not None:
        records = records.filter(evaluation_year=year)
    return records.exists()


ATTRIBUTIONS = ("at_completion", "current")


def completion_records(
    *, year=None, department=None, kinds=None, categories=None, user_ids=None, attribution="at_completion"
):
    """Completion records for reports. `department` (a people.Department) keeps its subtree: by the
    department on the completion date (attribution "at_completion", 당시소속) or the person's current
    one ("current"). `categories` ({kind key: categories}) narrows those kinds to records of those
    categories; the other `kinds` count whatever their category."""
    if attribution not in ATTRIBUTIONS:
        raise ValueError(f"알 수 없는 소속 기준입니다: {attribution}")
    records = CompletionRecord.objects.select_related("user", "department")
    if year is not None:
        records = records.filter(evaluation_year=year)
    if kinds is not None:
        records = records.filter(item_kind__in=list(kinds))
    if categories:
        narrowed = Q(item_kind__in=[kind for kind in (kinds or ()) if kind not in categories])
        for kind, kind_categories in categories.items():
            narrowed |= Q(item_kind=kind, category__in=list(kind_categories))
        records = records.filter(narrowed)
    if user_ids is not None:
        records = records.filter(user_id__in=list(user_ids))
    if department is not None:
        field = "department__path" if attribution == "at_completion" else "user__profile__department__path"
        records = records.filter(**{f"{field}__startswith": department.path})
    return records


def tracked_video_for(page):
    """The Video a page is tracked against, or None when the page has none (or it has no length yet)."""
    video = getattr(page.specific, "tracked_video", None)
    if video is None or not video.duration or video.duration <= 0:
        return None
    return video


@dataclass(frozen=True)
class TrackedContent:
    """What the heartbeat needs to know about a page; cached because every beat asks."""

    page_id: int
    duration: float
    completion_threshold: int
    is_public: bool
    view_restriction_ids: tuple
    has_learner_rule: bool  # the page defines can_learn(user), e.g. course audience and enrolment


def _cache_key(page_id):
    return f"records:tracked-content:{page_id}"


def tracked_content(page_id):
    """A live page with a tracked video, or None. Invalidated by `forget_tracked_content`."""
    remembered = _memo.get(page_id)
    if remembered is not None and remembered[0] > time.monotonic():
        return remembered[1] or None
    content = _cached_tracked_content(page_id)
    if len(_memo) >= _MEMO_LIMIT:
        _memo.clear()
    _memo[page_id] = (time.monotonic() + TRACKED_CONTENT_MEMO_SECONDS, content)
    return content or None


def _cached_tracked_content(page_id):
    """TrackedContent, or False for "not trackable" (cached too)."""
    key = _cache_key(page_id)
    cached = cache.get(key)
    if cached is not None:
        return cached
    page = Page.objects.live().filter(pk=page_id).first()
    video = tracked_video_for(page) if page else None
    content = False
    if video is not None:
        specific = page.specific
        content = TrackedContent(
            page_id=page.pk,
            duration=float(video.duration),
            completion_threshold=int(getattr(specific, "completion_threshold", 90) or 90),
            is_public=bool(getattr(specific, "is_public_content", False)),
            view_restriction_ids=tuple(r.pk for r in page.get_view_restrictions()),
            has_learner_rule=callable(getattr(specific, "can_learn", None)),
        )
    cache.set(key, content, TRACKED_CONTENT_CACHE_SECONDS)
    return content


def forget_tracked_content(page_ids):
    cache.delete_many([_cache_key(page_id) for page_id in page_ids])
    for page_id in page_ids:
        _memo.pop(page_id, None)


def _may_learn_key(page_id, user_id):
    return f"records:may-learn:{page_id}:{user_id}"


def forget_may_learn(*, user_id, page_ids):
    """The cached yes of `may_learn` no longer holds (e.g. a restarted course locks its later lessons again)."""
    cache.delete_many([_may_learn_key(page_id, user_id) for page_id in page_ids])


def may_learn(user, content):
    """The page's own rule for who may be credited (course audience and enrolment).

    Only a yes is cached: a learner who enrols right after a refusal must not wait for the cache.
    """
    if not content.has_learner_rule:
        return True
    key = _may_learn_key(content.page_id, user.pk)
    if cache.get(key):
        return True
    allowed = bool(Page.objects.get(pk=content.page_id).specific.can_learn(user))
    if allowed:
        cache.set(key, True, TRACKED_CONTENT_CACHE_SECONDS)
    return allowed


def passes_view_restrictions(request, content):
    """Wagtail's own view restriction check (login, groups, password) for the page."""
    if not content.view_restriction_ids:
        return True
    restrictions = PageViewRestriction.objects.filter(pk__in=content.view_restriction_ids)
    return all(restriction.accept_request(request) for restriction in restrictions)

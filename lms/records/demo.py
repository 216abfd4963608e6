"""Demo: the whole organisation's online learning, last year and this year so far, so HR's reports and
the evaluation dashboard show what a real year looks like: each department at its own pace (some near
every member, some far behind), completions spread over the months, series watched a few episodes or
many. Only what `mark_complete` would leave is written (events, states, completion records, through
`bulk.complete_pages`), not the minutes watched.

Runs after the content apps' demos. The demo logins and everyone those demos already took through the
pages keep exactly the history they were given."""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from lms.people import selectors as people
from lms.people.demo import DEMO_LOGINS
from lms.people.models import User

from . import bulk, registry
from .models import LearningState

SEED = 20181231
LOWEST_PACE, HIGHEST_PACE = 0.20, 0.85
KIND_SHARE = 0.8  # of those taking part online in a year, how many take up a given kind of content
MOST_ITEMS_PER_YEAR = 6  # of one kind, per person: enough for every series threshold the rules use


def department_pace(department, year):
    """The share of a department's staff who take part in online learning in `year`: fixed per
    department and year, so every demo app's history agrees about which departments lead."""
    if department is None:
        return LOWEST_PACE
    rng = random.Random(f"{SEED}:{department.code}:{year}")
    return LOWEST_PACE + (HIGHEST_PACE - LOWEST_PACE) * rng.random()


def takes_part(user, department, year):
    """Whether the person learns online at all in `year`: drawn once per person and year, so the same
    people complete courses and watch episodes (a department's rate is about its pace, not higher)."""
    return random.Random(f"{SEED}:{user.pk}:{year}").random() < department_pace(department, year)


def learning_years(today):
    """(year, first day, last day) of last year and of this year up to yesterday."""
    return [
        (today.year - 1, date(today.year - 1, 2, 1), date(today.year - 1, 12, 20)),
        (today.year, date(today.year, 2, 1), today - timedelta(days=1)),
    ]


def moment_between(rng, first_day, last_day):
    """A working-hours moment between the two days, more of them late in the period (as staff catch up
    before the year-end evaluation)."""
    span = max((last_day - first_day).days, 0)
    day = first_day + timedelta(days=round(rng.triangular(0, span, span * 0.9)))
    return timezone.make_aware(datetime.combine(day, time(rng.randint(9, 17), rng.randint(0, 59))))


def organisation_staff():
    """Active staff with their department, without the demo logins."""
    return list(
        User.objects.filter(is_active=True, profile__isnull=False)
        .exclude(username__in=[username for _, username, _ in DEMO_LOGINS])
        .select_related("profile__department")
        .order_by("username")
    )


def departments_on(staff, day):
    """{user id: department} on `day` from the dated roster; someone not on it then is left out."""
    return {
        user_id: placement.department
        for user_id, placement in people.placements_on(user_ids=[user.pk for user in staff], on=day).items()
    }


def load(stdout):
    staff = organisation_staff()
    taken = {
        (user_id, page_id) for user_id, page_id in LearningState.objects.values_list("user_id", "page_id")
    }
    today = timezone.localdate()
    written = 0
    for kind, page_model in registry.completed_page_models().items():
        pages = list(page_model.objects.live().order_by("path"))
        if not pages:
            continue
        rng = random.Random(f"{SEED}:{kind}")
        page_ids = {page.pk for page in pages}
        given = {user_id for user_id, page_id in taken if page_id in page_ids}
        completions = []
        for year, first_day, last_day in learning_years(today):
            departments = departments_on(staff, last_day)
            for user in staff:
                department = departments.get(user.pk)
                if user.pk in given or department is None or not takes_part(user, department, year):
                    continue
                if rng.random() >= KIND_SHARE:
                    continue
                started = max(first_day, user.profile.active_from or first_day)
                if started > last_day:  # joined after this period
                    continue
                # A person goes through a series in order, picking up this year where they left off last year.
                fresh = [page for page in pages if (user.pk, page.pk) not in taken]
                for page in fresh[: rng.randint(1, min(len(pages), MOST_ITEMS_PER_YEAR))]:
                    taken.add((user.pk, page.pk))
                    completions.append(bulk.PageCompletion(user, page, kind, moment_between(rng, started, last_day)))
        written += bulk.complete_pages(completions)
    stdout.write(f"  조직 전체의 온라인 학습 이력: 이수 {written:,}건 (지난해와 올해)")

"""Demo: the whole organisation's 이러닝 completions, last year and this year so far, at each department's
pace (`lms.records.demo.takes_part`), so HR's reports and the evaluation show realistic rates.

Each completion is what `services.write_course_completion` leaves (the enrolment, the certificate, the
completion record with the course's hours), written in bulk; the lessons are not replayed (the history
is the completions, as with `courses.demo`'s last year). People `courses.demo` took through the course
keep exactly that history."""

import random
from datetime import timedelta

from django.utils import timezone

from lms.records import bulk
from lms.records.demo import departments_on, learning_years, moment_between, organisation_staff, takes_part
from lms.records.models import CompletionSource

from .models import COURSE_KIND, CourseCompletion, CoursePage, Enrolment
from .services import new_serial

SEED = 20180208
COURSE_SHARE = 0.85  # of those taking part online in a year, how many complete a given course


def _serials(year, count, used):
    serials = []
    while len(serials) < count:
        serial = new_serial(year)
        if serial not in used:
            used.add(serial)
            serials.append(serial)
    return serials


def load(stdout):
    staff = organisation_staff()
    today = timezone.localdate()
    used_serials = set(CourseCompletion.objects.values_list("serial", flat=True))
    written = 0
    for course in CoursePage.objects.live().order_by("path"):
        given = set(Enrolment.objects.filter(course=course).values_list("user_id", flat=True))
        rng = random.Random(f"{SEED}:{course.pk}")
        planned = []  # (user, moment, year, department)
        for year, first_day, last_day in learning_years(today):
            departments = departments_on(staff, last_day)
            for user in staff:
                department = departments.get(user.pk)
                started = max(first_day, user.profile.active_from or first_day)
                if user.pk in given or department is None or started > last_day:
                    continue
                if takes_part(user, department, year) and rng.random() < COURSE_SHARE:
                    planned.append((user, moment_between(rng, started, last_day), year, department))
        if not planned:
            continue
        first_moment = {}
        for user, moment, _, _ in planned:
            first_moment[user.pk] = min(moment, first_moment.get(user.pk, moment))
        Enrolment.objects.bulk_create(
            [Enrolment(user_id=user_id, course=course, enrolled_at=moment - timedelta(days=14)) for user_id, moment in first_moment.items()],
            batch_size=bulk.BATCH_SIZE,
        )
        serials = {year: iter(_serials(year, sum(1 for p in planned if p[2] == year), used_serials)) for year in {p[2] for p in planned}}
        certificates = CourseCompletion.objects.bulk_create(
            [
                CourseCompletion(
                    user=user, course=course, completed_at=moment, serial=next(serials[year]),
                    learner_name=user.get_full_name(), department_name=department.name,
                    course_title=course.title, hours=course.recognised_hours, evaluation_year=year,
                )
                for user, moment, year, department in planned
            ],
            batch_size=bulk.BATCH_SIZE,
        )
        bulk.record_completions(
            bulk.Completion(
                user=user, kind=COURSE_KIND, key=str(course.pk), title=course.title,
                completed_on=timezone.localdate(moment), hours=course.recognised_hours, source=CompletionSource.ONLINE,
                evidence={"model": "courses.coursecompletion", "pk": certificate.pk}, page=course,
            )
            for (user, moment, _, _), certificate in zip(planned, certificates)
        )
        written += len(planned)
    stdout.write(f"  조직 전체의 이러닝 이수 이력: {written:,}건 (지난해와 올해)")

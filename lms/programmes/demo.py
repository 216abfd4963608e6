"""Demo offline programmes of the current year, as the 2018 plan (§1–§4, §6) and the arisu plan (§3)
run them: 힐링 10회 450명, 찾아가는 친절교육 20회 × 50명, 명사특강 2회 + 런치특강 4회, 원포인트레슨 20개
부서, 신규 9회 2,200명 and 재직 2회 100명, 현장전문인 교육 10회. Past sessions have their attendance
(written through the services, so every attendee has a completion record); sessions still to come,
and three added in the coming weeks, are open for application. Plus a file of completions imported
from the 인재개발원 LMS. Idempotent: a year that already has programmes is left alone.
"""

import csv
import datetime
import io
import random
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from lms.people.models import Department, StaffProfile, User

from .imports import apply_completions
from .models import (
    Audience,
    AttendanceMethod,
    ImportKind,
    ImportUpload,
    InstructorType,
    Programme,
    ProgrammeKind,
    Registration,
    RegistrationStatus,
    Session,
)
from .services import Attendee, record_attendances

SEED = 20180208
KST = datetime.timezone(datetime.timedelta(hours=9))
HR_EMPLOYEE_NUMBER = "1000003"  # 박인사, the demo 인사 담당자 (lms/people/demo.py)
STAFF_EMPLOYEE_NUMBER = "1000001"  # 김민원, the demo member of staff
ATTENDANCE_SHARE = 0.92  # of those who applied, how many came


@dataclass(frozen=True)
class DemoProgramme:
    title: str
    kind: str
    audience: str
    instructor_type: str
    instructor: str
    organiser: str
    # (month, day, days, capacity, place, start hour, end hour)
    sessions: list
    hours: str
    pool: str  # who attends: "high", "all", "junior", "frontline_junior", "water_field", "department"


def _monthly(months, capacity, place, *, days=1, start=10, end=17, day=15):
    return [(month, day + (i % 2) * 7, days, capacity, place, start, end) for i, month in enumerate(months)]


PROGRAMMES = [
    DemoProgramme(
        "감정노동 힐링 프로그램", "감정노동 힐링 프로그램", Audience.HIGH_INTENSITY, InstructorType.EXTERNAL,
        "외부 전문 힐링교육기관", "시민봉사담당관·인력개발과",
        _monthly([3, 4, 4, 5, 6, 7, 9, 9, 10, 11], 45, "인재개발원 힐링센터 ‘쉼표’", days=2), "14", "high",
    ),
    DemoProgramme(
        "찾아가는 맞춤형 친절교육", "찾아가는 맞춤형 친절교육", Audience.CHOSEN, InstructorType.INTERNAL,
        "시민봉사담당관 CS 전문강사", "시민봉사담당관",
        [(3 + i // 3, 5 + (i % 3) * 8, 1, 50, "방문 부서 회의실", 14, 16) for i in range(20)], "2", "department",
    ),
    DemoProgramme(
        "소통공감 명사특강", "소통공감 명사특강", Audience.ALL, InstructorType.EXTERNAL,
        "소통전문 명강사", "시민봉사담당관", _monthly([5, 10], 200, "서울시청 태평홀", start=15, end=17), "2", "all",
    ),
    DemoProgramme(
        "런치특강", "런치특강", Audience.ALL, InstructorType.EXTERNAL, "소통전문 강사", "시민봉사담당관",
        _monthly([4, 6, 9, 11], 100, "서울시청 바스락홀", start=12, end=13), "1", "all",
    ),
    DemoProgramme(
        "민원응대 원포인트레슨", "민원응대 원포인트레슨", Audience.CHOSEN, InstructorType.EXTERNAL,
        "민간 전문업체 강사단", "시민봉사담당관",
        [(4 + i // 3, 6 + (i % 3) * 7, 1, 25, "방문 부서 사무실", 9, 9) for i in range(20)], "0.25", "department",
    ),
    DemoProgramme(
        "새내기 공무원 민원응대 역량강화", "신규·재직 민원응대역량 과정", Audience.ALL, InstructorType.INTERNAL,
        "인재개발원·시민봉사담당관 전문강사", "인재개발원",
        _monthly([2, 3, 4, 5, 6, 7, 8, 9, 10], 250, "인재개발원 대강당"), "7", "junior",
    ),
    DemoProgramme(
        "시민중심 서비스 디자인(전화친절응대)", "신규·재직 민원응대역량 과정", Audience.HIGH_INTENSITY,
        InstructorType.INTERNAL, "인재개발원 전문강사", "인재개발원",
        _monthly([4, 9], 50, "인재개발원 301호", days=3), "21", "frontline_junior",
    ),
    DemoProgramme(
        "아리수 현장전문인 양성 교육", "현장전문인 교육", Audience.CHOSEN, InstructorType.INTERNAL,
        "상수도사업본부 현장 전문가", "상수도사업본부",
        _monthly([3, 4, 5, 6, 7, 8, 9, 10, 11, 11], 30, "상수도 체험시설(구의)"), "7", "water_field",
    ),
]
# 신규 9회 2,200명: 8 cohorts of 244 and one of 248.
NEW_RECRUIT_SIZES = [244] * 8 + [248]
UPCOMING = [  # (programme title, days from today, label)
    ("런치특강", 9, "연말 특별회차"),
    ("소통공감 명사특강", 16, "연말 특별회차"),
    ("감정노동 힐링 프로그램", 23, "추가 회차"),
]


def load(stdout):
    year = timezone.localdate().year
    if Programme.objects.filter(year=year).exists():
        stdout.write(f"  {year}년 집합교육이 이미 있어 그대로 둡니다.")
        return
    hr = User.objects.get(username=HR_EMPLOYEE_NUMBER)
    rng = random.Random(SEED + year)
    pools = _pools(rng)
    visited = _visited_departments(rng)
    kinds = {kind.name: kind for kind in ProgrammeKind.objects.all()}
    now = timezone.now()
    attended = 0
    for spec in PROGRAMMES:
        programme = Programme.objects.create(
            title=spec.title,
            kind=kinds[spec.kind],
            year=year,
            audience=spec.audience,
            instructor_type=spec.instructor_type,
            instructor=spec.instructor,
            organiser=spec.organiser,
        )
        if spec.pool == "water_field":
            programme.departments.set(Department.objects.filter(code="WTR"))
        sizes = NEW_RECRUIT_SIZES if spec.pool == "junior" else None
        for number, (month, day, days, capacity, place, start, end) in enumerate(spec.sessions, start=1):
            department = visited[spec.kind][number - 1] if spec.pool == "department" else None
            session = _session(programme, year, number, month, day, days, place, start, end, spec, capacity, department)
            if department is not None:
                programme.departments.add(department)
                people = _department_staff(department, capacity)
            else:
                size = sizes[number - 1] if sizes else capacity
                people = _take(pools[spec.pool], size)
            attended += _fill(session, people, now, hr, rng)
    for title, days_ahead, label in UPCOMING:
        programme = Programme.objects.get(year=year, title=title)
        template = programme.sessions.order_by("starts_at").last()
        day = timezone.localdate() + datetime.timedelta(days=days_ahead)
        session = Session.objects.create(
            programme=programme,
            label=label,
            starts_at=datetime.datetime.combine(day, timezone.localtime(template.starts_at).time(), tzinfo=KST),
            ends_at=datetime.datetime.combine(day, timezone.localtime(template.ends_at).time(), tzinfo=KST),
            place=template.place,
            capacity=template.capacity,
            hours=template.hours,
        )
        _fill(session, _take(pools["high" if programme.audience == Audience.HIGH_INTENSITY else "all"], 12), now, hr, rng)
    imported = _import_completions(year, hr, rng)
    stdout.write(
        f"  집합교육 {Programme.objects.filter(year=year).count()}개 프로그램, "
        f"{Session.objects.filter(programme__year=year).count()}회차, 출석 {attended:,}명, "
        f"인재개발원 이수 기록 {imported}건을 만들었습니다."
    )


def _session(programme, year, number, month, day, days, place, start, end, spec, capacity, department):
    first = datetime.date(year, month, min(day, 28))
    last = first + datetime.timedelta(days=days - 1)
    return Session.objects.create(
        programme=programme,
        label=f"{number}회차",
        starts_at=datetime.datetime.combine(first, datetime.time(start), tzinfo=KST),
        ends_at=datetime.datetime.combine(last, datetime.time(end, 15 if start == end else 0), tzinfo=KST),
        place=f"{department.name} {place}" if department else place,
        capacity=capacity,
        hours=Decimal(spec.hours),
        visited_department=department,
        open_for_application=department is None,
        registration_required=department is None,
    )


def _pools(rng):
    """Who each programme draws its attendees from, shuffled once; everyone attends a programme once."""
    profiles = StaffProfile.objects.filter(user__is_active=True).select_related("department")
    staff = [(profile.user_id, profile.department, profile.rank) for profile in profiles.order_by("user_id")]
    demo_staff = User.objects.filter(username=STAFF_EMPLOYEE_NUMBER).values_list("pk", flat=True).first()

    def pool(keep):
        ids = [user_id for user_id, department, rank in staff if keep(department, rank)]
        rng.shuffle(ids)
        if demo_staff in ids:  # the demo member of staff attends, so their 내 학습 shows it
            ids.remove(demo_staff)
            ids.insert(0, demo_staff)
        return ids

    junior = ("9급", "8급", "7급")
    return {
        "high": pool(lambda department, rank: department.high_intensity),
        "all": pool(lambda department, rank: True),
        "junior": pool(lambda department, rank: rank.startswith(junior)),
        "frontline_junior": pool(lambda department, rank: department.high_intensity and not rank.startswith(("5급", "4급"))),
        "water_field": pool(
            lambda department, rank: department.code.startswith("WTR-") and department.code.endswith(("-FIELD", "-FEE", "-ADMIN"))
        ),
    }


def _take(pool, size):
    taken, pool[:] = pool[:size], pool[size:] + pool[:size]
    return taken


def _visited_departments(rng):
    """Visiting training goes to ordinary units (찾아가는 친절교육) and 본청 divisions (원포인트레슨)."""
    ordinary = list(Department.objects.filter(high_intensity=False, depth__gte=3, kind="부서").order_by("code"))
    rng.shuffle(ordinary)
    return {"찾아가는 맞춤형 친절교육": ordinary[:20], "민원응대 원포인트레슨": ordinary[20:40]}


def _department_staff(department, size):
    return list(
        StaffProfile.objects.filter(department__path__startswith=department.path, user__is_active=True)
        .order_by("user_id")
        .values_list("user_id", flat=True)[:size]
    )


def _fill(session, user_ids, now, hr, rng):
    """Applications (for sessions that take them) and, for past sessions, attendance."""
    past = session.ends_at < now
    if session.registration_required:
        status = RegistrationStatus.CONFIRMED if past else RegistrationStatus.APPLIED
        applied_at = session.starts_at - datetime.timedelta(days=14)
        Registration.objects.bulk_create(
            [Registration(session=session, user_id=user_id, status=status, applied_at=applied_at) for user_id in user_ids]
        )
    if not past:
        return 0
    present = [user_id for index, user_id in enumerate(user_ids) if index == 0 or rng.random() < ATTENDANCE_SHARE]
    record_attendances(
        session=session,
        attendees=[Attendee(user_id, session.first_day) for user_id in present],
        method=AttendanceMethod.CHECK_IN,
        recorded_by=hr,
    )
    return len(present)


IMPORTED_COURSES = [  # (code, title, type, hours)
    ("HRD-E-2101", "공직자 서비스 마인드", "이러닝", "3"),
    ("HRD-E-2102", "오해 없는 서비스 커뮤니케이션", "이러닝", "5"),
    ("HRD-C-3301", "불만 민원인 응대 요령(DISC)", "집합", "7"),
]
IMPORTED_ROWS = 300


def _import_completions(year, hr, rng):
    """A 인재개발원 LMS export, imported through the same code as HR's file."""
    people = list(User.objects.filter(is_active=True, profile__isnull=False).order_by("pk").values_list("username", flat=True))
    rows = []
    for username in rng.sample(people, IMPORTED_ROWS):
        code, title, learning_type, hours = rng.choice(IMPORTED_COURSES)
        completed = datetime.date(year, rng.randint(2, 10), rng.randint(1, 28))
        rows.append([username, title, code, learning_type, f"{completed:%Y-%m-%d}", hours])
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["직원번호", "과정명", "과정코드", "학습유형", "이수일", "인정시간"])
    writer.writerows(rows)
    name = f"인재개발원_이수내역_{year}.csv"
    upload = ImportUpload.objects.create(kind=ImportKind.COMPLETIONS, original_name=name, uploaded_by=hr)
    plan = apply_completions(buffer.getvalue().encode("utf-8-sig"), name, upload=upload)
    upload.applied_at, upload.result = timezone.now(), plan.counts()
    upload.save(update_fields=["applied_at", "result"])
    return len(plan.to_write)

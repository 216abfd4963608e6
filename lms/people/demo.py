"""Demo organisation and staff: a realistic city from the shared department CSV.

≥150 departments (본청 실국·과, 상수도사업본부 and all 8 수도사업소, 소방재난본부 and the 25 fire
stations, 인재개발원, 120다산콜재단, other 사업소) and exactly 6,350 active staff — 450 in
high-intensity complaint-facing units and 5,900 in ordinary ones (the 2018 plan's table) — generated
with a fixed seed and written through the same bulk roster import HR uses, so a second run
changes nothing.

The roster has a history too (demo_history): the staff of January last year, with start dates spread
over the years by rank, then the imports HR would have made since — the January and July transfers
of last year, this year's transfers and promotions, this year's hires, and a full roster that lets a
few leave. Each is the roster import with its 기준일; replayed on a second run they change nothing.
"""

import random
from dataclasses import dataclass, field, replace
from datetime import date

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from . import roles
from django.utils import timezone

from .models import Department, Membership, StaffProfile, User
from .roster import ParsedRoster, RosterRow, apply_parsed_roster
from .services import DEFAULT_DEPARTMENTS_CSV, DepartmentSpec, load_departments, read_departments_file

DEMO_PASSWORD = "demo1234!"  # dev only
SEED = 20180208  # the 2018 plan's approval date
HIGH_INTENSITY_STAFF = 450
ORDINARY_STAFF = 5900
FIRST_GENERATED_NUMBER = 2000001
EMAIL_DOMAIN = "seoul.go.kr"


@dataclass(frozen=True)
class DemoPerson:
    role_label: str
    employee_number: str
    name: str
    department_code: str
    rank: str
    group: str | None
    managed_department_code: str | None = None


DEMO_PEOPLE = [
    DemoPerson("직원 (고강도 민원부서 · 열린민원실)", "1000001", "김민원", "CSV-OPEN", "7급 주무관", roles.STAFF),
    DemoPerson("콘텐츠 편집자", "1000002", "이편집", "NMD", "6급 주무관", roles.EDITOR),
    DemoPerson("인사 담당자", "1000003", "박인사", "HRD", "6급 주무관", roles.HR),
    DemoPerson("부서 담당자 (남부수도사업소)", "1000004", "최담당", "WTR-S", "5급 팀장", roles.DEPARTMENT_MANAGER, "WTR-S"),
]
ADMIN_USERNAME = "admin"

DEMO_LOGINS = [(person.role_label, person.employee_number, DEMO_PASSWORD) for person in DEMO_PEOPLE] + [
    ("최고 관리자", ADMIN_USERNAME, DEMO_PASSWORD)
]

DEMO_LEARNER = DEMO_PEOPLE[0].employee_number  # 김민원, the demo staff login


def demo_learner():
    """The demo staff login's user, or None before the people demo ran."""
    return User.objects.filter(username=DEMO_LEARNER, profile__isnull=False).first()


def generated_staff(count):
    """The first `count` active generated staff (none of the demo logins): the learners other demos give
    a history of their own."""
    return list(
        User.objects.filter(profile__isnull=False, is_active=True).exclude(username__startswith="1000").order_by("username")[:count]
    )


# 본청 실국 and their 과 (code prefix, bureau name, division names).
BUREAUS = [
    ("PLN", "기획조정실", ["기획담당관", "예산담당관", "조직담당관", "재정관리담당관", "법무담당관"]),
    ("ADM", "행정국", ["자치행정과", "인사과", "행정과", "정보공개정책과", "서울기록원"]),
    ("FIN", "재무국", ["재무과", "세제과", "세무과", "38세금징수과", "계약심사과"]),
    ("ECO", "경제정책실", ["경제정책과", "소상공인정책과", "일자리정책과", "공정경제과", "투자창업과"]),
    ("WEL", "복지정책실", ["복지정책과", "희망복지지원과", "노인복지과", "장애인복지정책과", "자활지원과"]),
    ("FAM", "여성가족정책실", ["여성정책담당관", "가족담당관", "아동담당관", "보육담당관"]),
    ("HLT", "시민건강국", ["보건의료정책과", "감염병관리과", "식품정책과", "생활보건과"]),
    ("ENV", "기후환경본부", ["기후환경정책과", "대기정책과", "자원순환과", "녹색에너지과"]),
    ("TRN", "도시교통실", ["교통정책과", "버스정책과", "택시물류과", "주차계획과", "교통운영과"]),
    ("URB", "도시계획국", ["도시계획과", "도시관리과", "시설계획과", "토지관리과"]),
    ("HOU", "주택정책실", ["주택정책과", "공동주택과", "임대주택과", "건축기획과"]),
    ("SAF", "안전총괄실", ["안전총괄과", "재난안전정책과", "도로관리과", "시설안전과", "하천관리과"]),
    ("CUL", "문화본부", ["문화정책과", "문화예술과", "박물관과", "관광정책과", "체육정책과"]),
    ("GRN", "푸른도시국", ["공원녹지정책과", "조경과", "산림과"]),
]

# 상수도사업본부: all 8 수도사업소 (남부 is in the shared CSV) with the same five 과.
WATER_OFFICES = [
    ("WTR-C", "중부"),
    ("WTR-E", "동부"),
    ("WTR-W", "서부"),
    ("WTR-N", "북부"),
    ("WTR-GS", "강서"),
    ("WTR-YD", "영등포"),
    ("WTR-GN", "강남"),
]
WATER_DIVISIONS = [  # suffix, name, complaint-facing
    ("ADMIN", "행정지원과", True),
    ("FEE", "요금과", True),
    ("FIELD", "현장민원과", True),
    ("SUPPLY", "급수운영과", False),
    ("FAC", "시설관리과", False),
]
PURIFICATION_CENTRES = ["광암", "구의", "뚝도", "암사", "강북", "영등포"]

# 소방재난본부: the 25 fire stations (중부소방서 is FIRE-1 in the shared CSV).
FIRE_STATIONS = [
    "종로", "용산", "성동", "광진", "동대문", "중랑", "성북", "강북", "도봉", "노원", "은평", "서대문",
    "마포", "양천", "강서", "구로", "금천", "영등포", "동작", "관악", "서초", "강남", "송파", "강동",
]

# Other 사업소 under the city: (code, name, high-intensity, [(suffix, division, high-intensity)]).
FIELD_OFFICES = [
    ("HAN", "한강사업본부", False, [("ADM", "총무과", False), ("PARK", "공원관리과", False), ("SAFE", "안전관리과", False)]),
    ("ZOO", "서울대공원", False, [("ADM", "관리과", False), ("ANIMAL", "동물기획과", False), ("FAC", "시설과", False)]),
    ("LIB", "서울도서관", False, [("POL", "도서관정책과", False), ("SRV", "자료운영과", False)]),
    ("MUS", "서울역사박물관", False, [("COL", "유물관리과", False), ("EXH", "전시과", False)]),
    ("ART", "서울시립미술관", False, [("CUR", "학예과", False), ("OPS", "운영과", False)]),
    ("LAB", "보건환경연구원", False, [("HLT", "보건연구부", False), ("ENV", "환경연구부", False)]),
    ("CAR", "차량등록사업소", True, [("REG1", "등록1팀", True), ("REG2", "등록2팀", True)]),
] + [
    (f"ROAD-{code}", f"{name}도로사업소", False, [])
    for code, name in [("E", "동부"), ("W", "서부"), ("S", "남부"), ("N", "북부"), ("SD", "성동"), ("GS", "강서")]
] + [
    (f"PARK-{code}", f"{name}공원여가센터", False, [])
    for code, name in [("E", "동부"), ("W", "서부"), ("S", "남부"), ("N", "북부")]
]

SURNAMES = [  # (surname, romanisation, share in % of Koreans)
    ("김", "kim", 21.5), ("이", "lee", 14.7), ("박", "park", 8.4), ("최", "choi", 4.7), ("정", "jung", 4.3),
    ("강", "kang", 2.3), ("조", "cho", 2.1), ("윤", "yoon", 2.1), ("장", "jang", 2.0), ("임", "lim", 1.7),
    ("한", "han", 1.5), ("오", "oh", 1.5), ("서", "seo", 1.5), ("신", "shin", 1.5), ("권", "kwon", 1.4),
    ("황", "hwang", 1.4), ("안", "ahn", 1.4), ("송", "song", 1.3), ("류", "ryu", 1.2), ("전", "jeon", 1.1),
    ("홍", "hong", 1.1), ("고", "ko", 0.9), ("문", "moon", 0.9), ("양", "yang", 0.9), ("손", "son", 0.9),
    ("배", "bae", 0.8), ("백", "baek", 0.8), ("허", "heo", 0.6), ("유", "yoo", 0.6), ("남", "nam", 0.5),
    ("심", "shim", 0.5), ("노", "noh", 0.4), ("하", "ha", 0.4), ("곽", "kwak", 0.4), ("성", "sung", 0.4),
    ("차", "cha", 0.4), ("주", "joo", 0.4), ("우", "woo", 0.4), ("구", "koo", 0.4), ("민", "min", 0.3),
]
GIVEN_NAMES = (
    "민준 서연 지훈 수빈 현우 지은 성민 은영 정호 미경 영수 혜진 동현 수진 준호 지영 상훈 은정 재형 소영 "
    "진우 유진 태현 하은 경민 나연 승현 보람 영호 선영 도윤 예린 민호 지혜 성진 윤희 광수 은주 종민 현정 "
    "재원 미숙 상철 정은 우진 다은 건우 서현 병철 혜원 지호 수연 승우 가영 형준 주희 태윤 연경 석진 민지 "
    "동욱 세영 창민 희정 영진 은비 준영 선희 기현 수정 정훈 미영 진혁 아름 용준 은혜 재민 소희 인호 슬기"
).split()
RANKS = [("9급 주무관", 12), ("8급 주무관", 18), ("7급 주무관", 30), ("6급 주무관", 24), ("5급 팀장", 12), ("4급 과장", 4)]
# Years of service before the history's first day, by rank: (fewest, most).
SERVICE_YEARS = {"9급": (0, 3), "8급": (1, 6), "7급": (2, 12), "6급": (6, 20), "5급": (12, 26), "4급": (18, 32)}
TRANSFERS_PER_ROUND = 40
PROMOTIONS = 40
LEAVERS = 24  # replaced one for one by this year's hires, in the same departments
FIRST_HIRE_NUMBER = 2100001


def load(stdout):
    department_summary = load_departments(demo_department_specs())
    stdout.write(f"조직: {department_summary} (전체 {Department.objects.count()}개)\n")
    story = demo_history(demo_roster(), today=timezone.localdate())
    apply_parsed_roster(story.first_roster, full_import=False, reference_date=story.first_day)
    _spread_start_dates(story)
    for day, roster, full in story.imports:
        plan = apply_parsed_roster(roster, full_import=full, reference_date=day)
    stdout.write(f"직원: {plan.summary()}\n")
    _prepare_demo_logins()
    high = StaffProfile.objects.filter(user__is_active=True, department__high_intensity=True).count()
    total = StaffProfile.objects.filter(user__is_active=True).count()
    stdout.write(f"재직 직원 {total:,}명 (고강도 민원부서 {high:,}명, 일반 {total - high:,}명)\n")


def demo_department_specs():
    """The shared CSV first, then the rest of the city, parents before children."""
    specs = list(read_departments_file(DEFAULT_DEPARTMENTS_CSV))

    def add(code, name, parent_code, kind, high_intensity=False):
        specs.append(DepartmentSpec(code, name, parent_code, kind, high_intensity))

    add("CSV-PLAN", "민원기획팀", "CSV", "팀")
    for prefix, bureau, divisions in BUREAUS:
        add(prefix, bureau, "SMG", "실국")
        for number, division in enumerate(divisions, start=1):
            add(f"{prefix}-{number}", division, prefix, "부서")
    for code, area in WATER_OFFICES:
        add(code, f"{area}수도사업소", "WTR", "사업소", True)
        for suffix, division, high in WATER_DIVISIONS:
            add(f"{code}-{suffix}", division, code, "부서", high)
    add("WTR-PLAN", "경영기획과", "WTR", "부서")
    add("WTR-SUPPORT", "급수부", "WTR", "부서")
    add("WTR-LAB", "수질연구원", "WTR", "사업소")
    for number, centre in enumerate(PURIFICATION_CENTRES, start=1):
        add(f"WTR-PUR{number}", f"{centre}아리수정수센터", "WTR", "사업소")
    for number, station in enumerate(FIRE_STATIONS, start=2):
        add(f"FIRE-{number}", f"{station}소방서", "FIRE", "사업소", True)
    add("FIRE-119", "119종합상황실", "FIRE", "부서", True)
    add("FIRE-ADM", "소방행정과", "FIRE", "부서")
    add("FIRE-PRV", "예방과", "FIRE", "부서")
    add("FIRE-RSP", "재난대응과", "FIRE", "부서")
    for suffix, division in [("PLAN", "교육기획과"), ("TALENT", "인재양성과"), ("SKILL", "역량개발과")]:
        add(f"HRI-{suffix}", division, "HRI", "부서")
    for suffix, team, high in [("1", "상담1팀", True), ("2", "상담2팀", True), ("3", "상담3팀", True), ("QA", "상담품질팀", False)]:
        add(f"DASAN-{suffix}", team, "DASAN", "팀", high)
    for code, office, high, divisions in FIELD_OFFICES:
        add(code, office, "SMG", "사업소", high)
        for suffix, division, division_high in divisions:
            add(f"{code}-{suffix}", division, code, "부서", division_high)
    return specs


def demo_roster():
    """6,350 deterministic staff rows (the demo logins among them)."""
    rng = random.Random(SEED)
    departments = list(Department.objects.exclude(depth=1).order_by("path"))
    leaves = {department.pk for department in departments if department.is_leaf()}
    headcount = {}
    for high, total in [(True, HIGH_INTENSITY_STAFF), (False, ORDINARY_STAFF)]:
        units = [department for department in departments if department.high_intensity == high]
        # Units that hold the work (leaves) are bigger than the offices above them.
        headcount.update(_split(total, units, lambda department: 3 if department.pk in leaves else 1))

    demo_people = {}
    for person in DEMO_PEOPLE:
        demo_people.setdefault(person.department_code, []).append(person)
    surname_weights = [share for *_, share in SURNAMES]
    rows, number = [], FIRST_GENERATED_NUMBER
    for department in departments:
        fixed = demo_people.get(department.code, [])
        for person in fixed:
            rows.append(_row(len(rows), person.employee_number, person.name, department, person.rank, "demo"))
        for position in range(headcount[department.pk] - len(fixed)):
            surname, roman, _ = rng.choices(SURNAMES, weights=surname_weights)[0]
            rank = _head_rank(department) if position == 0 and not fixed else _random_rank(rng)
            rows.append(_row(len(rows), str(number), surname + rng.choice(GIVEN_NAMES), department, rank, roman))
            number += 1
    return ParsedRoster(rows=rows, employee_numbers={row.employee_number for row in rows})


@dataclass
class DemoHistory:
    first_day: date
    first_roster: ParsedRoster  # who was where on first_day
    imports: list = field(default_factory=list)  # (기준일, ParsedRoster, full import), oldest first
    service_start: dict = field(default_factory=dict)  # employee number → the day they joined


def demo_history(final: ParsedRoster, *, today) -> DemoHistory:
    """The imports that lead from last January's roster to `final` (today's), with their dates."""
    rng = random.Random(SEED + 1)
    departments = list(Department.objects.exclude(depth=1).order_by("path"))
    by_code = {department.code: department for department in departments}
    same_kind = {
        high: [department.code for department in departments if department.high_intensity == high]
        for high in (True, False)
    }
    rows = {row.employee_number: row for row in final.rows}
    demo_numbers = {person.employee_number for person in DEMO_PEOPLE}
    candidates = [number for number in rows if number not in demo_numbers]
    chosen = rng.sample(candidates, 4 * TRANSFERS_PER_ROUND + PROMOTIONS + LEAVERS)
    rounds = [chosen[i * TRANSFERS_PER_ROUND : (i + 1) * TRANSFERS_PER_ROUND] for i in range(4)]
    rounds[0].append(DEMO_PEOPLE[0].employee_number)  # 김민원 came to 열린민원실 last January
    promoted = chosen[4 * TRANSFERS_PER_ROUND : -LEAVERS]
    leavers = chosen[-LEAVERS:]

    year_start = date(today.year, 1, 1)
    this_year = [year_start + (today - year_start) * share // 6 for share in (1, 3, 5)]
    first_day = date(today.year - 1, 1, 1)
    days = [date(today.year - 1, 1, 2), date(today.year - 1, 7, 1), this_year[0], this_year[1]]

    earlier = dict(rows)  # what the roster said before each change, built backwards
    for numbers in rounds:
        for number in numbers:
            row = rows[number]
            high = by_code[row.department_code].high_intensity
            before = rng.choice([code for code in same_kind[high] if code != row.department_code])
            earlier[number] = replace(row, department_code=before)
    ranks = [rank for rank, _ in RANKS]
    for number in promoted:
        row = rows[number]
        if row.rank in ranks[1:]:
            earlier[number] = replace(row, rank=ranks[ranks.index(row.rank) - 1])
    hires = []
    for index, number in enumerate(leavers):
        surname, roman, _ = rng.choices(SURNAMES, weights=[share for *_, share in SURNAMES])[0]
        hire_number = str(FIRST_HIRE_NUMBER + index)
        hires.append(
            replace(
                rows[number],
                employee_number=hire_number,
                name=surname + rng.choice(GIVEN_NAMES),
                rank=ranks[0],
                email=f"{roman}{hire_number}@{EMAIL_DOMAIN}",
            )
        )
    today_rows = [row for row in final.rows if row.employee_number not in set(leavers)] + hires

    story = DemoHistory(first_day=first_day, first_roster=_parsed(earlier.values()))
    for day, numbers in zip(days, rounds):
        story.imports.append((day, _parsed(rows[number] for number in numbers), False))
    story.imports.append((this_year[1], _parsed(rows[number] for number in promoted), False))
    story.imports.append((this_year[0], _parsed(hires[: LEAVERS // 2]), False))
    story.imports.append((this_year[2], _parsed(today_rows), True))  # the rest are hired, the leavers leave
    story.imports.sort(key=lambda entry: entry[0])
    for row in earlier.values():
        low, high = SERVICE_YEARS.get(row.rank[:2], (0, 10))
        quarters_back = rng.randint(low * 4, high * 4 + 3)
        story.service_start[row.employee_number] = date(
            first_day.year - quarters_back // 4 - (quarters_back % 4 > 0), (-quarters_back % 4) * 3 + 1, 1
        )
    return story


def _parsed(rows):
    rows = list(rows)
    return ParsedRoster(rows=rows, employee_numbers={row.employee_number for row in rows})


def _spread_start_dates(story):
    """Move the first memberships (and 재직 시작일) back to when each person joined: the history's first
    import starts everyone on one day. Only memberships still starting that day move, so a second run
    changes nothing. People join on the first day of a quarter, so one UPDATE per day does it."""
    starting = dict(
        Membership.objects.filter(valid_from=story.first_day).values_list("user__username", "user_id")
    )
    by_day = {}
    for username, user_id in starting.items():
        joined = story.service_start.get(username)
        if joined is not None and joined != story.first_day:
            by_day.setdefault(joined, []).append(user_id)
    for joined, user_ids in by_day.items():
        Membership.objects.filter(user_id__in=user_ids, valid_from=story.first_day).update(valid_from=joined)
        StaffProfile.objects.filter(user_id__in=user_ids, active_from=story.first_day).update(active_from=joined)


def _split(total, units, weight):
    """Share `total` over `units` by weight with the largest-remainder method (sums exactly)."""
    weights = [weight(unit) for unit in units]
    exact = [total * w / sum(weights) for w in weights]
    counts = [int(share) for share in exact]
    by_remainder = sorted(range(len(units)), key=lambda i: (exact[i] - counts[i], -i), reverse=True)
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return {unit.pk: count for unit, count in zip(units, counts)}


def _head_rank(department):
    if department.kind == "팀":
        return "5급 팀장"
    if department.kind == "사업소":
        return "4급 서장" if department.name.endswith("소방서") else "4급 소장"
    if department.name.endswith("담당관"):
        return "4급 담당관"
    return "4급 과장"


def _random_rank(rng):
    return rng.choices([rank for rank, _ in RANKS], weights=[weight for _, weight in RANKS])[0]


def _row(index, employee_number, name, department, rank, mailbox):
    return RosterRow(
        row_number=index + 2,  # as if read from a file with a header row
        employee_number=employee_number,
        name=name,
        department_code=department.code,
        rank=rank,
        email=f"{mailbox}{employee_number}@{EMAIL_DOMAIN}",
    )


def _prepare_demo_logins():
    """Roles, managed subtree and the demo password (set once, never overwritten)."""
    users = []
    for person in DEMO_PEOPLE:
        user = User.objects.select_related("profile").get(username=person.employee_number)
        if person.group:
            user.groups.add(Group.objects.get(name=person.group))
        if person.managed_department_code:
            profile = user.profile
            profile.managed_department = Department.objects.get(code=person.managed_department_code)
            profile.save(update_fields=["managed_department"])
        users.append(user)
    admin, _ = User.objects.get_or_create(
        username=ADMIN_USERNAME,
        defaults={"name": "최고 관리자", "is_staff": True, "is_superuser": True, "password": make_password(None)},
    )
    without_password = [user for user in users + [admin] if not user.has_usable_password()]
    if without_password:
        # Hashing is deliberately slow, so the demo logins share one hash of the demo password.
        password_hash = make_password(DEMO_PASSWORD)
        for user in without_password:
            user.password = password_hash
        User.objects.bulk_update(without_password, ["password"])

"""The 집합교육 admin: HR manages everything; a department manager reads the applications and
attendance of their own subtree's people and nothing else; editors and staff see none of it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from lms.programmes import services
from lms.programmes.models import Attendance, AttendanceMethod, ImportUpload, Programme, Session
from lms.records.models import CompletionRecord

from .conftest import csv_bytes, in_days, make_programme, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(people, hr_user):
    """A past session: 열린민원실's 김하나 and 남부수도사업소's 최네나 attended; 이두리 and 정다섯 applied."""
    programme = make_programme(title="감정노동 힐링캠프", kind="감정노동 힐링 프로그램")
    session = make_session(programme, day=in_days(5), capacity=10)
    for person in people[:5]:
        services.apply_for_session(session=session, user=person)
    Session.objects.filter(pk=session.pk).update(
        starts_at=session.starts_at - services.timezone.timedelta(days=10),
        ends_at=session.ends_at - services.timezone.timedelta(days=10),
    )
    session.refresh_from_db()
    for person in (people[0], people[3]):
        services.record_attendance(
            session=session, user=person, attended_on=in_days(-5), method=AttendanceMethod.CHECK_IN, recorded_by=hr_user
        )
    return session


SNIPPETS = "/admin/snippets/programmes"


def hr_paths(session):
    attendance = session.attendances.first()
    return [
        f"{SNIPPETS}/programme/",
        f"{SNIPPETS}/programme/add/",
        f"{SNIPPETS}/programme/edit/{session.programme.pk}/",
        f"{SNIPPETS}/session/",
        f"{SNIPPETS}/session/add/",
        f"{SNIPPETS}/session/edit/{session.pk}/",
        f"{SNIPPETS}/programmekind/",
        reverse("programmes_session_registrations", args=[session.pk]),
        reverse("programmes_check_in", args=[session.pk]),
        reverse("programmes_import_attendance:upload"),
        reverse("programmes_import_completions:upload"),
        reverse("programmes_attendance:delete", args=[attendance.pk]),
    ]


def test_hr_opens_every_page(client, hr_user, session):
    client.force_login(hr_user)
    for path in hr_paths(session) + ["/admin/programmes/registrations/", "/admin/programmes/attendance/"]:
        assert client.get(path).status_code == 200, path


def test_editors_and_staff_open_none_of_them(client, editor_user, people, session):
    paths = hr_paths(session) + ["/admin/programmes/registrations/", "/admin/programmes/attendance/"]
    for user in (editor_user, people[1]):
        client.force_login(user)
        for path in paths:
            response = client.get(path)
            assert response.status_code in {302, 403, 404}, (user, path)
            assert "김하나" not in response.content.decode()


def test_department_manager_reads_only_their_subtree(client, water_manager, session):
    client.force_login(water_manager)
    for path in ("/admin/programmes/registrations/", "/admin/programmes/attendance/"):
        html = client.get(path).content.decode()
        assert "최네나" in html and "김하나" not in html and "이두리" not in html, path
    # Search and filters stay inside the subtree.
    html = client.get("/admin/programmes/attendance/?q=김하나").content.decode()
    assert "2026001" not in html
    html = client.get("/admin/programmes/registrations/results/?status=applied").content.decode()
    assert "정다섯" in html and "이두리" not in html
    # Everything that writes or shows a whole session is refused, even for their own people.
    own_attendance = Attendance.objects.get(user__username="2026004")
    for path in hr_paths(session) + [
        reverse("programmes_attendance:delete", args=[own_attendance.pk]),
        reverse("programmes_attendance:edit", args=[own_attendance.pk]),
        reverse("programmes_attendance:history", args=[own_attendance.pk]),
        reverse("programmes_registrations:edit", args=[session.registrations.get(user__username="2026004").pk]),
        "/admin/programmes/registrations/new/",
        "/admin/programmes/attendance/new/",
    ]:
        response = client.get(path)
        assert response.status_code in {302, 403, 404}, path
    response = client.post(reverse("programmes_attendance:delete", args=[own_attendance.pk]))
    assert response.status_code in {302, 403, 404} and Attendance.objects.filter(pk=own_attendance.pk).exists()
    response = client.post(reverse("programmes_check_in", args=[session.pk]), {"listed": [own_attendance.user_id]})
    assert response.status_code in {302, 403} and Attendance.objects.filter(pk=own_attendance.pk).exists()


def test_a_manager_without_a_managed_department_sees_nothing(client, session, departments):
    from lms.people import roles

    from .conftest import make_person

    manager = make_person("9000009", departments["HRD"], name="무소속", groups=[roles.DEPARTMENT_MANAGER])
    client.force_login(manager)
    html = client.get("/admin/programmes/attendance/").content.decode()
    assert "최네나" not in html and "김하나" not in html


def test_hr_deleting_an_attendance_revokes_the_record(client, hr_user, session):
    client.force_login(hr_user)
    attendance = Attendance.objects.get(user__username="2026001")
    response = client.post(reverse("programmes_attendance:delete", args=[attendance.pk]))
    assert response.status_code == 302
    assert not CompletionRecord.objects.filter(user__username="2026001").exists()
    assert CompletionRecord.objects.filter(user__username="2026004").exists()


def test_hr_confirms_and_cancels_on_the_session_page(client, hr_user, session):
    client.force_login(hr_user)
    url = reverse("programmes_session_registrations", args=[session.pk])
    applied = session.registrations.get(user__username="2026002")
    client.post(url, {"registration": applied.pk, "action": "confirm"})
    applied.refresh_from_db()
    assert applied.status == "confirmed"
    client.post(url, {"registration": applied.pk, "action": "cancel"})
    applied.refresh_from_db()
    assert applied.status == "cancelled"


def test_hr_check_in_page(client, hr_user, session, people):
    client.force_login(hr_user)
    url = reverse("programmes_check_in", args=[session.pk])
    html = client.get(url).content.decode()
    assert html.count('name="present"') == 5 and html.count("checked") == 2
    listed = [person.pk for person in people]
    client.post(url, {"listed": listed, "present": [people[0].pk, people[1].pk]})
    assert set(Attendance.objects.values_list("user__username", flat=True)) == {"2026001", "2026002"}
    assert set(CompletionRecord.objects.values_list("user__username", flat=True)) == {"2026001", "2026002"}


def test_hr_imports_attendance_through_preview_and_apply(client, hr_user, session):
    client.force_login(hr_user)
    data = csv_bytes([["2026002", f"{in_days(-5):%Y-%m-%d}"], ["2099999", ""]], header=["직원번호", "출석일"], encoding="cp949")
    response = client.post(
        reverse("programmes_import_attendance:upload"),
        {"session": session.pk, "file": SimpleUploadedFile("출석부.csv", data, content_type="text/csv")},
    )
    upload = ImportUpload.objects.get()
    assert response.status_code == 302 and response.url == reverse("programmes_import_attendance:preview", args=[upload.token])
    preview = client.get(response.url).content.decode()
    assert "3행" in preview and "등록되지 않은 직원번호입니다: 2099999" in preview
    assert not CompletionRecord.objects.filter(user__username="2026002").exists()  # the preview wrote nothing
    applied = client.post(response.url)
    assert applied.status_code == 302
    assert CompletionRecord.objects.filter(user__username="2026002").exists()
    result = client.get(applied.url).content.decode()
    assert "등록되지 않은 직원번호입니다: 2099999" in result
    upload.refresh_from_db()
    assert upload.applied_at and not upload.file and upload.result["written"] == 1
    # A second POST (double click) writes nothing more.
    assert client.post(response.url).status_code == 302
    assert Attendance.objects.filter(user__username="2026002").count() == 1


def test_an_upload_is_only_for_the_person_who_sent_it(client, hr_user, session, departments):
    from lms.people import roles

    from .conftest import make_person

    other_hr = make_person("9000010", departments["HRD"], name="김인사", groups=[roles.HR])
    upload = ImportUpload.objects.create(
        kind="attendance", session=session, original_name="a.csv", uploaded_by=hr_user,
        file=SimpleUploadedFile("a.csv", csv_bytes([["2026002"]], header=["직원번호"])),
    )
    client.force_login(other_hr)
    assert client.get(reverse("programmes_import_attendance:preview", args=[upload.token])).status_code == 404


def test_hr_imports_completions(client, hr_user, people):
    client.force_login(hr_user)
    header = ["직원번호", "과정명", "과정코드", "학습유형", "이수일", "인정시간"]
    data = csv_bytes([["2026001", "새내기 공무원 민원응대 역량강화", "HRD-2026-01", "집합", f"{in_days(-2):%Y-%m-%d}", "21"]], header=header)
    response = client.post(
        reverse("programmes_import_completions:upload"), {"file": SimpleUploadedFile("인재개발원.csv", data)}
    )
    client.post(response.url)
    record = CompletionRecord.objects.get(user=people[0])
    assert (record.item_kind, record.item_key, record.hours) == ("imported", "HRD-2026-01", 21)


def test_upload_form_refuses_old_excel(client, hr_user):
    client.force_login(hr_user)
    response = client.post(
        reverse("programmes_import_completions:upload"), {"file": SimpleUploadedFile("이수.xls", b"\xd0\xcf\x11\xe0")}
    )
    assert "예전 Excel 형식(.xls)은 읽을 수 없습니다" in response.content.decode()
    assert not ImportUpload.objects.exists()


def test_hr_creates_a_programme_in_the_admin(client, hr_user, departments):
    from lms.programmes.models import ProgrammeKind

    client.force_login(hr_user)
    response = client.post(
        f"{SNIPPETS}/programme/add/",
        {
            "title": "찾아가는 친절교육(남부수도사업소)",
            "kind": ProgrammeKind.objects.get(name="찾아가는 맞춤형 친절교육").pk,
            "year": 2026,
            "description": "",
            "audience": "chosen",
            "departments": [departments["WTR-S"].pk],
            "instructor_type": "internal",
            "instructor": "시민봉사담당관 전문강사",
            "organiser": "시민봉사담당관",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(Programme.objects.get().departments.all()) == [departments["WTR-S"]]


def test_session_list_gives_the_calendar_date_of_sessions_to_come_and_working_icons(client, hr_user, session):
    """Wagtail's DateColumn says "방금" for any moment still to come; HR plans by the calendar."""
    coming = make_session(session.programme, day=in_days(23), hours="14", label="추가 회차")
    client.force_login(hr_user)
    html = client.get(f"{SNIPPETS}/session/").content.decode()
    starts = timezone.localtime(coming.starts_at)
    weekday = "월화수목금토일"[starts.weekday()]
    assert f"{starts.year}. {starts.month}. {starts.day}. ({weekday}) 10:00" in html
    assert "방금" not in html
    assert "14시간" in html
    assert "#icon-tick\"" not in html and "#icon-check" in html  # Wagtail has no "tick" icon: the button was blank

"""HR sees everything; a department manager only their subtree on every page, export and drill-down;
editors and staff nothing. The three ways other LMSs leaked (IOMAD #2493 a guessed person URL, #1593 a
filter widened by query string, #2494 someone else's export job id) each have a test."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from lms.hr import services
from lms.hr.models import DataExport
from lms.people.history import record_placement

from .conftest import COURSE, YEAR, complete, downloaded, export_post, xlsx_rows

PURPOSE = "2026년 상시학습 실적 평가 제출"


def test_hr_opens_anyones_record_with_every_year(client, hr_user, ledger):
    client.force_login(hr_user)
    response = client.get(f"/admin/hr/people/{ledger['field'].pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "2026년 · 인정시간 8시간 · 2건" in page and "2025년 · 인정시간 5시간 · 1건" in page
    assert "현장민원과" in page and "온라인" in page and "집합" in page and "집합교육" in page
    assert "소속일 때의 이수만" not in page


def test_a_manager_opens_a_record_in_their_subtree(client, water_manager, ledger):
    client.force_login(water_manager)
    response = client.get(f"/admin/hr/people/{ledger['fee'].pk}/")
    assert response.status_code == 200 and "이러닝 과정 2" in response.content.decode()


def test_iomad_2493_a_guessed_person_url_outside_the_subtree_is_not_found(client, water_manager, ledger):
    client.force_login(water_manager)
    assert client.get(f"/admin/hr/people/{ledger['desk'].pk}/").status_code == 404
    assert client.post(f"/admin/hr/people/{ledger['desk'].pk}/export/",
                       {"year": str(YEAR), "file_format": "xlsx", "purpose": PURPOSE}).status_code == 404
    assert not DataExport.objects.exists()


def test_a_manager_sees_only_the_completions_made_in_their_subtree(client, water_manager, ledger, departments):
    desk = ledger["desk"]
    desk.profile.department = departments["WTR-S-FEE"]  # transferred into the manager's subtree
    desk.profile.save()
    record_placement(user=desk, department=departments["WTR-S-FEE"], rank="주무관", on=dt.date(YEAR, 10, 1))
    complete(desk, COURSE, 9, title="이동 후 과정", hours="2", on=dt.date(YEAR, 11, 1))
    client.force_login(water_manager)
    page = client.get(f"/admin/hr/people/{desk.pk}/").content.decode()
    assert "이동 후 과정" in page and "집합교육 12" not in page  # the 열린민원실 hours are not theirs
    assert "소속일 때의 이수만 보입니다" in page


def test_iomad_1593_a_department_widened_by_query_string_is_refused(client, water_manager, ledger, departments):
    client.force_login(water_manager)
    form = client.get(f"/admin/hr/exports/?department={departments['CSV'].pk}")
    assert form.status_code == 200
    options = form.content.decode()
    assert "남부수도사업소" in options and "열린민원실" not in options and "시민봉사담당관" not in options

    response = export_post(client, department=str(departments["CSV"].pk))
    assert response.status_code == 200 and "담당 범위 밖의 부서입니다" in response.content.decode()
    assert not DataExport.objects.exists()
    with pytest.raises(PermissionDenied):  # and the service refuses whatever the form let through
        services.request_export(requested_by=water_manager, report="detail", file_format="csv", year=YEAR,
                                department=departments["SMG"], purpose=PURPOSE)
    with pytest.raises(PermissionDenied):
        services.request_export(requested_by=water_manager, report="person", file_format="csv", year=YEAR,
                                person=ledger["desk"], purpose=PURPOSE)


def test_a_managers_export_without_a_department_holds_only_their_subtree(client, water_manager, ledger):
    client.force_login(water_manager)
    export_post(client, report="detail")
    export = DataExport.objects.get()
    assert export.filters["department"]["code"] == "WTR-S"
    rows = xlsx_rows(downloaded(client.post(f"/admin/hr/exports/{export.token}/download/")))[1:]
    assert {row[0] for row in rows} == {"2019001", "2019002"} and len(rows) == 4


def test_iomad_2494_someone_elses_export_job_is_not_found(client, water_manager, open_desk_manager, hr_user, ledger):
    client.force_login(water_manager)
    export_post(client)
    export = DataExport.objects.get()
    for intruder in (open_desk_manager, hr_user):
        client.force_login(intruder)
        for method, url in [("get", f"/admin/hr/exports/{export.token}/"),
                            ("post", f"/admin/hr/exports/{export.token}/download/"),
                            ("post", f"/admin/hr/exports/{export.token}/retry/")]:
            assert getattr(client, method)(url).status_code == 404, (intruder, url)
    assert not export.downloads.exists()
    client.force_login(open_desk_manager)
    assert str(export.token) not in client.get("/admin/hr/exports/").content.decode()


def test_a_narrowed_scope_holds_for_an_export_made_later(water_manager, ledger, departments,
                                                         django_capture_on_commit_callbacks, settings):
    """A queued export re-reads the department within the requester's scope when it runs."""
    settings.HR_EXPORT_BACKGROUND_ROWS = 0
    with django_capture_on_commit_callbacks(execute=False) as queued:
        export = services.request_export(requested_by=water_manager, report="detail", file_format="csv", year=YEAR,
                                         department=departments["WTR-S-FEE"], purpose=PURPOSE)
    water_manager.profile.managed_department = departments["WTR-S-FIELD"]
    water_manager.profile.save()
    queued[0]()
    export.refresh_from_db()
    assert export.status == "failed" and not export.file and "담당 범위 밖" in export.status_message


@pytest.mark.parametrize("role", ["editor", "staff_member"])
def test_editors_and_staff_see_no_record_and_no_export(client, request, ledger, role):
    client.force_login(request.getfixturevalue(role))
    for url in [f"/admin/hr/people/{ledger['fee'].pk}/", "/admin/hr/exports/"]:
        response = client.get(url)
        assert response.status_code in {302, 403}, url
        assert "나요금" not in response.content.decode()
    assert export_post(client).status_code in {302, 403}
    assert not DataExport.objects.exists()
    with pytest.raises(PermissionDenied):
        services.request_export(requested_by=request.getfixturevalue(role), report="detail", file_format="csv",
                                year=YEAR, purpose=PURPOSE)


def test_the_staff_list_links_to_the_record_for_those_who_may_open_it(client, hr_user, water_manager, editor, ledger):
    link = f'href="/admin/hr/people/{ledger["fee"].pk}/"'
    client.force_login(hr_user)
    assert link in client.get("/admin/people/staff/").content.decode()
    client.force_login(water_manager)
    page = client.get("/admin/people/staff/").content.decode()
    assert link in page and f'href="/admin/hr/people/{ledger["desk"].pk}/"' not in page


def test_the_roles_hold_the_hr_permissions_given_by_migration(hr_user, water_manager, editor, staff_member):
    hr_only = {"hr.view_completion_records", "hr.export_completion_records", "hr.view_dataexport"}
    assert hr_only <= hr_user.get_all_permissions()
    assert hr_only & water_manager.get_all_permissions() == {"hr.view_completion_records", "hr.export_completion_records"}
    assert not hr_only & editor.get_all_permissions() and not hr_only & staff_member.get_all_permissions()


def test_a_managers_summary_lists_only_members_of_their_subtree_on_the_reference_date(client, water_manager, ledger,
                                                                                       departments):
    """The 달성현황's new path (members on the 기준일): nobody outside the subtree, not even someone who
    moved out, and no hours earned elsewhere by someone who moved in."""
    desk, field = ledger["desk"], ledger["field"]
    record_placement(user=desk, department=departments["WTR-S-FEE"], rank="주무관", on=dt.date(YEAR, 9, 1))
    record_placement(user=field, department=departments["CSV-OPEN"], rank="주무관", on=dt.date(YEAR, 9, 1))
    client.force_login(water_manager)
    export_post(client, report="summary", reference_date=f"{YEAR}-10-01")
    export = DataExport.objects.get()
    lines = xlsx_rows(downloaded(client.post(f"/admin/hr/exports/{export.token}/download/")))
    rows = {row[0]: row for row in lines[1:] if row and row[0] and row[0].isdigit()}
    assert set(rows) == {"2019002", "2019003"}  # 가현장 moved out; 다민원 moved in
    assert rows["2019003"][3:5] == ["요금과", 0]  # 다민원's hours were earned in 열린민원실
    assert "직원 1명(인정시간 8시간)" in lines[-1][0]  # 가현장, counted, not listed

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from lms.people.models import Department
from lms.people.selectors import departments_in_subtree, departments_for_listing, staff_in_subtree
from lms.people.services import (
    DEFAULT_DEPARTMENTS_CSV,
    DepartmentFileError,
    DepartmentSpec,
    load_departments,
    read_departments_file,
)

from .conftest import make_person

pytestmark = pytest.mark.django_db

ADD_URL = reverse("wagtailsnippets_people_department:add")


def edit_url(department):
    return reverse("wagtailsnippets_people_department:edit", args=[department.pk])


def spec(code, parent="", name=None, kind="부서", high=False):
    return DepartmentSpec(code, name or code, parent, kind, high)


def test_shared_csv_loads_as_a_tree_and_reloading_changes_nothing(departments):
    assert len(departments) == 22
    assert departments["SMG"].is_root()
    assert departments["WTR-S-FIELD"].get_parent().code == "WTR-S"
    assert departments["WTR-S"].high_intensity and not departments["WTR"].high_intensity
    paths = dict(Department.objects.values_list("code", "path"))

    summary = load_departments(read_departments_file(DEFAULT_DEPARTMENTS_CSV))

    assert (summary.created, summary.updated, summary.unchanged) == ([], [], 22)
    assert dict(Department.objects.values_list("code", "path")) == paths


def test_load_departments_command_updates_by_code_and_moves(departments, tmp_path, capsys):
    path = tmp_path / "departments.csv"
    path.write_text(
        "code,name,parent_code,kind,high_intensity\n"
        "HRD,인력개발과(개편),GAD,부서,1\n"
        "NEW,신설팀,HRD,팀,0\n",
        encoding="cp949",
    )

    call_command("load_departments", str(path))

    assert "부서 1개 추가, 1개 수정(이동 1개 포함)" in capsys.readouterr().out
    hrd = Department.objects.get(code="HRD")
    assert (hrd.name, hrd.high_intensity, hrd.get_parent().code) == ("인력개발과(개편)", True, "GAD")
    assert Department.objects.get(code="NEW").get_parent().code == "HRD"


@pytest.mark.parametrize(
    "specs, expected",
    [
        ([spec("A", "SMG"), spec("A", "SMG")], "부서코드가 중복됩니다: A"),
        ([spec("A", "NOWHERE")], "A: 상위 부서코드 NOWHERE가 없습니다."),
        ([spec("A", "GAD1")], "A: 상위 부서코드 GAD1이 없습니다."),
        ([spec("A", "B"), spec("B", "A")], "상위 부서 관계가 순환합니다"),
        ([spec("A", "A")], "자기 자신이나 자신의 하위 부서 아래로 옮길 수 없습니다"),
        ([spec("WTR", "WTR-S-FIELD")], "WTR: 부서를 자기 자신이나 자신의 하위 부서 아래로 옮길 수 없습니다."),
    ],
    ids=["duplicate", "unknown-parent", "unknown-parent-ending-in-a-digit", "cycle-in-file", "own-parent", "under-own-descendant"],
)
def test_bad_department_files_change_nothing(departments, specs, expected):
    paths = dict(Department.objects.values_list("code", "path"))
    with pytest.raises(DepartmentFileError) as error:
        load_departments(specs)
    assert any(expected in message for message in error.value.errors)
    assert dict(Department.objects.values_list("code", "path")) == paths


def test_load_departments_command_reports_file_errors(db, tmp_path):
    path = tmp_path / "departments.csv"
    path.write_text("code,name,kind\nA,가,기관\n", encoding="utf-8")
    with pytest.raises(CommandError, match="필수 열이 없습니다: parent_code, high_intensity"):
        call_command("load_departments", str(path))
    path.write_text("code,name,parent_code,kind,high_intensity\nA,가,,본부,2\n", encoding="utf-8")
    with pytest.raises(CommandError, match="2행: 구분은") as error:
        call_command("load_departments", str(path))
    assert "high_intensity는 1 또는 0" in str(error.value)


def test_subtree_selectors(departments):
    water = departments["WTR"]
    assert set(departments_in_subtree(water).values_list("code", flat=True)) == {
        "WTR", "WTR-S", "WTR-S-FIELD", "WTR-S-ADMIN", "WTR-S-FEE", "WTR-S-SUPPLY", "WTR-S-FAC",
    }
    inside = make_person("1", departments["WTR-S-FEE"])
    make_person("2", departments["HRD"])
    gone = make_person("3", departments["WTR-S"], is_active=False)
    assert [profile.user for profile in staff_in_subtree(water)] == [inside]
    assert set(profile.user for profile in staff_in_subtree(water, active_only=False)) == {inside, gone}
    listing = {department.code: department for department in departments_for_listing()}
    assert listing["WTR-S-FEE"].parent_name == "남부수도사업소"
    assert listing["WTR-S-FEE"].staff_count == 1
    assert listing["WTR-S"].staff_count == 0  # inactive staff are not counted
    assert listing["SMG"].parent_name is None


# --- Wagtail admin (HR) ---------------------------------------------------------------------------


def form_data(department=None, **changes):
    data = {"code": "", "name": "", "parent": "", "kind": "부서", "high_intensity": "", "is_active": "on"}
    if department:
        data.update(
            code=department.code,
            name=department.name,
            parent=department.get_parent().pk if department.get_parent() else "",
            kind=department.kind,
            high_intensity="on" if department.high_intensity else "",
        )
    data.update(changes)
    return data


def test_hr_sees_the_department_listing_with_parent_kind_flag_and_staff_count(client, hr_user, departments):
    make_person("1", departments["WTR-S-FEE"])
    client.force_login(hr_user)
    response = client.get(reverse("wagtailsnippets_people_department:list"))
    assert response.status_code == 200
    html = response.content.decode()
    for text in ["상위 부서", "고강도 민원접점", "직원 수", "남부수도사업소", "요금과"]:
        assert text in html
    response = client.get(reverse("wagtailsnippets_people_department:list"), {"q": "수도"})
    assert "남부수도사업소" in response.content.decode() and "인력개발과" not in response.content.decode()


def test_hr_creates_a_department_under_a_parent(client, hr_user, departments):
    client.force_login(hr_user)
    response = client.post(
        ADD_URL, form_data(code="WTR-S-QA", name="수질팀", kind="팀", parent=departments["WTR-S"].pk)
    )
    assert response.status_code == 302, response.context["form"].errors
    created = Department.objects.get(code="WTR-S-QA")
    assert created.get_parent() == departments["WTR-S"]
    assert created in departments_in_subtree(departments["WTR"])


def test_hr_creates_a_top_level_department(client, hr_user, departments):
    client.force_login(hr_user)
    response = client.post(ADD_URL, form_data(code="SEOUL-CORP", name="서울시설공단", kind="기관"))
    assert response.status_code == 302
    assert Department.objects.get(code="SEOUL-CORP").is_root()


def test_hr_moves_a_department_with_its_subtree(client, hr_user, departments):
    client.force_login(hr_user)
    csv = departments["CSV"]
    response = client.post(edit_url(csv), form_data(csv, parent=departments["GAD"].pk, name="시민봉사과"))
    assert response.status_code == 302, response.context["form"].errors
    moved = Department.objects.get(code="CSV")
    assert moved.name == "시민봉사과"
    assert moved.get_parent().code == "GAD"
    assert Department.objects.get(code="CSV-OPEN").get_parent() == moved
    assert {d.code for d in departments_in_subtree(Department.objects.get(code="GAD"))} >= {"CSV", "CSV-ANS"}


@pytest.mark.parametrize(
    "target, expected",
    [("WTR", "자기 자신이나 자신의 하위 부서 아래로 옮길 수 없습니다"), ("WTR-S-FIELD", "자기 자신이나 자신의 하위 부서 아래로 옮길 수 없습니다")],
    ids=["itself", "own-descendant"],
)
def test_admin_refuses_a_cycle(client, hr_user, departments, target, expected):
    client.force_login(hr_user)
    water = departments["WTR"]
    response = client.post(edit_url(water), form_data(water, parent=departments[target].pk))
    assert response.status_code == 200
    assert expected in response.context["form"].errors["parent"][0]
    assert Department.objects.get(code="WTR").get_parent().code == "SMG"


def test_admin_refuses_a_duplicate_code_and_an_unknown_parent(client, hr_user, departments):
    client.force_login(hr_user)
    response = client.post(ADD_URL, form_data(code="hrd", name="중복", parent=departments["SMG"].pk))
    assert response.context["form"].errors["code"] == ["이미 사용 중인 부서코드입니다: hrd"]
    response = client.post(ADD_URL, form_data(code="NEW", name="새 부서", parent=999999))
    assert response.context["form"].errors["parent"] == ["존재하지 않는 상위 부서입니다. 목록에서 다시 선택해 주세요."]
    assert not Department.objects.filter(code="NEW").exists()


def test_admin_deletes_only_empty_leaves(client, hr_user, departments):
    client.force_login(hr_user)
    delete = lambda department: reverse("wagtailsnippets_people_department:delete", args=[department.pk])  # noqa: E731
    response = client.post(delete(departments["WTR"]), follow=True)
    assert "하위 부서나 소속 직원이 있는 부서는 삭제할 수 없습니다" in response.content.decode()
    assert Department.objects.filter(code="WTR-S-FIELD").exists()

    response = client.post(delete(departments["EVL"]))
    assert response.status_code == 302
    assert not Department.objects.filter(code="EVL").exists()


def test_staff_and_editors_cannot_edit_departments(client, staff_user, editor_user, departments):
    for user in [staff_user, editor_user]:
        client.force_login(user)
        response = client.post(ADD_URL, form_data(code="X", name="X"))
        assert response.status_code in {302, 403}
        assert not Department.objects.filter(code="X").exists()


def test_department_forms_and_parent_chooser_render(client, hr_user, departments):
    client.force_login(hr_user)
    response = client.get(ADD_URL)
    assert response.status_code == 200
    assert 'name="parent"' in response.content.decode()
    response = client.get(edit_url(departments["WTR-S"]))
    assert response.status_code == 200
    assert response.context["form"].initial["parent"] == departments["WTR"]
    chooser = client.get(reverse("wagtailsnippetchoosers_people_department:choose"))
    assert chooser.status_code == 200
    assert "서울특별시" in chooser.json()["html"] and 'name="q"' in chooser.json()["html"]
    found = client.get(reverse("wagtailsnippetchoosers_people_department:choose_results"), {"q": "wtr-s-f"})
    html = found.content.decode()
    assert "현장민원과" in html and "요금과" in html and "서울특별시" not in html

import io

import openpyxl
import pytest
from django.contrib.auth.models import Group

from lms.people import roles
from lms.people.models import Department, StaffProfile, User
from lms.people.services import DEFAULT_DEPARTMENTS_CSV, load_departments, read_departments_file

HEADER = ["직원번호", "성명", "부서코드", "직급", "이메일"]


@pytest.fixture
def departments(db):
    """The shared 22-department CSV as a tree; returns {code: Department}."""
    load_departments(read_departments_file(DEFAULT_DEPARTMENTS_CSV))
    return {department.code: department for department in Department.objects.all()}


def csv_bytes(rows, *, encoding="utf-8", header=HEADER, delimiter=","):
    lines = [delimiter.join(header)] + [delimiter.join(row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(rows, *, header=HEADER):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def make_person(username, department, *, name="홍길동", groups=(), managed=None, password="pw-1234!", **extra):
    user = User.objects.create_user(username=username, password=password, name=name, **extra)
    StaffProfile.objects.create(user=user, department=department, managed_department=managed)
    for group in groups:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def hr_user(departments):
    return make_person("9000001", departments["HRD"], name="박인사", groups=[roles.HR])


@pytest.fixture
def editor_user(departments):
    return make_person("9000002", departments["NMD"], name="이편집", groups=[roles.EDITOR])


@pytest.fixture
def staff_user(departments):
    return make_person("9000003", departments["CSV-OPEN"], name="김직원", groups=[roles.STAFF])


@pytest.fixture
def water_manager(departments):
    return make_person(
        "9000004",
        departments["WTR-S"],
        name="최담당",
        groups=[roles.DEPARTMENT_MANAGER],
        managed=departments["WTR-S"],
    )

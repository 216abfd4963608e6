import datetime

import pytest
from django.contrib.auth.models import Group

from lms.people import roles
from lms.people.models import Department, StaffProfile, User

PASSWORD = "test-pass-2018!"


@pytest.fixture
def fee_division(db):
    """서울특별시 › 상수도사업본부 › 남부수도사업소 › 요금과"""
    city = Department.add_root(code="T-SEOUL", name="서울특별시", kind="기관")
    water = city.add_child(code="T-WTR", name="상수도사업본부", kind="실국")
    office = water.add_child(code="T-WTR-S", name="남부수도사업소", kind="사업소")
    return office.add_child(code="T-WTR-S-FEE", name="요금과", kind="부서", high_intensity=True)


@pytest.fixture
def staff_member(fee_division):
    user = User.objects.create_user(
        "2000123", password=PASSWORD, name="김민원", email="minwon.kim@seoul.go.kr"
    )
    StaffProfile.objects.create(
        user=user, department=fee_division, rank="7급 주무관", active_from=datetime.date(2015, 3, 2)
    )
    user.groups.add(Group.objects.get(name=roles.STAFF))
    return user


@pytest.fixture
def staff_client(client, staff_member):
    client.force_login(staff_member)
    return client

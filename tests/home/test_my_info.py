import datetime

import pytest
from django.contrib.auth.models import Group

from lms.people import roles
from lms.people.models import User


@pytest.mark.django_db
def test_my_info_shows_the_department_with_its_full_path(staff_client, staff_member):
    staff_member.profile.active_until = datetime.date(2026, 12, 31)
    staff_member.profile.save()
    staff_member.groups.add(Group.objects.get(name=roles.EDITOR))

    html = staff_client.get("/me/").content.decode()

    assert "<dd>김민원</dd>" in html
    assert "<dd>2000123</dd>" in html
    assert (
        "<li>서울특별시</li><li>상수도사업본부</li><li>남부수도사업소</li><li>요금과</li>" in html
    )
    assert "7급 주무관" in html
    assert "minwon.kim@seoul.go.kr" in html
    assert "2015년 3월 2일부터" in html
    assert "2026년 12월 31일 비활성화" in html
    assert '<span class="tag">직원</span>' in html and '<span class="tag">콘텐츠 편집자</span>' in html
    assert 'href="/accounts/password/"' in html


@pytest.mark.django_db
def test_my_info_for_a_superuser_without_a_staff_profile(client):
    admin = User.objects.create_superuser("admin", password="x", name="관리자")
    client.force_login(admin)
    html = client.get("/me/").content.decode()
    assert "소속 부서가 등록되어 있지 않습니다." in html
    assert '<span class="tag">최고 관리자</span>' in html

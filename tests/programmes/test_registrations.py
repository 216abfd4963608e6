"""Applying for a session, HR confirming, the waiting list and its promotion, audiences."""

import pytest

from lms.programmes import services
from lms.programmes.models import Audience, RegistrationStatus
from lms.programmes.selectors import upcoming_sessions_open_to, waitlist_position

from .conftest import in_days, make_programme, make_session

pytestmark = pytest.mark.django_db


def test_places_then_waiting_list_in_order(people):
    session = make_session(make_programme(), day=in_days(10), capacity=2)
    statuses = [services.apply_for_session(session=session, user=person).status for person in people[:4]]
    assert statuses == ["applied", "applied", "waitlisted", "waitlisted"]
    third = session.registrations.get(user=people[2])
    fourth = session.registrations.get(user=people[3])
    assert (waitlist_position(third), waitlist_position(fourth)) == (1, 2)


def test_cancelling_promotes_the_first_waiting(people):
    session = make_session(make_programme(), day=in_days(10), capacity=2)
    for person in people[:4]:
        services.apply_for_session(session=session, user=person)
    first = session.registrations.get(user=people[0])
    services.confirm_registration(registration=first)
    promoted = services.cancel_registration(registration=first)
    assert [registration.user for registration in promoted] == [people[2]]
    statuses = dict(session.registrations.values_list("user__username", "status"))
    assert statuses == {"2026001": "cancelled", "2026002": "applied", "2026003": "applied", "2026004": "waitlisted"}
    # Cancelling a waiting person frees no place and promotes nobody.
    assert services.cancel_registration(registration=session.registrations.get(user=people[3])) == []


def test_applying_again_after_cancelling_goes_to_the_back(people):
    session = make_session(make_programme(), day=in_days(10), capacity=1)
    mine = services.apply_for_session(session=session, user=people[0])
    services.cancel_registration(registration=mine)
    services.apply_for_session(session=session, user=people[1])
    again = services.apply_for_session(session=session, user=people[0])
    assert again.pk == mine.pk and again.status == RegistrationStatus.WAITLISTED


def test_refusals(people):
    session = make_session(make_programme(), day=in_days(10))
    services.apply_for_session(session=session, user=people[0])
    with pytest.raises(services.ProgrammeError, match="이미 신청한 회차"):
        services.apply_for_session(session=session, user=people[0])
    past = make_session(make_programme(), day=in_days(-3))
    with pytest.raises(services.ProgrammeError, match="이미 시작했거나 끝난"):
        services.apply_for_session(session=past, user=people[0])
    closed = make_session(make_programme(), day=in_days(5), open_for_application=False)
    with pytest.raises(services.ProgrammeError, match="신청을 받지 않습니다"):
        services.apply_for_session(session=closed, user=people[0])
    waiting_session = make_session(make_programme(), day=in_days(5), capacity=1)
    services.apply_for_session(session=waiting_session, user=people[1])
    waiting = services.apply_for_session(session=waiting_session, user=people[2])
    with pytest.raises(services.ProgrammeError, match="대기 상태의 신청은 확정할 수 없습니다"):
        services.confirm_registration(registration=waiting)


def test_audiences(people, departments):
    high = make_session(make_programme(title="힐링", kind="감정노동 힐링 프로그램", audience=Audience.HIGH_INTENSITY), day=in_days(3))
    general = make_session(make_programme(title="친절", audience=Audience.GENERAL), day=in_days(4))
    everyone = make_session(make_programme(title="특강", kind="소통공감 명사특강"), day=in_days(5))
    chosen_programme = make_programme(title="수도 현장", kind="현장전문인 교육", audience=Audience.CHOSEN)
    chosen_programme.departments.add(departments["WTR-S"])
    chosen = make_session(chosen_programme, day=in_days(6))

    def open_to(person):
        return {session.pk for session in upcoming_sessions_open_to(person)}

    assert open_to(people[0]) == {high.pk, everyone.pk}  # 열린민원실: high intensity, not in 남부수도사업소
    assert open_to(people[4]) == {general.pk, everyone.pk, chosen.pk}  # 급수운영과: ordinary, under WTR-S
    with pytest.raises(services.ProgrammeError, match="교육 대상이 아닙니다"):
        services.apply_for_session(session=general, user=people[0])

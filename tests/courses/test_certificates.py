import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from courses.models import CourseCompletion, TextLessonPage
from courses.selectors import mask_name
from courses.services import evaluate_course_completion
from lms.records.services import mark_complete

from .conftest import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def completion(learner, course):
    lesson = TextLessonPage(title="1차시", body="<p>본문</p>")
    course.add_child(instance=lesson)
    mark_complete(user=learner, page=lesson)
    return CourseCompletion.objects.get(user=learner, course=course)


def test_the_learner_downloads_a_korean_pdf_with_serial_and_verification_url(learner_client, completion):
    response = learner_client.get(f"/certificates/{completion.serial}/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"certificate-{completion.serial}.pdf" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")

    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    for expected in [
        "수 료 증",
        "김민수",
        "민원기획팀",
        "악성민원 사례별 대응요령",
        "6시간",
        completion.serial,
        f"http://testserver/certificates/verify/{completion.serial}/",
    ]:
        assert expected in text, expected
    assert any("NanumGothic" in str(reader.get_object(font)["/BaseFont"]) for font in page_fonts(reader))


def page_fonts(reader):
    return [font for page in reader.pages for font in page["/Resources"]["/Font"].values()]


def test_only_the_owner_downloads_a_certificate(client, org, completion):
    client.force_login(make_staff("2024099", "남궁민수", org.team))
    assert client.get(f"/certificates/{completion.serial}/download/").status_code == 404
    client.logout()
    response = client.get(f"/certificates/{completion.serial}/download/")
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_anyone_can_verify_a_genuine_certificate_with_the_name_masked(client, completion):
    response = client.get(f"/certificates/verify/{completion.serial}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "정상 발급된 수료증입니다" in html
    assert "김*수" in html and "김민수" not in html
    assert "악성민원 사례별 대응요령" in html
    assert f"{completion.completed_at:%Y}년" in html
    # Lower-case typing still finds it.
    assert client.get(f"/certificates/verify/{completion.serial.lower()}/").status_code == 200


def test_an_unknown_serial_is_not_genuine(client, completion):
    response = client.get("/certificates/verify/SMG-2026-ZZZZZZZZ/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "확인되지 않는 수료증입니다" in html
    assert "SMG-2026-ZZZZZZZZ" in html


def test_serials_are_unique_and_unguessable(org):
    from courses.services import new_serial

    serials = {new_serial(2026) for _ in range(500)}
    assert len(serials) == 500
    assert all(len(serial) == 17 and serial.startswith("SMG-2026-") for serial in serials)
    assert not any(set(serial[9:]) & set("01OI") for serial in serials)


@pytest.mark.parametrize(
    ("name", "masked"), [("김민수", "김*수"), ("이수", "이*"), ("남궁민수", "남**수"), ("김", "*"), ("", "*")]
)
def test_mask_name(name, masked):
    assert mask_name(name) == masked


def test_certificate_keeps_what_was_true_at_completion(learner, completion):
    course = completion.course
    course.title = "바뀐 과정명"
    course.recognised_hours = Decimal("8")
    course.save()
    learner.name = "김개명"
    learner.save()
    assert evaluate_course_completion(user=learner, course=course) == completion
    completion.refresh_from_db()
    assert (completion.course_title, completion.hours, completion.learner_name) == (
        "악성민원 사례별 대응요령",
        Decimal("6.0"),
        "김민수",
    )

"""Steps several end-to-end journeys share."""

from tests.browser import check_page


def enrol(page, base_url, course):
    """From the course list: open the course and enrol with 수강 신청, checking each page on the way."""
    page.get_by_role("link", name=course.title).click()
    page.wait_for_url(f"{base_url}{course.url}")
    check_page(page)
    page.get_by_role("button", name="수강 신청").click()
    page.get_by_text("수강 신청이 완료되었습니다").wait_for()
    check_page(page)

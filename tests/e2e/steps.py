"""Steps several end-to-end journeys share."""

from tests.browser import check_page
from tests.factories import PASSWORD


def enrol(page, base_url, course):
    """From the course list: open the course and enrol with 수강 신청, checking each page on the way."""
    page.get_by_role("link", name=course.title).click()
    page.wait_for_url(f"{base_url}{course.url}")
    check_page(page)
    page.get_by_role("button", name="수강 신청").click()
    page.get_by_text("수강 신청이 완료되었습니다").wait_for()
    check_page(page)


def sign_in_to_admin(page, base_url, user, next_path, password=PASSWORD):
    """Sign in on the Wagtail admin's own login form and land on next_path."""
    page.goto(f"{base_url}/admin/login/?next={next_path}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", password)
    page.locator("form.login-form").get_by_role("button").click()
    page.wait_for_url(f"{base_url}{next_path}")


def open_phone_menu(page):
    """Unfold the site menu on a phone, with the keyboard (it must not need a tap)."""
    toggle = page.locator("[data-menu-toggle]")
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"

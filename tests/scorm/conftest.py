import pytest
from django.core.files.base import ContentFile
from django.urls import set_urlconf
from wagtail.models import Page

from courses.scorm import selectors
from courses.scorm.demo import demo_package
from courses.scorm.models import ScormPackage
from courses.scorm.services import publish_package
from courses.scorm.views import content_url
from lms.people.models import User
from tests.factories import home_page


def make_package(data, title="테스트 패키지"):
    package = ScormPackage(title=title)
    package.package_file.save("package.zip", ContentFile(data), save=False)
    package.save()
    return publish_package(package)


@pytest.fixture
def lesson_factory(monkeypatch):
    """Lesson pages that launch a given package.

    A plain page is linked to its package through `selectors.package_of`, the one seam between a page
    model and its package, so these tests do not depend on the courses app's page fields and rules.
    """
    links = {}
    original = selectors.package_of
    monkeypatch.setattr(selectors, "package_of", lambda page: links.get(page.pk) or original(page))

    def make(package, title="폭언 민원 대응 (SCORM)", live=True):
        page = home_page().add_child(instance=Page(title=title, live=live))
        links[page.pk] = package
        return page

    return make


@pytest.fixture
def package_demo():
    return demo_package()


@pytest.fixture
def learner():
    return User.objects.create_user(username="2024001", password="pw-12345!", name="김학습")


@pytest.fixture
def other_learner():
    return User.objects.create_user(username="2024002", password="pw-12345!", name="이다른")


@pytest.fixture(autouse=True)
def _platform_urlconf_after_each_test():
    """A streamed file left unread never ends its request, which would leave the content origin's
    urlconf on the thread for the next test's reverse()."""
    yield
    set_urlconf(None)


CONTENT_HOST = "scorm.testserver"  # lms/settings/test.py: SCORM_CONTENT_ORIGIN


def on_content_origin(client, method, url, data=None, **extra):
    """A request to the content origin, as the player and the SCO make it (the client's cookies go
    along, as a browser would send any it had for that host; the origin ignores them)."""
    return getattr(client, method)(url, data, HTTP_HOST=CONTENT_HOST, **extra)


def player_path(token):
    return content_url("player", token=token)


def commit_path(token):
    return content_url("commit", token=token)


def files_path(grant, path):
    return content_url("package_file", grant=grant, path=path)

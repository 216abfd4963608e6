import pytest
from wagtail.models import Site

from lms.home.models import HomePage


@pytest.mark.django_db
def test_home_page_is_the_default_site_root(client):
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="ko">' in response.content.decode()

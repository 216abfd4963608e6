"""Nothing fetched from outside (issue 19): on the city's closed network anything from another origin is a
broken image or a console error. Every demo login visits every page it works with (tests/e2e/walk.py) and the
browser may ask nothing of any origin but the platform's own: no gravatar.com avatars (initials instead), no
releases.wagtail.org update check, no fonts or scripts from a CDN."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_no_page_of_any_role_requests_another_origin(transactional_db, live_server, demo_walk):
    assert len(demo_walk.visits) > 50  # the walk really went through the platform
    assert sum(len(visit.requests) for visit in demo_walk.visits) > 500
    outside = demo_walk.requests_outside({live_server.url})
    assert not outside, "Requests leaving the platform:\n" + "\n".join(f"{r} {u}: {x}" for r, u, x in outside)


def test_the_detector_sees_a_request_to_another_origin():
    from tests.e2e.walk import Visit, Walk

    platform = "http://127.0.0.1:8000"
    requests = [f"{platform}/static/css/site.css", "https://www.gravatar.com/avatar/x", "data:,", "chrome-extension://pdf/viewer.js"]
    walk = Walk(visits=[Visit(role="직원", url="/", requests=requests)])
    assert walk.requests_outside({platform}) == [("직원", "/", "https://www.gravatar.com/avatar/x")]

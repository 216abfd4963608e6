"""U-지식여행 and campaigns in a real browser, on a 360×740 phone and on a desktop.

A member of staff signs in, browses the series feed, opens an episode and plays it (a clip really
transcoded by the pipeline); a citizen opens a public campaign link without signing in and plays it.
Every page visited passes check_page: no axe-core violation, no sideways scroll, the gutters kept.
"""

import pytest

from tests.browser import DESKTOP, PHONE, check_page, new_page, sign_in
from tests.factories import PASSWORD
from tests.knowledge_trip.factories import days_ago, make_campaign, make_episode

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture
def content(transactional_db, series_index, campaign_index, staff, transcoded_video):
    make_episode(series_index, "지난 영상", published_on=days_ago(20))
    episode = make_episode(series_index, "첫인사 3초가 민원을 바꾼다", published_on=days_ago(1))
    episode.video = transcoded_video(episode.title)
    episode.save()
    campaign = make_campaign(campaign_index, "마음 연결음")
    campaign.video = transcoded_video(campaign.title, is_public=True)
    campaign.save()
    return {"series": series_index, "episode": episode, "campaign": campaign, "staff": staff}


def play(page):
    video = page.locator("video[data-video-id]")
    video.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('video[data-video-id]').readyState >= 2", timeout=20_000)
    page.evaluate("() => { const v = document.querySelector('video[data-video-id]'); v.muted = true; return v.play(); }")
    page.wait_for_function("() => document.querySelector('video[data-video-id]').currentTime > 0.5", timeout=20_000)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_staff_browse_the_feed_and_watch_an_episode(chromium, live_server, content, viewport):
    page = new_page(chromium, viewport=viewport)
    sign_in(page, live_server.url, content["staff"].username, PASSWORD, content["series"].url)

    assert page.get_by_role("heading", name="이번 주 새 영상").is_visible()
    card = page.get_by_role("link", name="첫인사 3초가 민원을 바꾼다")
    box = card.locator("xpath=ancestor::li").bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44  # the whole card is the touch target
    if viewport == PHONE:
        assert box["width"] > 300  # one vertical column on a phone
    assert page.locator(".video-card img").first.get_attribute("src").endswith(".webp")
    check_page(page)

    card.click()
    page.wait_for_url(f"{live_server.url}{content['episode'].url}")
    player = page.locator("[data-video-player]")
    assert player.get_attribute("data-heartbeat-url") == f"/records/heartbeat/{content['episode'].pk}/"
    play(page)
    check_page(page)
    page.context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_citizen_opens_a_shared_public_campaign_and_watches_it(chromium, live_server, content, viewport):
    page = new_page(chromium, viewport=viewport)
    page.goto(f"{live_server.url}{content['campaign'].url}")

    assert page.url == f"{live_server.url}{content['campaign'].url}"  # no login asked
    assert page.locator('meta[property="og:image"]').get_attribute("content").startswith(live_server.url)
    assert page.locator('meta[name="twitter:card"]').get_attribute("content") == "summary_large_image"
    assert page.locator("[data-video-player]").get_attribute("data-heartbeat-url") is None
    assert page.get_by_role("link", name="마음 연결음 포스터 1 원본 내려받기").is_visible()
    play(page)
    check_page(page)

    page.goto(f"{live_server.url}{content['episode'].url}")
    assert "/accounts/login/" in page.url  # a staff-only episode is not for citizens
    page.context.close()

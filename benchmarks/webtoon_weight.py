"""Webtoon page weight: what a reader downloads for a demo episode, measured in Chromium.

Builds a throwaway test database with one demo episode (the demo's drawn 800 px PNG panels, uploaded
through the same code path as an editor's batch), serves it with Django's live server and reads it in
headless Chromium on a 360×740 phone and a 1280×900 desktop, counting bytes on the wire (CDP
`encodedDataLength`, cache disabled):

- first screen: everything transferred after load, before the first scroll (target < 500 KB);
- renditions vs originals: panel bytes transferred for the whole episode against the original
  uploads (target ≤ 40 %), and all stored reader renditions against the originals;
- queries per page for a logged-in member of staff: the U-지식여행 feed (index, RSS, Atom) with 20
  episodes, an episode page, the webtoon series and episode pages (target ≤ 15, counted on the second
  request so that one-off rendition creation is left out; tests assert the same budget).

Run through `python -m benchmarks.run webtoon_weight` (rewrites docs/benchmarks.md), or alone with
`python -m benchmarks.webtoon_weight` (replaces only its own section there). The measurement runs in a
child process on its own in-memory SQLite test database, so it never touches anyone's database.
"""

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

TITLE = "Webtoon page weight and queries per page"
ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "benchmarks.md"
MARKER = "----- webtoon page weight -----"
DEMO_EPISODE = 1
FIRST_SCREEN_TARGET = 500 * 1024
RENDITION_TARGET = 0.40
QUERY_TARGET = 15


def _build_episode():
    from webtoons.demo import create_episode
    from webtoons.demo_content import EPISODES
    from webtoons.models import WebtoonSeriesPage
    from wagtail.models import Site

    home = Site.objects.get(is_default_site=True).root_page
    series = WebtoonSeriesPage(title="웹툰", slug="webtoon", show_in_menus=True)
    home.add_child(instance=series)
    series.save_revision().publish()
    return create_episode(series, DEMO_EPISODE, *EPISODES[DEMO_EPISODE - 1])


def _count_queries(episode):
    """Queries per page for a logged-in member of staff, on the second request of each page."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_staff
    from tests.knowledge_trip.factories import days_ago, make_episode, make_series_index

    index = make_series_index()
    episodes = [make_episode(index, f"영상 {n:02d}", published_on=days_ago(n)) for n in range(20)]
    client = Client()
    client.force_login(make_staff())
    pages = [
        ("U-지식여행 목록(20편)", index.url),
        ("U-지식여행 RSS", index.url + "feed/rss/"),
        ("U-지식여행 Atom", index.url + "feed/atom/"),
        ("U-지식여행 영상", episodes[0].url),
        ("웹툰 회차 목록", episode.get_parent().url),
        (f"웹툰 {DEMO_EPISODE}화", episode.url),
    ]
    counts = []
    for label, url in pages:
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            status = client.get(url).status_code
        if status != 200:
            raise RuntimeError(f"{url}: HTTP {status}")
        counts.append((label, len(captured)))
    return counts


def _start_server():
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.db import connections
    from django.test.testcases import LiveServerThread

    overrides = {}
    for connection in connections.all():
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            connection.inc_thread_sharing()
            overrides[connection.alias] = connection
    server = LiveServerThread("127.0.0.1", StaticFilesHandler, connections_override=overrides, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    return server


def _read_in_browser(browser, url, viewport):
    """Bytes on the wire before the first scroll, and per URL after scrolling to the end."""
    context = browser.new_context(viewport=viewport, locale="ko-KR")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    urls, sizes = {}, {}
    cdp.on("Network.responseReceived", lambda event: urls.__setitem__(event["requestId"], event["response"]["url"]))
    cdp.on("Network.loadingFinished", lambda event: sizes.__setitem__(event["requestId"], event["encodedDataLength"]))

    page.goto(url, wait_until="networkidle")
    first_screen = sum(sizes.values())
    first_screen_images = sum(1 for request_id in sizes if "/media/images/" in urls.get(request_id, ""))
    while not page.evaluate("() => innerHeight + scrollY >= document.documentElement.scrollHeight - 2"):
        page.mouse.wheel(0, 500)
        page.wait_for_timeout(60)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    by_url = {urls[request_id]: size for request_id, size in sizes.items() if request_id in urls}
    context.close()
    return first_screen, first_screen_images, by_url


def measure():
    from django.db import connection
    from django.test.utils import override_settings, setup_test_environment, teardown_test_environment
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE
    from webtoons.panel_images import PANEL_RENDITION_SPECS

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        with tempfile.TemporaryDirectory() as media_root, override_settings(MEDIA_ROOT=media_root, ALLOWED_HOSTS=["*"]):
            episode = _build_episode()
            images = [panel.image for panel in episode.panels.select_related("image")]
            original_bytes = sum(image.file_size for image in images)
            stored_rendition_bytes = sum(
                rendition.file.size
                for image in images
                for rendition in image.renditions.filter(filter_spec__in=PANEL_RENDITION_SPECS)
            )
            query_counts = _count_queries(episode)
            server = _start_server()
            try:
                url = f"http://127.0.0.1:{server.port}{episode.url}"
                with sync_playwright() as playwright:
                    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
                    rows = []
                    # The targets are for phones; the desktop row shows what a wider column costs.
                    for label, viewport, is_target in (("휴대전화 360×740", PHONE, True), ("데스크톱 1280×900", DESKTOP, False)):
                        first_screen, first_images, by_url = _read_in_browser(browser, url, viewport)
                        panel_bytes = sum(size for address, size in by_url.items() if "/media/images/" in address)
                        rows.append((label, first_screen, first_images, sum(by_url.values()), panel_bytes, is_target))
                    browser.close()
            finally:
                server.terminate()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    return {
        "panels": len(images),
        "original_bytes": original_bytes,
        "stored_rendition_bytes": stored_rendition_bytes,
        "rows": rows,
        "query_counts": query_counts,
    }


def _kb(value):
    return f"{value / 1024:,.1f} KB"


def report(result):
    original = result["original_bytes"]
    lines = [
        f"`python -m benchmarks.run webtoon_weight` — 데모 {DEMO_EPISODE}화(패널 {result['panels']}장, 800px PNG 원본 "
        f"{_kb(original)}), headless Chromium, 캐시 끔, 전송 바이트(CDP encodedDataLength).",
        "",
        "| 화면 | 첫 화면(스크롤 전) 전송량 | 첫 화면 패널 이미지 | 끝까지 읽은 전송량 | 그중 패널 렌디션 | 패널 렌디션 / 원본 |",
        "|---|---|---|---|---|---|",
    ]
    for label, first_screen, first_images, total, panel_bytes, is_target in result["rows"]:
        ratio = panel_bytes / original
        first_verdict = (" ✅" if first_screen < FIRST_SCREEN_TARGET else " ❌") if is_target else ""
        ratio_verdict = (" ✅" if ratio <= RENDITION_TARGET else " ❌") if is_target else " (참고)"
        lines.append(
            f"| {label} | {_kb(first_screen)}{first_verdict} | {first_images}장 | {_kb(total)} | {_kb(panel_bytes)} | "
            f"{ratio:.0%}{ratio_verdict} |"
        )
    stored_ratio = result["stored_rendition_bytes"] / original
    lines += [
        "",
        f"저장된 리더용 렌디션 전체(WebP 360·720·1080 너비, 원본보다 넓은 것은 원본 너비): "
        f"{_kb(result['stored_rendition_bytes'])} = 원본의 {stored_ratio:.0%}.",
        f"목표(휴대전화): 첫 화면 < {FIRST_SCREEN_TARGET // 1024} KB, 읽는 동안 받은 패널 렌디션 ≤ 원본의 {RENDITION_TARGET:.0%}. "
        "저장 용량 전체는 목표 밖입니다: 평면 색의 데모 PNG는 이미 작아서 세 가지 너비의 WebP를 합하면 원본보다 큽니다.",
        "",
        f"페이지당 쿼리 수(로그인한 직원, 두 번째 요청; 목표 ≤ {QUERY_TARGET}, 에피소드 수가 늘어도 그대로인지는 테스트가 확인):",
        "",
        "| 페이지 | 쿼리 |",
        "|---|---:|",
    ]
    for label, count in result["query_counts"]:
        lines.append(f"| {label} | {count}{' ✅' if count <= QUERY_TARGET else ' ❌'} |")
    lines.append("")
    return "\n".join(lines)


def write_section(markdown):
    text = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# 벤치마크\n"
    section = f"## {TITLE}\n\n{markdown}\n"
    pattern = re.compile(rf"^## {re.escape(TITLE)}\n.*?(?=^## |\Z)", re.S | re.M)
    text = pattern.sub(lambda _: section, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
    DOCS.parent.mkdir(exist_ok=True)
    DOCS.write_text(text, encoding="utf-8")


def run():
    """Measure in a child process with test settings and a throwaway SQLite database; return Markdown."""
    with tempfile.TemporaryDirectory() as scratch:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "lms.settings.test",
            "DATABASE_URL": f"sqlite:///{scratch}/webtoon-weight.sqlite3",
        }
        child = subprocess.run(
            [sys.executable, "-m", "benchmarks.webtoon_weight", "--measure"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    if child.returncode != 0 or MARKER not in child.stdout:
        raise RuntimeError(f"웹툰 페이지 무게 측정에 실패했습니다:\n{child.stderr[-3000:]}")
    return child.stdout.split(MARKER, 1)[1].strip()


if __name__ == "__main__":
    if "--measure" in sys.argv:
        import django

        django.setup()
        print(MARKER)
        print(report(measure()))
    else:
        markdown = run()
        write_section(markdown)
        print(markdown)

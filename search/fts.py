"""Ranked search on SQLite's FTS5 index with one MATCH per query (`one_pass`).

Wagtail's SQLite backend ranks by annotating each candidate page with a correlated subquery that runs
the whole FTS5 MATCH again for that page, so a query costs (matches × MATCH): 23 s for a query
matching 2,368 of 5,000 pages. Here the MATCH runs once and gives every matched index entry its score by
Wagtail's own formula (BM25 × (title norm + 1), lower is better); the pages the person may see are then
picked from that list, which is ranked and sliced in Python. Same results, same order, linear cost.
"""

from functools import cached_property

from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks

FETCH_CHUNK = 500  # pages fetched per query when a slice is long (SQLite limits a query's parameters)


class OnePassResults:
    """Wagtail search results (slicing, len, count, iteration) ranked from one FTS5 MATCH."""

    def __init__(self, results):
        self._compiler = results.query_compiler
        self._config = self._compiler.get_config(results.backend)

    @cached_property
    def _ranked_ids(self):
        from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
        from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry

        compiler = self._compiler
        match = MatchExpression(
            compiler.fields or compiler.FTS_TABLE_FIELDS,
            compiler.build_search_query(normalize(compiler.query), config=self._config),
        )
        # modelsearch's own rank expression, so the order is the one its correlated subquery gave.
        rank = compiler._build_rank_expression(compiler.get_search_vectors(), self._config)
        entries = (
            SQLiteFTSIndexEntry.objects.filter(match)
            .filter(index_entry__content_type__in=get_descendants_content_types_pks(compiler.queryset.model))
            .annotate(score=rank)
            .values_list("index_entry__object_id", "score")
        )
        scores = {}
        for object_id, score in entries:
            scores[object_id] = min(score, scores.get(object_id, score))
        # The IN subquery is not correlated: SQLite runs its MATCH once, however many pages match.
        visible = compiler.queryset.filter(pk__in=entries.values("index_entry__object_id"))
        # (A page indexed between the two statements is left for the next search.)
        found = [(scores[str(pk)], -pk) for pk in visible.values_list("pk", flat=True).order_by() if str(pk) in scores]
        return [-negative_pk for _score, negative_pk in sorted(found)]

    def count(self):
        return len(self._ranked_ids)

    __len__ = count

    def __getitem__(self, key):
        if isinstance(key, int):
            return self[key : key + 1][0]
        ids = self._ranked_ids[key]
        by_pk = {}
        for start in range(0, len(ids), FETCH_CHUNK):
            by_pk.update((page.pk, page) for page in self._compiler.queryset.filter(pk__in=ids[start : start + FETCH_CHUNK]))
        return [by_pk[pk] for pk in ids if pk in by_pk]

    def __iter__(self):
        return iter(self[:])


def one_pass(results):
    """`results` of Wagtail's SQLite backend ranked in one pass; any other results as they are."""
    # By name: the SQLite backend's module can only be imported where the database is SQLite.
    if type(results).__name__ != "SQLiteSearchResults":
        return results
    from modelsearch.backends.database.sqlite.query import normalize

    query = normalize(results.query_compiler.query)
    if isinstance(query, (MatchAll, Not)):  # all or nothing: no MATCH to rank
        return results
    return OnePassResults(results)

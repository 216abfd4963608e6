"""The relevance set gates search quality: recall@10 ≥ 0.9 over ~100 real queries on the database backend."""

import pytest
from wagtail.models import Site

from search.selectors import SearchOutcome
from tests.search.relevance_set import RELEVANCE_SET, evaluate

RECALL_FLOOR = 0.9


@pytest.mark.django_db
def test_relevance_set_recall_at_10_is_at_least_0_9(demo_corpus, django_user_model):
    user = django_user_model.objects.create_superuser("9000001", password="pw-test-1234")
    site = Site.objects.get(is_default_site=True)

    rows = evaluate(lambda query: SearchOutcome(user, site, query).results)

    recall = sum(row[2] for row in rows) / len(rows)
    misses = [f"{query} ({category}): recall {r:.2f} → {ranked[:5]}" for query, category, r, _, ranked in rows if r < 1]
    assert len(RELEVANCE_SET) >= 100
    assert recall >= RECALL_FLOOR, f"recall@10 {recall:.3f} < {RECALL_FLOOR}\n" + "\n".join(misses)

import pytest


@pytest.fixture(autouse=True)
def _fresh_dictionary():
    """Each test builds the user dictionary from its own database rows."""
    from search import dictionary

    dictionary._current.dictionary = None
    yield
    dictionary._current.dictionary = None


@pytest.fixture
def demo_corpus(db):
    from tests.search.corpus import build_demo_corpus

    return build_demo_corpus()

import pytest

from lms.records.registry import LearnableKind, register_learnable_kind

TEST_KIND = LearnableKind(key="evaluation_test_course", label="시험용 이러닝 과정", source="online", group_label="이러닝")


@pytest.fixture(autouse=True)
def _a_registered_kind():
    """Rules may only count registered kinds; the content apps register theirs, this one is the tests' own."""
    register_learnable_kind(TEST_KIND)

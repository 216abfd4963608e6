"""The kinds of learnable item that write completion records, registered by their apps.

Each app registers its kinds in its AppConfig.ready() (as Wagtail hooks are registered), so records and
the reports built on it read one table and never import the content apps:

    register_learnable_kind(LearnableKind(key="offline_session", label="집합교육", source="offline"))
"""

from dataclasses import dataclass

from .choices import CompletionSource


@dataclass(frozen=True)
class LearnableKind:
    key: str  # "offline_session"
    label: str  # "집합교육"
    source: str  # a CompletionSource value
    group_label: str = ""  # for reports, e.g. "이러닝", "U-지식여행", "집합교육"


_kinds: dict[str, LearnableKind] = {}


def register_learnable_kind(kind: LearnableKind) -> None:
    """Register a kind; registering the same kind again is harmless (ready() may run twice in tests),
    the same key for a different kind is an error."""
    if kind.source not in CompletionSource.values:
        raise ValueError(f"알 수 없는 이수 구분입니다: {kind.source}")
    registered = _kinds.get(kind.key)
    if registered is not None and registered != kind:
        raise ValueError(f"학습 종류 «{kind.key}»는 이미 다른 내용으로 등록되어 있습니다.")
    _kinds[kind.key] = kind


def learnable_kinds() -> list[LearnableKind]:
    return list(_kinds.values())


def kind_label(key) -> str:
    """The kind's label (e.g. 집합교육); the key itself for a kind no app registers any more."""
    kind = _kinds.get(key)
    return kind.label if kind else key


def learnable_kind(key) -> LearnableKind:
    """The registered kind; KeyError if no app registered it."""
    return _kinds[key]


_page_models: dict[str, type] = {}


def register_completed_pages(kind_key, page_model) -> None:
    """Record that completing a `page_model` page writes a record of `kind_key` (services.record_completions_of)."""
    _page_models[kind_key] = page_model


def completed_page_models() -> dict[str, type]:
    """{kind key: page model} of the kinds whose records every page completion writes."""
    return dict(_page_models)


_category_sources: dict[str, object] = {}


def register_categories(kind_key, describe) -> None:
    """Say which categories the records of a kind carry (what a rule can count beyond the kind, e.g. an
    offline session's programme kind): `describe()` returns {category: label}, read at call time so
    categories HR adds appear at once."""
    _category_sources[kind_key] = describe


def completion_categories() -> dict[str, tuple[str, str]]:
    """{category: (kind key, label)} of every registered kind, in registration order."""
    found = {}
    for kind_key, describe in _category_sources.items():
        for category, label in describe().items():
            found[category] = (kind_key, label)
    return found

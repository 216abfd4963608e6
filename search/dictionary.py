"""The user dictionary: editors' `SearchTerm` snippets plus the roster's department names.

Both backends read it: the database backend's analyser keeps each term whole (and indexes its parts),
and the Elasticsearch index is created with the same terms as nori `user_dictionary_rules` and the
same synonyms as a `synonym_graph` filter. Each process keeps the dictionary it built and rebuilds it
when an edit bumps the shared version in the cache (checked at most every `RECHECK_SECONDS`).
"""

import re
import threading
import time
from dataclasses import dataclass

from django.core.cache import cache

from .analysis import normalise, squash

VERSION_KEY = "search:dictionary-version"
RECHECK_SECONDS = 30
_SEPARATOR = r"[\s\-·]?"  # 'U-지식여행', 'U 지식여행' and 'u지식여행' are the same term


@dataclass(frozen=True)
class Entry:
    term: str
    token: str  # the term as one index term
    parts: tuple
    synonyms: tuple


def term_pattern(text):
    """A regex for a term however it is spaced or hyphenated."""
    return _SEPARATOR.join(re.escape(char) for char in squash(text))


class Dictionary:
    def __init__(self, entries):
        self.entries = {entry.token: entry for entry in entries if entry.token}
        self._aliases = {}
        for entry in self.entries.values():
            for synonym in entry.synonyms:
                self._aliases.setdefault(squash(synonym), entry)
        self._terms = self._regex(self.entries)
        self._synonyms = self._regex(self._aliases)

    @staticmethod
    def _regex(tokens):
        if not tokens:
            return None
        longest_first = sorted(tokens, key=len, reverse=True)
        return re.compile("|".join(term_pattern(token) for token in longest_first))

    def finditer(self, text):
        return self._terms.finditer(text) if self._terms else iter(())

    def entry_for(self, surface):
        return self.entries[squash(surface)]

    def expansions(self, text):
        """The terms whose synonyms occur in a (normalised) query: 메뉴얼 → 매뉴얼."""
        if not self._synonyms:
            return []
        return [self._aliases[squash(match.group(0))].term for match in self._synonyms.finditer(text)]

    def nori_rules(self):
        """nori `user_dictionary_rules`: each Hangul word of a term, a term with its parts ('민원접점 민원 접점')."""
        rules = {}
        for entry in self.entries.values():
            words = re.findall(r"[\uac00-\ud7a3]+", normalise(entry.term))
            for word in words:
                parts = [part for part in entry.parts if re.fullmatch(r"[\uac00-\ud7a3]+", part)]
                segmentation = parts if len(words) == 1 and "".join(parts) == word and len(parts) > 1 else []
                rules.setdefault(word, " ".join([word, *segmentation]))
        return sorted(rules.values())

    def synonym_rules(self):
        """Solr-style equivalence rules for Elasticsearch's synonym_graph filter: 'u지식여행, 유지식여행'."""
        return sorted(
            ", ".join([normalise(entry.term), *(normalise(synonym) for synonym in entry.synonyms)])
            for entry in self.entries.values()
            if entry.synonyms
        )


def entry(term, parts="", synonyms=()):
    token = squash(term)
    # The editor's parts, else the words of a term of several words; a one-word term has no parts.
    split = [squash(part) for part in (parts.split() or re.split(r"[\s\-·]+", normalise(term)))]
    split = [part for part in split if part and part != token]
    return Entry(term=term, token=token, parts=tuple(dict.fromkeys(split)), synonyms=tuple(synonyms))


def build_dictionary():
    from lms.people.selectors import active_department_names

    from .models import SearchTerm

    entries = [
        entry(term.term, term.parts, term.synonym_list()) for term in SearchTerm.objects.all()
    ]
    edited = {item.token for item in entries}
    entries += [
        entry(name) for name in active_department_names() if squash(name) not in edited
    ]
    return Dictionary(entries)


class _Current:
    def __init__(self):
        self.lock = threading.Lock()
        self.dictionary = None
        self.version = None
        self.checked_at = 0.0


_current = _Current()


def current_dictionary():
    now = time.monotonic()
    if _current.dictionary is not None and now - _current.checked_at < RECHECK_SECONDS:
        return _current.dictionary
    with _current.lock:
        try:
            version = cache.get(VERSION_KEY, 0)
        except Exception:  # the cache is down: keep the dictionary this process has, if any
            version = _current.version
        if _current.dictionary is None or version != _current.version:
            _current.dictionary, _current.version = build_dictionary(), version
        _current.checked_at = now
    return _current.dictionary


def dictionary_changed():
    """Called when a term or a department changes: every process rebuilds its dictionary."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)
    except Exception:  # the cache is down: this process still sees the change, others within their next check
        pass
    _current.dictionary = None

"""The one Korean analyser: the same terms for what is indexed and for what is searched.

`index_terms(text)` and `query_terms(text)` turn Korean text into the words the database backend stores
and matches: content morphemes (nouns, verb and adjective stems, roots, foreign words, numbers), the
compounds they form inside one word (악성 + 민원 → 악성민원, so spacing does not matter), and the platform's
own terms from the user dictionary (`search.dictionary`) kept whole. `bigrams(text)` gives the low-weight
syllable bigrams that find a word the analyser kept whole (민원인 for 민원) or a typo (악셩민원).

The morphological engine is python-mecab-ko with mecab-ko-dic (`SEARCH_ANALYSER = "mecab"`, the default;
`"kiwi"` selects kiwipiepy for comparison, see docs/architecture.md). It is loaded the first time text is
analysed, once per process, never when a module is imported.
"""

import re
from bisect import bisect_right
import threading
import unicodedata
from dataclasses import dataclass

from django.conf import settings

# Morpheme tags (Sejong tag set, shared by mecab-ko-dic and Kiwi) whose words are worth indexing.
NOUN_TAGS = {"NNG", "NNP", "NR", "XR", "SL", "SH", "SN"}
STEM_TAGS = {"VV", "VA"}
# Tags that glue nouns into one compound inside a word: prefixes and noun suffixes (고+강도, 악+성).
GLUE_TAGS = {"XPN", "XSN"}
WHOLE_TAG = "WHOLE"  # a compound's own surface after its parts (mecab-ko-dic's 민원인 = 민원 + 인)
BIGRAM_MARK = "bg"  # bigrams live in their own token space: "bg민원" never matches the morpheme "민원"

_HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]+")
_WORD_CHARS = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class Morpheme:
    form: str
    tag: str
    start: int  # offset in the analysed text, to tell which word (eojeol) it belongs to


class MecabEngine:
    name = "mecab"

    def __init__(self):
        import mecab

        self._tagger = mecab.MeCab()

    def morphemes(self, text):
        for item in self._tagger.parse(text):
            feature = item.feature
            if feature.type in ("Compound", "Inflect") and feature.expression:
                # 민원인 → 민원/NNG + 인/NNG; 갔 → 가/VV + 았/EP: keep the parts, at the item's position.
                for part in feature.expression.split("+"):
                    form, tag, *_ = part.split("/")
                    yield Morpheme(form, tag, item.span.start)
                if feature.type == "Compound":
                    yield Morpheme(item.surface, WHOLE_TAG, item.span.start)
            else:
                yield Morpheme(item.surface, item.pos.split("+")[0], item.span.start)


class KiwiEngine:
    name = "kiwi"

    def __init__(self):
        from kiwipiepy import Kiwi

        self._kiwi = Kiwi()

    def morphemes(self, text):
        for token in self._kiwi.tokenize(text):
            yield Morpheme(token.form, token.tag.split("-")[0], token.start)


ENGINES = {"mecab": MecabEngine, "kiwi": KiwiEngine}
_engines = {}
_lock = threading.Lock()


def engine(name=None):
    """The process's engine, loaded on first use (kiwipiepy takes seconds and hundreds of MB)."""
    name = name or settings.SEARCH_ANALYSER
    if name not in _engines:
        with _lock:
            if name not in _engines:
                _engines[name] = ENGINES[name]()
    return _engines[name]


def normalise(text):
    """NFKC (full-width letters, compatibility jamo), lower case, one space between words."""
    return " ".join(unicodedata.normalize("NFKC", text or "").lower().split())


def squash(term):
    """A dictionary term as one token: 'U-지식여행' → 'u지식여행', '고강도 민원접점' → '고강도민원접점'."""
    return _WORD_CHARS.sub("", normalise(term)).replace("_", "")


def _eojeol_terms(morphemes):
    """Index terms of the morphemes of one word: content morphemes, then the compounds of noun runs."""
    terms, run = [], []

    def close_run():
        nouns = [m for m in run if m.tag in NOUN_TAGS]
        if len(run) > 1 and nouns:
            terms.append("".join(m.form for m in run))
            if len(run) > 2:
                terms.extend(a.form + b.form for a, b in zip(run, run[1:]))
        run.clear()

    for morpheme in morphemes:
        if morpheme.tag == WHOLE_TAG:
            terms.append(morpheme.form)
            continue
        if morpheme.tag in NOUN_TAGS or morpheme.tag in GLUE_TAGS:
            if morpheme.tag in NOUN_TAGS:
                terms.append(morpheme.form)
            run.append(morpheme)
            continue
        close_run()
        if morpheme.tag in STEM_TAGS:
            terms.append(morpheme.form)
    close_run()
    return terms


def _analyse_plain(text, engine_name):
    """Terms of text with no dictionary term in it, word by word (a word = a space-separated eojeol)."""
    if not text.strip():
        return []
    starts = [match.start() for match in re.finditer(r"\S+", text)]
    words = {}
    for morpheme in engine(engine_name).morphemes(text):
        words.setdefault(bisect_right(starts, morpheme.start), []).append(morpheme)
    terms = []
    for word in sorted(words):
        terms.extend(_eojeol_terms(words[word]))
    return [squash(term) for term in terms if squash(term)]


def analyse(text, *, engine_name=None, dictionary=None):
    """Index terms of text, in order, with repeats (term frequency counts for ranking)."""
    from .dictionary import current_dictionary

    text = normalise(text)
    dictionary = current_dictionary() if dictionary is None else dictionary
    terms, position = [], 0
    for match in dictionary.finditer(text):
        if match.start() < position:
            continue  # inside the particles of the term before
        terms += _analyse_plain(text[position : match.start()], engine_name)
        entry = dictionary.entry_for(match.group(0))
        terms.append(entry.token)
        terms.extend(entry.parts)
        # What is glued to a term is its particle or ending (아리수를, U-지식여행에서): skip to the next space.
        tail = re.match(r"\S*", text[match.end() :])
        position = match.end() + tail.end()
    terms += _analyse_plain(text[position:], engine_name)
    return terms


def bigrams(text):
    """Marked syllable bigrams of each Hangul run, spaces removed inside a word (악셩민원 → 악셩 셩민 민원)."""
    grams = []
    for word in normalise(text).split():
        for run in _HANGUL_RUN.findall(word):
            grams.extend(BIGRAM_MARK + run[i : i + 2] for i in range(len(run) - 1))
    return grams


def index_text(text, **kwargs):
    return " ".join(analyse(text, **kwargs))


def query_terms(text, **kwargs):
    """The distinct terms of a query plus its dictionary synonyms' terms, in first-seen order."""
    from .dictionary import current_dictionary

    dictionary = kwargs.get("dictionary") or current_dictionary()
    terms = analyse(text, **kwargs)
    for synonym_text in dictionary.expansions(normalise(text)):
        terms += analyse(synonym_text, **kwargs)
    return list(dict.fromkeys(terms))

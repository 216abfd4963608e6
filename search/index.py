"""What a searchable page adds to its `search_fields`: `KoreanSearchable` and `korean_search_fields()`.

A page model inherits `KoreanSearchable`, implements `search_text()` (the plain text staff look for,
title excluded: summaries, bodies, captions, transcripts, a manual's PDF text …) and adds
`korean_search_fields()` to its `search_fields`. The database backend then indexes the analysed
morphemes (title twice, so a title word outranks a body word) and, with a low boost, syllable bigrams;
Elasticsearch indexes `search_text` itself with nori and ignores the two analysed fields.
"""

from html import unescape

from django.db import models
from django.utils.html import strip_tags
from wagtail.search import index

from .analysis import bigrams, index_text, normalise

# Analysed text is for the database backend only: Elasticsearch stores it but neither indexes it nor
# copies it into _all_text (nori analyses search_text and the title itself).
NOT_FOR_ELASTICSEARCH = {"index": False, "include_in_all": False}
BIGRAM_BOOST = 0.2


def plain_text(*parts):
    """Rich text and plain strings as one plain text (tags stripped, entities decoded, spaces squeezed)."""
    return normalise(" ".join(unescape(strip_tags(part)) for part in parts if part))


def korean_search_fields():
    return [
        index.SearchField("search_text"),
        index.SearchField("search_morphemes", es_extra=NOT_FOR_ELASTICSEARCH),
        index.SearchField("search_bigrams", boost=BIGRAM_BOOST, es_extra=NOT_FOR_ELASTICSEARCH),
        index.AutocompleteField("search_title_morphemes", es_extra=NOT_FOR_ELASTICSEARCH),
    ]


class KoreanSearchable(models.Model):
    """An abstract model, not a plain mixin: Wagtail's Elasticsearch mapping names a field after the model
    that defines it, so the analysed fields are one set of fields shared by every page type."""

    class Meta:
        abstract = True

    def search_text(self):
        raise NotImplementedError

    def search_morphemes(self):
        return " ".join([index_text(self.title), index_text(self.title), index_text(self.search_text())])

    def search_bigrams(self):
        return " ".join(bigrams(self.title) + bigrams(self.search_text()))

    def search_title_morphemes(self):
        return index_text(self.title)

    def search_thumbnail(self):
        """The image a search result shows beside its title, if the page has one."""
        return None

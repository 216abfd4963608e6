"""The rule that keeps every published webtoon episode readable with a screen reader.

Shared by the page model (any way of publishing) and the admin form (so the editor sees the message
next to the fields instead of an error page).

A tall strip cut into pieces at upload is described once: the text of its first piece covers the pieces
that continue it (`continues_previous`), which the reader shows as decorative (alt="") so a screen reader
does not read the same text again. An editor may still describe any piece on its own.
"""

from django.utils.html import strip_tags

NO_PANELS = "패널 이미지가 없는 회차는 게시할 수 없습니다."
MISSING_TEXT_ALTERNATIVE = (
    "화면낭독기 사용자도 읽을 수 있도록 모든 패널에 대체텍스트를 입력하거나 대사 대본을 작성해야 게시할 수 있습니다. "
    "대체텍스트가 없는 패널: {panels}번째. 초안 저장은 그대로 할 수 있습니다."
)


def has_transcript(transcript_html):
    return bool(strip_tags(transcript_html or "").strip())


def text_alternative_error(panels, transcript_html):
    """Why an episode may not go live, or None.

    `panels` are (alt text, continues the panel above) pairs in reading order. A piece of a strip needs no
    text of its own; its strip's first piece is listed if that has none.
    """
    if not panels:
        return NO_PANELS
    missing = panels_missing_text(panels, transcript_html)
    if missing:
        return MISSING_TEXT_ALTERNATIVE.format(panels=", ".join(map(str, missing)))
    return None


def panels_missing_text(panels, transcript_html):
    """The numbers (from 1) of the panels a screen reader would meet without text; none under a transcript."""
    if has_transcript(transcript_html):
        return []
    return [
        number
        for number, (alt, continues_previous) in enumerate(panels, start=1)
        if not (alt or "").strip() and not (continues_previous and number > 1)
    ]

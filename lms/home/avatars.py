"""Initials in place of Wagtail's avatar image, for a user who has not uploaded one (Gravatar is off).

Korean messengers and groupware show a Korean name by its last two syllables, which are the given name of
most names (김서울 → 서울, 남궁민수 → 민수; 김구 → 김구). Other names show the first letters of their first
two words (Jane Doe → JD), or of their 직원번호 when they have no name.
"""

from urllib.parse import quote

from django.utils.html import escape

from .korean import HANGUL_FIRST, HANGUL_LAST

# For images Wagtail fetches by URL (the sidebar's account menu, comments): the admin's secondary colour
# with white text (contrast 4.9:1), which reads on the dark sidebar and on a light or dark page alike.
SVG_BACKGROUND, SVG_TEXT = "#007d7e", "#ffffff"


def is_hangul(text):
    return bool(text) and all(HANGUL_FIRST <= ord(character) <= HANGUL_LAST for character in text)


def initials(user):
    name = user.get_full_name().strip()  # the 성명, or the 직원번호 when there is none
    compact = name.replace(" ", "")
    if is_hangul(compact):
        return compact[-2:]
    return "".join(word[0] for word in name.split()[:2]).upper()


def has_uploaded_avatar(user):
    profile = getattr(user, "wagtail_userprofile", None)
    return bool(profile and profile.avatar)


def initials_image_url(user):
    """A data: URL of an SVG circle with the user's initials (the admin's img-src allows data:)."""
    letters = initials(user)
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40">'
        f'<circle cx="20" cy="20" r="20" fill="{SVG_BACKGROUND}"/>'
        f'<text x="20" y="20" dy=".35em" text-anchor="middle" fill="{SVG_TEXT}" '
        f'font-family="sans-serif" font-size="{16 if len(letters) > 1 else 20}" font-weight="600">{escape(letters)}</text></svg>'
    )
    return "data:image/svg+xml," + quote(svg)

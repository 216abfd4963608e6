"""Initials instead of Wagtail's default avatar, wherever the admin shows one; an uploaded picture stays."""

import json
import re
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from wagtail.users.models import UserProfile

from lms.home.avatars import initials
from lms.people.models import User
from tests.factories import make_editor


@pytest.mark.parametrize(
    "name, username, expected",
    [
        ("김서울", "2018001", "서울"),  # the given name of a three-syllable name
        ("남궁민수", "2018002", "민수"),  # a two-syllable surname
        ("김구", "2018003", "김구"),  # a two-syllable name whole
        ("김 서울", "2018004", "서울"),
        ("Jane Doe", "2018005", "JD"),
        ("", "admin", "A"),  # no name: the username
    ],
)
def test_initials_of_a_name(name, username, expected):
    assert initials(User(username=username, name=name)) == expected


def render_avatar(user, size="small"):
    return Template('{% load wagtailadmin_tags %}{% avatar user=user size=size %}').render(Context({"user": user, "size": size}))


@pytest.mark.django_db
def test_the_avatar_template_writes_initials_and_keeps_an_uploaded_picture():
    user = make_editor(name="김서울")
    html = render_avatar(user)
    assert '<span class="avatar__initials" aria-hidden="true">서울</span>' in html and "<img" not in html

    profile = UserProfile.get_for_user(user)
    profile.avatar = SimpleUploadedFile("me.png", b"\x89PNG\r\n\x1a\n", content_type="image/png")
    profile.save()
    user.refresh_from_db()
    html = render_avatar(user, size="large")
    assert "avatar__initials" not in html and re.search(r'<img src="[^"]*me[^"]*\.png"', html)


def test_a_page_saved_by_no_one_keeps_wagtails_default_avatar():
    assert "default-user-avatar.png" in render_avatar(None)


@pytest.mark.django_db
def test_the_sidebar_account_menu_and_the_dashboard_show_initials(client):
    user = make_editor(name="김서울")
    client.force_login(user)
    html = client.get("/admin/").content.decode()
    props = json.loads(re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S).group(1))
    avatar_url = json.dumps(props)
    found = re.search(r'"avatarUrl": "(data:image/svg\+xml,[^"]+)"', avatar_url)
    assert found and ">서울</text>" in unquote(found.group(1))
    assert "gravatar" not in html and "default-user-avatar" not in html
    assert '<span class="avatar__initials" aria-hidden="true">서울</span>' in html  # the dashboard's account summary
    assert "css/admin.css" in html

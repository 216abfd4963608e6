"""{{ user|initials }} and {{ user|has_uploaded_avatar }} for the admin's avatar (see lms/home/avatars.py)."""

from django import template

from lms.home import avatars

register = template.Library()

register.filter("initials", avatars.initials)
register.filter("has_uploaded_avatar", avatars.has_uploaded_avatar)

"""{{ name|josa:"을" }} and {{ number|count:"명" }} in templates (see lms/home/korean.py)."""

from django import template

from lms.home import korean

register = template.Library()


@register.filter
def josa(word, name):
    return korean.josa(word, name)


@register.filter
def count(number, unit="건"):
    return korean.count(number, unit)

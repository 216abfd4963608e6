"""{{ name|josa:"을" }}, {{ name|particle:"을" }} (the particle alone, for after a link or quote) and {{ number|count:"명" }} in templates (see lms/home/korean.py)."""

from django import template

from lms.home import korean

register = template.Library()


@register.filter
def josa(word, name):
    return korean.josa(word, name)


@register.filter
def particle(word, name):
    return korean.particle(word, name)


@register.filter
def count(number, unit="건"):
    return korean.count(number, unit)

from django import template
from django.utils.http import urlencode

from .. import grants

register = template.Library()


@register.simple_tag(takes_context=True)
def playback_query(context, video):
    """`?grant=…` for this video's playback URLs, granted to whoever this page is being rendered for."""
    return "?" + urlencode({"grant": grants.issue(video_id=video.pk, user=context["request"].user)})


from wagtail import hooks
from wagtail.admin.ui.components import Component

from .selectors import redis_unreachable


class RedisUnreachablePanel(Component):
    """Dashboard notice while Redis does not answer: the site works, slower, on the database alone."""

    name = "redis_unreachable"
    order = 10
    template_name = "home/admin/redis_unreachable_panel.html"


@hooks.register("construct_homepage_panels")
def add_redis_unreachable_panel(request, panels):
    if redis_unreachable():
        panels.append(RedisUnreachablePanel())

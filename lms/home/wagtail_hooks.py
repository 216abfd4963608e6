from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.text import capfirst
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import Site
from wagtail.sites.views import IndexView as SiteIndexView

from .avatars import has_uploaded_avatar, initials_image_url
from .dashboard import MyDraftsPanel, ScheduledPagesPanel, add_panels
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


# The editors' drafts list what Wagtail's "최근 편집" lists, with what is scheduled apart.
@hooks.register("construct_homepage_panels")
def add_editor_panels(request, panels):
    add_panels(request, panels, [MyDraftsPanel(request), ScheduledPagesPanel(request)], replacing={"recent_edits"})


# Wagtail's help menu links to guide.wagtail.org: English, and out of reach on the city's closed network.
OUTSIDE_HELP_ITEMS = ("editor-guide", "whats-new-in-wagtail-")


@hooks.register("construct_help_menu")
def keep_help_on_the_platform(request, menu_items):
    menu_items[:] = [item for item in menu_items if not item.name.startswith(OUTSIDE_HELP_ITEMS)]


# Wagtail 8.0 labels three columns of its site list from their attribute names ("Port", "Site name", "Root
# page"), which no catalogue translates: label them with the fields' translated names instead.
for column in SiteIndexView.columns:
    if column.name in {"port", "site_name", "root_page"}:
        column.label = capfirst(Site._meta.get_field(column.name).verbose_name)


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


# Where Wagtail takes an avatar as a URL (the sidebar's account menu, comments), initials drawn as an image;
# the avatar template (templates/wagtailadmin/shared/avatar.html) writes them as text. An uploaded picture wins.
@hooks.register("get_avatar_url")
def initials_avatar(user, size):
    if user is None or has_uploaded_avatar(user):
        return None
    return initials_image_url(user)

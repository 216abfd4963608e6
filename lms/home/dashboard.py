"""Panels of the admin dashboard (Wagtail's construct_homepage_panels): each role lands on what it works on.

Every app adds the panels of its own work from its wagtail_hooks (videos in media_pipeline, webtoon
episodes in webtoons, HR's day in lms/hr); the editors' pages are here. A panel a role may use is always
shown, with a short Korean line when it has nothing to list, so an empty list reads as "nothing to do".
"""

from wagtail.admin.auth import user_has_any_page_permission
from wagtail.admin.ui.components import Component

from . import selectors

ROWS = 10  # each panel lists at most this many; its heading links to the whole list where there is one


class DashboardPanel(Component):
    """A panel for `request.user`, shown when `is_shown()`; subclasses give `rows()` for the template."""

    def __init__(self, request):
        self.request = request

    def is_shown(self):
        return True

    def rows(self):
        raise NotImplementedError

    def get_context_data(self, parent_context=None):
        return {"rows": self.rows(), "request": self.request, "csrf_token": (parent_context or {}).get("csrf_token")}


class MyDraftsPanel(DashboardPanel):
    name = "my_drafts"
    order = 100
    template_name = "home/admin/my_drafts_panel.html"

    def is_shown(self):
        return user_has_any_page_permission(self.request.user)

    def rows(self):
        return selectors.drafts_of(self.request.user, limit=ROWS)


class ScheduledPagesPanel(MyDraftsPanel):
    name = "scheduled_pages"
    order = 110
    template_name = "home/admin/scheduled_pages_panel.html"

    def rows(self):
        return selectors.scheduled_pages(self.request.user, limit=ROWS)


def add_panels(request, panels, new_panels, *, replacing=()):
    """Add the shown ones of `new_panels`; when any is shown, drop Wagtail's panels named in `replacing`."""
    shown = [panel for panel in new_panels if panel.is_shown()]
    if shown and replacing:
        panels[:] = [panel for panel in panels if getattr(panel, "name", None) not in replacing]
    panels.extend(shown)

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.auth import user_has_any_page_permission

from lms.home.dashboard import ROWS, DashboardPanel, add_panels

from .selectors import episodes_missing_text_alternatives


class EpisodesMissingTextPanel(DashboardPanel):
    """The editors' dashboard: episodes a screen reader cannot read yet, which therefore cannot go live."""

    name = "episodes_missing_text"
    order = 130
    template_name = "webtoons/admin/dashboard_panel.html"

    def is_shown(self):
        return user_has_any_page_permission(self.request.user)

    def rows(self):
        return [
            {"episode": episode, "panels": ", ".join(map(str, missing)), "edit_url": reverse("wagtailadmin_pages:edit", args=[episode.pk])}
            for episode, missing in episodes_missing_text_alternatives(limit=ROWS)
        ]


@hooks.register("construct_homepage_panels")
def add_episodes_panel(request, panels):
    add_panels(request, panels, [EpisodesMissingTextPanel(request)])

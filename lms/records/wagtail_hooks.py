from django.utils.functional import cached_property
from redis.exceptions import RedisError
from wagtail import hooks
from wagtail.admin.ui.components import Component

from . import beat_queue

# A beat queued longer than this means the writers are behind or failing.
BACKLOG_WARNING_SECONDS = 60


class BeatQueuePanel(Component):
    """Dashboard panel for administrators: heartbeats waiting in the queue and the writers' last failure."""

    name = "beat_queue"
    order = 90
    template_name = "records/admin/beat_queue_panel.html"

    @cached_property
    def backlog(self):
        try:
            return beat_queue.backlog()
        except RedisError:
            return None

    def get_context_data(self, parent_context):
        backlog = self.backlog
        behind = backlog is not None and (backlog.oldest_seconds or 0) > BACKLOG_WARNING_SECONDS
        return {
            "backlog": backlog,
            "warning": backlog is None or behind or bool(backlog.last_failure) or bool(backlog.rejected),
        }


@hooks.register("construct_homepage_panels")
def add_beat_queue_panel(request, panels):
    if beat_queue.enabled() and request.user.is_superuser:
        panels.append(BeatQueuePanel())

"""The site's URLs plus the yardsticks of the heartbeat benchmark (mounted only here)."""

import json
from types import SimpleNamespace

from django.http import HttpResponse, JsonResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from lms.records import views as records_views
from lms.records.models import LearningState
from lms.urls import urlpatterns as site_urlpatterns


def ceiling(request, page_id):
    """What the stack costs with no work at all."""
    return HttpResponse("ok")


@require_POST
def naive_heartbeat(request, page_id):
    """The usual LMS heartbeat: trust the client, one update_or_create per beat, no log, no checks."""
    body = json.loads(request.body)
    state, _ = LearningState.objects.update_or_create(
        user=request.user,
        page_id=page_id,
        defaults={"last_position": body["position"], "last_beat_at": timezone.now()},
    )
    return JsonResponse({"verified_percent": state.verified_percent, "completed": False})


def no_write(item):
    """The real heartbeat with its write left out: beat token (or session and user), rate limit and validation."""
    return SimpleNamespace(verified_percent=0.0, completed_at=None), False


urlpatterns = [
    path("bench/ceiling/<int:page_id>/", ceiling),
    path("bench/naive/<int:page_id>/", naive_heartbeat),
    path("bench/without-write/<int:page_id>/", records_views.heartbeat, {"record": no_write}),
    *site_urlpatterns,
]

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST
from wagtail.documents.views.serve import serve as serve_document

from webtoons import services
from webtoons.models import ManualEdition, WebtoonEpisodePage


def _refuse(status, message):
    return JsonResponse({"error": message}, status=status, json_dumps_params={"ensure_ascii": False})


def _viewable(request, page):
    """Live, and accepted by every Wagtail view restriction (login, groups, password) on the page."""
    return page.live and all(restriction.accept_request(request) for restriction in page.get_view_restrictions())


@require_POST
def episode_read(request, page_id):
    """The reader script posts here when the last panel comes into view (CSRF header X-CSRFToken)."""
    if not request.user.is_authenticated:
        return _refuse(403, "로그인한 직원만 읽음 기록을 남길 수 있습니다.")
    episode = WebtoonEpisodePage.objects.live().filter(pk=page_id).first()
    if episode is None:
        return _refuse(404, "읽음 기록을 남길 수 있는 웹툰 회차가 아닙니다.")
    if not _viewable(request, episode):
        return _refuse(403, "이 회차를 볼 권한이 없습니다.")
    state = services.record_episode_read(user=request.user, episode=episode)
    return JsonResponse({"recorded": True, "completed": state.completed_at is not None})


def _edition_or_404(request, edition_id):
    edition = get_object_or_404(ManualEdition.objects.select_related("page", "document"), pk=edition_id)
    if not _viewable(request, edition.page):
        raise Http404("매뉴얼을 찾을 수 없습니다.")
    return edition


@require_GET
def manual_download(request, edition_id):
    """Download an edition's PDF, recorded as a "download" event for logged-in staff."""
    edition = _edition_or_404(request, edition_id)
    if request.user.is_authenticated:
        services.record_manual_download(user=request.user, edition=edition)
    response = serve_document(request, edition.document.pk, edition.document.filename)
    if response.status_code == 200:
        response.headers["Content-Disposition"] = content_disposition_header(True, edition.document.filename)
    return response


@require_GET
@xframe_options_sameorigin
def manual_read(request, edition_id):
    """The same PDF served inline, allowed inside this site's own frames so the page can embed it."""
    edition = _edition_or_404(request, edition_id)
    return serve_document(request, edition.document.pk, edition.document.filename)

"""SCORM HTTP endpoints: the sandboxed package files, the CMI commit, and a standalone launch page."""

import json
import mimetypes
import re

from csp.constants import NONE, SELF, UNSAFE_EVAL, UNSAFE_INLINE
from csp.decorators import csp
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.utils.html import escape
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Page

from . import cmi, selectors, services
from .access import can_launch, read_content_token, read_launch_token
from .models import PackageStatus, ScormPackage
from .packaging import safe_member_path

# The same flags go on the <iframe> and on every package response (for when a file is opened on its
# own): scripts run, but in an opaque origin, so they reach neither the platform's cookies nor its DOM.
SANDBOX_FLAGS = "allow-scripts allow-forms allow-popups"
# The Content-Security-Policy of every package file. Packages run their authoring tool's code, inline
# scripts, eval and style="" included, so scripts and styles cannot be held to this server's files
# alone; the sandbox is what makes that safe (no cookies, storage or DOM of the platform to reach).
# The rest still binds them: only this server's files (the package's own, the injected bridge), no
# request to a third party, no plugin, and no framing except by the platform's launch page.
PACKAGE_POLICY = {
    "sandbox": SANDBOX_FLAGS.split(),
    "default-src": [SELF],
    "script-src": [SELF, UNSAFE_INLINE, UNSAFE_EVAL],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "media-src": [SELF, "data:", "blob:"],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "worker-src": [SELF, "blob:"],
    "frame-src": [SELF],
    "frame-ancestors": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
}
HTML_TYPES = {"text/html", "application/xhtml+xml"}
# Browsers look for <meta charset> in the first 1024 bytes only, so the scripts (whose saved data may
# be long) go after it when the file has one, else right after <head>.
CHARSET_META = re.compile(rb"<meta\s[^>]*charset[^>]*>", re.IGNORECASE)
HEAD_TAG = re.compile(rb"<head(\s[^>]*)?>", re.IGNORECASE)
HTML_TAG = re.compile(rb"<html(\s[^>]*)?>", re.IGNORECASE)


def _bridge_tags(user, page, package):
    """Scripts put into each package HTML file: scorm-again's cross-frame API, seeded with saved CMI."""
    seed = escape(json.dumps(selectors.launch_cmi(user, page, package), ensure_ascii=False))
    return (
        f'<script src="{static("vendor/scorm-again/cross-frame-api.min.js")}"></script>'
        f'<script src="{static("js/scorm-sco-bridge.js")}" data-cmi="{seed}"></script>'
    ).encode()


def _inject(document, tags):
    for pattern, searched in ((CHARSET_META, document[:1024]), (HEAD_TAG, document), (HTML_TAG, document)):
        match = pattern.search(searched)
        if match:
            return document[: match.end()] + tags + document[match.end():]
    return tags + document


@require_GET
@csp(PACKAGE_POLICY)
def package_file(request, token, path):
    grant = read_content_token(token)
    if grant is None:
        raise PermissionDenied("학습 콘텐츠 열람 권한이 만료되었습니다. 차시 화면을 새로 고쳐 주세요.")
    if request.user.is_authenticated and request.user.pk != grant.user_id:
        raise PermissionDenied("다른 사용자의 학습 콘텐츠 주소입니다.")
    member = safe_member_path(path)
    if member is None:
        raise Http404("잘못된 경로입니다.")
    package = get_object_or_404(ScormPackage, pk=grant.package_id, status=PackageStatus.READY)
    name = package.storage_prefix + member
    try:
        stream = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404("패키지에 없는 파일입니다.") from error
    content_type = mimetypes.guess_type(member)[0] or "application/octet-stream"
    if content_type in HTML_TYPES:
        with stream:
            document = stream.read()
        page = get_object_or_404(Page, pk=grant.page_id)
        user = get_object_or_404(get_user_model(), pk=grant.user_id, is_active=True)
        response = HttpResponse(_inject(document, _bridge_tags(user, page, package)), content_type=content_type)
        response["Cache-Control"] = "private, no-store"
    else:
        response = FileResponse(stream, content_type=content_type)
        response["Cache-Control"] = "private, max-age=3600"
    return response


NO_LAUNCH = "서버가 시작한 학습이 아니어서 학습 기록을 저장할 수 없습니다. 차시 화면을 새로 연 뒤 다시 학습해 주세요."


def _json_error(message, status):
    return JsonResponse({"result": "false", "errorCode": 101, "error": message}, status=status)


@require_POST
def commit(request, page_id):
    if not request.user.is_authenticated:
        return _json_error("로그인이 필요합니다. 다시 로그인한 뒤 학습해 주세요.", 403)
    page = get_object_or_404(Page, pk=page_id).specific
    package = selectors.package_of(page)
    if not can_launch(request, page, package):
        return _json_error("이 차시를 학습할 권한이 없습니다.", 403)
    if not package.is_ready:
        return _json_error("SCORM 패키지를 사용할 수 없는 상태입니다.", 400)
    if int(request.META.get("CONTENT_LENGTH") or 0) > settings.SCORM_MAX_COMMIT_BYTES:
        return _json_error("저장할 학습 데이터가 너무 큽니다.", 400)
    raw = request.POST.get("cmi")
    if raw is None:
        return _json_error("저장할 CMI 데이터가 없습니다.", 400)
    launch = read_launch_token(request.POST.get("launch"), user=request.user, page=page)
    if launch is None:
        return _json_error(NO_LAUNCH, 403)
    try:
        services.record_commit(
            user=request.user,
            page=page,
            package=package,
            raw_cmi=raw,
            launch=launch,
            is_final=request.POST.get("final") == "1",
        )
    except cmi.CommitError as error:
        return _json_error(str(error), 400)
    return JsonResponse({"result": "true", "errorCode": 0})


@login_required
def launch(request, package_id):
    """A lesson page's SCORM player on its own, for pages whose template is not built yet."""
    package = get_object_or_404(ScormPackage, pk=package_id)
    page_id = request.GET.get("page", "")
    if not page_id.isdigit():
        raise Http404("차시를 지정해 주세요.")
    page = get_object_or_404(Page, pk=int(page_id)).specific
    if not can_launch(request, page, package):
        raise PermissionDenied("이 차시를 학습할 권한이 없습니다.")
    return render(request, "scorm/launch_page.html", {"package": package, "page": page})

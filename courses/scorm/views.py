"""SCORM HTTP endpoints.

On the platform: a lesson page's player on its own (`launch`). On the content origin (content_urls,
middleware.py), without cookies: the player page, the package files served as a web server would, and
the commits, each authorised by the signed pass in its URL (access.py).
"""

import codecs
import hashlib
import re
from functools import wraps
from urllib.parse import urlsplit

from csp.constants import NONE, SELF, UNSAFE_EVAL, UNSAFE_INLINE
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST, require_safe
from wagtail.models import Page

from . import cmi, selectors, services
from .access import can_launch, file_grant, granted_package, launch_context
from .middleware import CONTENT_URLCONF, platform_origin
from .models import ScormPackage
from .packaging import safe_member_path

# Packages run their authoring tool's code, inline scripts, eval and style="" included, so scripts and
# styles cannot be held to files alone. What makes that safe is the origin: this one holds no cookie,
# no session and no page of the platform. The rest still binds them: the content origin's files only,
# no request to a third party, no plugin, and framed only by the player under the platform's page.
PACKAGE_POLICY = {
    "default-src": [SELF],
    "script-src": [SELF, UNSAFE_INLINE, UNSAFE_EVAL],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "media-src": [SELF, "data:", "blob:"],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "worker-src": [SELF, "blob:"],
    "frame-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
}
# The player page is ours: its scripts are files (scorm-again and scorm-player.js), nothing inline.
PLAYER_POLICY = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF, "data:"],
    "connect-src": [SELF],
    "frame-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
}

# The types a web server gives the files authoring tools export (the system's table varies by machine).
CONTENT_TYPES = {
    "html": "text/html", "htm": "text/html", "xhtml": "application/xhtml+xml", "xml": "application/xml",
    "xsd": "application/xml", "js": "text/javascript", "mjs": "text/javascript", "css": "text/css",
    "json": "application/json", "txt": "text/plain", "vtt": "text/vtt", "srt": "text/plain", "csv": "text/csv",
    "svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
    "webp": "image/webp", "avif": "image/avif", "ico": "image/x-icon", "bmp": "image/bmp",
    "woff": "font/woff", "woff2": "font/woff2", "ttf": "font/ttf", "otf": "font/otf",
    "eot": "application/vnd.ms-fontobject", "mp4": "video/mp4", "m4v": "video/mp4", "webm": "video/webm",
    "ogv": "video/ogg", "mp3": "audio/mpeg", "m4a": "audio/mp4", "aac": "audio/aac", "wav": "audio/wav",
    "ogg": "audio/ogg", "oga": "audio/ogg", "wasm": "application/wasm", "pdf": "application/pdf",
    "zip": "application/zip", "swf": "application/x-shockwave-flash",
}
TEXT_TYPES = {"application/json", "application/xml", "application/xhtml+xml"}
# How much of a text file is read to tell its encoding (the rest streams as it is).
SNIFF_BYTES = 1024 * 1024
DECLARED_CHARSET = re.compile(
    rb"<meta\s[^>]*charset|^\s*<\?xml[^>]*encoding=|^\s*@charset\s", re.IGNORECASE
)
CHUNK_BYTES = 256 * 1024
RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
# Each URL names one version of one package's file (the grant carries the content's hash), so it never
# changes; a grant lasts one or two days, and so may the browser's copy.
FILE_CACHE_CONTROL = "private, max-age=86400, immutable"

# Each dist file defines one global: window.Scorm12API or window.Scorm2004API.
RUNTIME_SCRIPTS = {
    cmi.SCORM_12: "vendor/scorm-again/scorm12.min.js",
    cmi.SCORM_2004: "vendor/scorm-again/scorm2004.min.js",
}


NO_LAUNCH = "서버가 시작한 학습이 아니어서 학습 기록을 저장할 수 없습니다. 차시 화면을 새로 연 뒤 다시 학습해 주세요."


def allow_sco_windows(response):
    """For a platform page that frames the player. Its pages isolate themselves from other origins'
    windows (Cross-Origin-Opener-Policy same-origin, Django's default), which would cut a window a SCO
    opens from its opener and so from the API; this keeps that link for the windows it opens only."""
    response["Cross-Origin-Opener-Policy"] = "same-origin-allow-popups"
    return response


def on_content_origin(policy):
    """A content-origin view: its own policy, framed by the platform (frame-ancestors checks every
    ancestor: the player, the platform's page above it), and no X-Frame-Options, which cannot say that.
    No opener isolation either: a SCO's own window must reach the player through window.opener (a
    sandboxed frame's window is not even allowed to open a page that isolates itself)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response._csp_config = {**policy, "frame-ancestors": [SELF, platform_origin()]}
            response["Cross-Origin-Opener-Policy"] = "unsafe-none"
            return response

        return xframe_options_exempt(wrapped)

    return decorator


def content_url(name, **kwargs):
    return reverse(f"scorm_content:{name}", urlconf=CONTENT_URLCONF, kwargs=kwargs)


def _refusal(message, status):
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def content_not_found(request, exception=None):
    return _refusal("없는 주소입니다.", 404)


def content_server_error(request):
    return _refusal("일시적인 오류가 발생했습니다. 잠시 후 다시 시도해 주세요.", 500)


@require_GET
@on_content_origin(PLAYER_POLICY)
def player(request, token):
    """The page the lesson frames: scorm-again's API for the package's version, and the SCO framed under
    it on this same origin, where every standard discovery algorithm finds the API in a parent."""
    context = launch_context(token)
    if context is None:
        return _refusal("학습을 시작할 수 없습니다. 차시 화면을 새로 고쳐 주세요.", 403)
    package, user = context.package, context.user
    grant = file_grant(user, package)
    sco_ids = package.sco_ids
    completed = selectors.completed_scos(user, context.page) if sco_ids else set()
    current = next((sco for sco in sco_ids if sco not in completed), sco_ids[0] if sco_ids else "")
    config = {
        "version": package.version,
        "commitUrl": content_url("commit", token=token),
        "sco": current,
        "scoUrl": _file_url(grant, package.launch_href),
        "cmi": selectors.launch_cmi(user, context.page, package, current),
        # A package of several SCOs: its table of contents, each SCO's address and where its CMI is read.
        "scos": [
            {"id": item["id"], "title": item["title"], "depth": item["depth"],
             "url": _file_url(grant, item["href"]) if item["href"] else "", "completed": item["id"] in completed}
            for item in package.items
        ] if sco_ids else [],
        "cmiUrl": content_url("sco_cmi", token=token, sco="SCO_ID") if sco_ids else "",
        "progressUrl": content_url("sco_progress", token=token) if sco_ids else "",
        # Told of every commit, so the lesson page above updates its status without a reload.
        "platformOrigin": platform_origin(),
    }
    if sco_ids:
        config["scoUrl"] = next(item["url"] for item in config["scos"] if item["id"] == current)
    response = render(request, "scorm/player.html", {
        "package": package, "config": config, "runtime": RUNTIME_SCRIPTS[package.version],
    })
    response["Cache-Control"] = "no-store"  # it carries the learner's saved data
    return response


def _file_url(grant, href):
    parts = urlsplit(href)
    return content_url("package_file", grant=grant, path=parts.path) + (f"?{parts.query}" if parts.query else "")


@require_GET
@on_content_origin(PLAYER_POLICY)
def sco_cmi(request, token, sco):
    """The saved CMI a SCO of a multi-SCO package starts from, when the player moves to it."""
    context = launch_context(token)
    if context is None:
        return _json_error(NO_LAUNCH, 403)
    if sco not in context.package.sco_ids:
        return _json_error("이 패키지에 없는 SCO입니다.", 404)
    response = JsonResponse(selectors.launch_cmi(context.user, context.page, context.package, sco))
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@on_content_origin(PLAYER_POLICY)
def sco_progress(request, token):
    """Which SCOs of a multi-SCO package the learner has completed: the player's table of contents marks
    them after each commit."""
    context = launch_context(token)
    if context is None:
        return _json_error(NO_LAUNCH, 403)
    response = JsonResponse({"completedScos": sorted(selectors.completed_scos(context.user, context.page))})
    response["Cache-Control"] = "no-store"
    return response


def _content_type(member):
    extension = member.rsplit(".", 1)[-1].lower() if "." in member.rsplit("/", 1)[-1] else ""
    return CONTENT_TYPES.get(extension, "application/octet-stream")


def _charset(head):
    """The charset to announce for a text file: none when the file declares its own (or starts with a
    BOM, which browsers obey first), UTF-8 when it decodes as UTF-8, else EUC-KR (windows-949) when it
    decodes as that, which is what undeclared Korean files are; otherwise none (the browser guesses)."""
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or DECLARED_CHARSET.search(head[:1024]):
        return None
    for codec, label in (("utf-8", "utf-8"), ("cp949", "euc-kr")):
        try:  # a character cut at the end of a partial read is not an error
            codecs.getincrementaldecoder(codec)().decode(head, final=len(head) < SNIFF_BYTES)
        except UnicodeDecodeError:
            continue
        return label
    return None


def _byte_range(header, size):
    """(start, end) inclusive for a single satisfiable `Range: bytes=…`, "unsatisfiable", or None to send
    the whole file (no header, several ranges, or a malformed one, as RFC 9110 allows)."""
    match = RANGE.match(header.strip()) if header else None
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # the last N bytes
        length = int(last)
        if length == 0:
            return "unsatisfiable"
        return max(size - length, 0), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or (last and int(last) < start):
        return "unsatisfiable"
    return start, end


def _stream(stream, start, length):
    with stream:
        stream.seek(start)
        while length > 0:
            chunk = stream.read(min(CHUNK_BYTES, length))
            if not chunk:
                return
            length -= len(chunk)
            yield chunk


@require_safe
@on_content_origin(PACKAGE_POLICY)
def package_file(request, grant, path):
    package = granted_package(grant)
    if package is None:
        return _refusal("학습 콘텐츠 열람 권한이 만료되었습니다. 차시 화면을 새로 고쳐 주세요.", 403)
    member = safe_member_path(path)
    if member is None:
        return _refusal("잘못된 경로입니다.", 404)
    name = package.storage_prefix + member
    try:
        size = default_storage.size(name)
        stream = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError):
        return _refusal("패키지에 없는 파일입니다.", 404)
    etag = '"' + hashlib.sha256(name.encode()).hexdigest()[:20] + '"'
    headers = {"ETag": etag, "Cache-Control": FILE_CACHE_CONTROL, "Accept-Ranges": "bytes"}
    if etag in request.headers.get("If-None-Match", ""):
        stream.close()
        return HttpResponse(status=304, headers=headers)
    content_type = _content_type(member)
    if content_type.startswith("text/") or content_type in TEXT_TYPES:
        head = stream.read(SNIFF_BYTES)
        stream.seek(0)
        charset = _charset(head)
        if charset:
            content_type += f"; charset={charset}"
    headers["Content-Type"] = content_type
    if_range = request.headers.get("If-Range")
    byte_range = _byte_range(request.headers.get("Range"), size) if if_range in (None, etag) else None
    if byte_range == "unsatisfiable":
        stream.close()
        return HttpResponse(status=416, headers={**headers, "Content-Range": f"bytes */{size}"})
    start, end = byte_range or (0, size - 1)
    length = max(end - start + 1, 0)
    headers["Content-Length"] = str(length)
    if byte_range:
        headers["Content-Range"] = f"bytes {start}-{end}/{size}"
    status = 206 if byte_range else 200
    if request.method == "HEAD":
        stream.close()
        return HttpResponse(status=status, headers=headers)
    return StreamingHttpResponse(_stream(stream, start, length), status=status, headers=headers)


def _json_error(message, status):
    return JsonResponse({"result": "false", "errorCode": 101, "error": message}, status=status)


# No cookie reaches this origin, so there is no session to forge requests with: the launch token in the
# URL is the credential, and a page elsewhere cannot learn it.
@csrf_exempt
@require_POST
@on_content_origin(PLAYER_POLICY)
def commit(request, token):
    context = launch_context(token)
    if context is None:
        return _json_error(NO_LAUNCH, 403)
    if int(request.META.get("CONTENT_LENGTH") or 0) > settings.SCORM_MAX_COMMIT_BYTES:
        return _json_error("저장할 학습 데이터가 너무 큽니다.", 400)
    raw = request.POST.get("cmi")
    if raw is None:
        return _json_error("저장할 CMI 데이터가 없습니다.", 400)
    sco = request.POST.get("sco", "")
    if sco not in (context.package.sco_ids or [""]):
        return _json_error("이 패키지에 없는 SCO입니다.", 400)
    try:
        services.record_commit(
            user=context.user,
            page=context.page,
            package=context.package,
            raw_cmi=raw,
            launch=context.launch,
            sco=sco,
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
    return allow_sco_windows(render(request, "scorm/launch_page.html", {"package": package, "page": page}))

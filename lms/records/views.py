from django.conf import settings
from django.db import DatabaseError
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from redis.exceptions import RedisError

from . import beat_queue, beat_tokens, beats, selectors, services

UNAVAILABLE = "시청 기록을 잠시 저장하지 못했습니다. 자동으로 다시 보냅니다."


def _refuse(status, message):
    return JsonResponse({"error": message}, status=status, json_dumps_params={"ensure_ascii": False})


def _too_many_beats():
    return _refuse(429, "시청 기록 요청이 너무 잦습니다. 잠시 후 다시 보내 주세요.")


def _checks_refusal(request, content):
    """None when the signed-in user may be credited for the page, else the answer to send instead."""
    if not request.user.is_authenticated:
        if content.is_public:  # citizens may watch public content; nothing is recorded for them
            return JsonResponse({"recorded": False, "verified_percent": None, "completed": False})
        return _refuse(403, "로그인한 직원만 시청 기록을 남길 수 있습니다.")
    if not selectors.passes_view_restrictions(request, content):
        return _refuse(403, "이 영상을 볼 권한이 없습니다.")
    if not selectors.may_learn(request.user, content):
        return _refuse(403, "수강 대상이 아니거나, 수강 신청을 하지 않았거나, 아직 열리지 않은 차시의 영상입니다.")
    return None


@require_POST
def heartbeat(request, page_id, record=None):
    """Credit played ranges of a page's video. CSRF-protected by the middleware (header X-CSRFToken).

    A valid beat token (see beat_tokens) stands for the checks of the signed-in user; without one they
    all run, and the answer carries a new token. With the beat queue on (beat_queue), the beat is
    queued and the answer comes at once, the queue's script refusing a token revoked since it was
    issued; otherwise the token's epoch is checked in the cache and the beat is stored before the answer.
    `record(item)` replaces the direct write (services.record_heartbeat): the heartbeat benchmark mounts
    this view a second time with a write that stores nothing, to measure what the checks before it cost.
    """
    content = selectors.tracked_content(page_id)
    if content is None:
        return _refuse(404, "시청 기록을 남길 수 있는 영상 페이지가 아닙니다.")
    now = timezone.now()
    held = beat_tokens.holder(
        request.META.get(beat_tokens.META_KEY),
        page_id=content.page_id,
        session_key=request.COOKIES.get(settings.SESSION_COOKIE_NAME),
        now=now,
    )
    queued = record is None and beat_queue.enabled()
    if held is not None and not queued and not beat_tokens.is_current(*held):
        held = None
    return _credit_beat(request, content, now, held, record, queued)


def _credit_beat(request, content, now, held, record, queued):
    """The heartbeat once the token, if any (`held`: its user id and epoch), is known to be usable."""
    answer = {}
    if held is None:
        refusal = _checks_refusal(request, content)
        if refusal is not None:
            return refusal
        user_id, token_epoch = request.user.pk, None
        answer["beat_token"] = beat_tokens.issue(
            user_id=user_id, page_id=content.page_id, session_key=request.session.session_key, now=now
        )
    else:
        user_id, token_epoch = held
    try:
        beat = beats.parse_beat(request.body, duration=content.duration)
    except beats.InvalidBeat as error:
        return _refuse(400, str(error))
    item = services.HeartbeatInput(
        user_id=user_id,
        page_id=content.page_id,
        beat=beat,
        duration=content.duration,
        threshold=content.completion_threshold,
        received_at=now,
    )
    if queued:
        try:
            accepted = beat_queue.enqueue(item, token_epoch=token_epoch)
        except RedisError:  # the player keeps the beat and sends it again
            return _refuse(503, UNAVAILABLE)
        if accepted.revoked:  # logged out, deactivated... since the token was issued: check in full
            return _credit_beat(request, content, now, None, record, queued)
        if not accepted.queued:
            return _too_many_beats()
        answer.update(
            recorded=True, queued=True, verified_percent=accepted.verified_percent, completed=accepted.completed
        )
        return JsonResponse(answer)
    try:
        if not beats.allow_beat(user_id):
            return _too_many_beats()
        state, _ = (record or services.record_heartbeat)(item)
    except (DatabaseError, RedisError):  # the player keeps the beat and sends it again
        return _refuse(503, UNAVAILABLE)
    answer.update(recorded=True, verified_percent=state.verified_percent, completed=state.completed_at is not None)
    return JsonResponse(answer)


@require_GET
def progress(request, page_id):
    """The signed-in learner's stored progress on a page. With the beat queue on, a heartbeat's answer
    is one beat behind; the player asks here after a video's last beat has had time to be stored."""
    content = selectors.tracked_content(page_id)
    if content is None:
        return _refuse(404, "시청 기록을 남길 수 있는 영상 페이지가 아닙니다.")
    if not request.user.is_authenticated:
        return _refuse(403, "로그인한 직원만 시청 기록을 볼 수 있습니다.")
    state = selectors.state_for(request.user, content.page_id)
    return JsonResponse(
        {
            "verified_percent": state.verified_percent if state else 0.0,
            "completed": bool(state and state.completed_at),
        }
    )

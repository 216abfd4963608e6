"""Login throttling around django-axes: who the client is behind the proxy, and the Korean page a
refused login gets (the login form again, saying when to try again)."""

import ipaddress

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone

from .forms import StaffLoginForm


def _valid_address(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request):
    """REMOTE_ADDR, or the address the trusted proxy saw (X-Forwarded-For's entry that proxy appended).

    Entries to the left of the proxies' own are whatever the client sent, so they are never used.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXY_COUNT
    if hops:
        forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= hops:
            return _valid_address(forwarded[-hops]) or remote
    return remote


def refused_until(request, credentials):
    """When the refusal of this login ends: the cool-off after the last failure of every account or
    address that reached the limit (the latest of them, if both did)."""
    limit = get_failure_limit(request, credentials)
    handler = AxesProxyHandler.get_implementation()
    last_failures = [
        attempts.aggregate(last=Max("attempt_time"))["last"]
        for attempts in handler.get_user_attempts(request, credentials)
        if (attempts.aggregate(failures=Sum("failures_since_start"))["failures"] or 0) >= limit
    ]
    last_failure = max(filter(None, last_failures), default=timezone.now())
    return last_failure + get_cool_off(request)


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the login page, status 429, with the time the person may try again."""
    until = timezone.localtime(refused_until(request, credentials))
    minutes = max(1, round((until - timezone.now()).total_seconds() / 60))
    message = (
        f"로그인에 여러 번 실패해 잠시 로그인을 막았습니다. {until:%H시 %M분} 이후(약 {minutes}분 뒤)에 다시 "
        "시도해 주세요. 급하면 인사 담당자에게 잠금 해제를 요청할 수 있습니다."
    )
    username = (credentials or {}).get("username", "")
    form = StaffLoginForm(request, initial={"username": username})
    context = {"form": form, "lockout_message": message, "next": request.POST.get("next", request.GET.get("next", ""))}
    return render(request, "registration/login.html", context, status=429)

"""Login throttling in the Korean admin: HR reads django-axes' records (refused attempts, sign-ins,
failures) and lifts a refusal early. Everything here is read-only except the 잠금 해제 action."""

from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views.generic import models as generic_views
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .services import lift_login_refusal

UNLOCK_PERMISSION = "axes.delete_accessattempt"


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """These rows are written by django-axes only; the admin never adds, edits or deletes them."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)


for model in (AccessAttempt, AccessLog, AccessFailureLog):
    register_permission_policy(model, ReadOnlyPermissionPolicy(model))


def refusal_label(attempt):
    """Whether this account/address pair is refused right now, and until when."""
    if attempt.failures_since_start < get_failure_limit(None, None):
        return "실패 기록만 있음"
    until = attempt.attempt_time + get_cool_off()
    if until <= timezone.now():
        return "잠금 끝남"
    return f"잠김 ({timezone.localtime(until):%m월 %d일 %H:%M}까지)"


class LoginRecordViewSet(ModelViewSet):
    """What the three listings share: newest first, searched by 직원번호 or address, nothing to edit."""

    copy_view_enabled = False
    ordering = "-attempt_time"
    search_fields = ["username", "ip_address"]
    search_backend_name = None
    form_fields = []


class AccessAttemptIndexView(generic_views.IndexView):
    page_title = "로그인 잠금"

    def get_list_buttons(self, instance):
        buttons = super().get_list_buttons(instance)
        if self.request.user.has_perm(UNLOCK_PERMISSION):
            buttons.insert(
                0,
                ListingButton(
                    "잠금 해제", url=reverse("people_login_attempts:unlock", args=[instance.pk]), icon_name="lock-open", priority=5
                ),
            )
        return buttons


class AccessAttemptViewSet(LoginRecordViewSet):
    model = AccessAttempt
    name = "people_login_attempts"
    url_prefix = "people/login-attempts"
    icon = "lock"
    menu_label = "로그인 잠금"
    menu_order = 100
    index_view_class = AccessAttemptIndexView
    list_display = [
        Column("username", label="직원번호"),
        Column("ip_address", label="접속 주소"),
        Column("failures_since_start", label="연속 실패"),
        Column("state", label="상태", accessor=refusal_label),
        DateColumn("attempt_time", label="마지막 실패"),
    ]

    def unlock_view(self, request, pk):
        if not request.user.has_perm(UNLOCK_PERMISSION):
            raise PermissionDenied
        attempt = get_object_or_404(AccessAttempt, pk=pk)
        if request.method == "POST":
            if request.POST.get("scope") == "address":
                lift_login_refusal(ip_address=attempt.ip_address)
                messages.success(request, f"접속 주소 {attempt.ip_address}의 로그인 잠금을 풀었습니다.")
            else:
                lift_login_refusal(username=attempt.username)
                messages.success(request, f"직원번호 {attempt.username}의 로그인 잠금을 풀었습니다.")
            return redirect(self.get_url_name("index"))
        return TemplateResponse(
            request,
            "people/admin/login_unlock_confirm.html",
            {
                "attempt": attempt,
                "header_icon": "lock-open",
                "page_title": "로그인 잠금 해제",
                "index_url": reverse(self.get_url_name("index")),
            },
        )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("unlock/<int:pk>/", self.unlock_view, name="unlock")]


class AccessLogIndexView(generic_views.IndexView):
    page_title = "로그인 기록"


class AccessLogViewSet(LoginRecordViewSet):
    model = AccessLog
    name = "people_access_log"
    url_prefix = "people/access-log"
    icon = "list-ul"
    menu_label = "로그인 기록"
    menu_order = 200
    index_view_class = AccessLogIndexView
    list_display = [
        Column("username", label="직원번호"),
        Column("ip_address", label="접속 주소"),
        DateColumn("attempt_time", label="로그인"),
        DateColumn("logout_time", label="로그아웃"),
    ]


class AccessFailureIndexView(generic_views.IndexView):
    page_title = "로그인 실패 기록"


class AccessFailureLogViewSet(LoginRecordViewSet):
    model = AccessFailureLog
    name = "people_login_failures"
    url_prefix = "people/login-failures"
    icon = "warning"
    menu_label = "로그인 실패 기록"
    menu_order = 300
    index_view_class = AccessFailureIndexView
    list_display = [
        Column("username", label="직원번호"),
        Column("ip_address", label="접속 주소"),
        BooleanColumn("locked_out", label="잠김"),
        DateColumn("attempt_time", label="시각"),
    ]


class LoginSecurityViewSetGroup(ViewSetGroup):
    menu_label = "로그인 보안"
    menu_icon = "lock"
    menu_order = 340
    items = (AccessAttemptViewSet, AccessLogViewSet, AccessFailureLogViewSet)

"""The learner site's 집합교육 page: upcoming sessions open to me, apply, see my place, cancel."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from . import selectors, services
from .models import Registration, RegistrationStatus, Session


@login_required
@require_GET
def sessions(request):
    mine = list(selectors.registrations_of(request.user).filter(session__ends_at__gte=timezone.now()))
    for registration in mine:
        registration.waiting_position = selectors.waitlist_position(registration)
    registered = {registration.session_id for registration in mine}
    upcoming = [session for session in selectors.upcoming_sessions_open_to(request.user) if session.pk not in registered]
    return render(request, "programmes/sessions.html", {"upcoming": upcoming, "mine": mine})


@login_required
@require_POST
def apply(request, pk):
    session = get_object_or_404(Session, pk=pk)
    try:
        registration = services.apply_for_session(session=session, user=request.user)
    except services.ProgrammeError as error:
        messages.error(request, str(error))
    else:
        if registration.status == RegistrationStatus.WAITLISTED:
            messages.warning(request, f"정원이 차서 대기자로 신청했습니다: {session}. 자리가 나면 차례대로 신청 상태가 됩니다.")
        else:
            messages.success(request, f"신청했습니다: {session}. 담당자가 확정하면 확정으로 바뀝니다.")
    return redirect("programmes:sessions")


@login_required
@require_POST
def cancel(request, pk):
    registration = get_object_or_404(Registration, session_id=pk, user=request.user)
    services.cancel_registration(registration=registration)
    messages.success(request, f"신청을 취소했습니다: {registration.session}")
    return redirect("programmes:sessions")

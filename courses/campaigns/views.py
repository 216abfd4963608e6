from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.views.decorators.csrf import csrf_protect

from . import services


@csrf_protect
def participate(request, campaign):
    """The "캠페인 참여" action (POST only); anonymous citizens are sent to log in, nothing is recorded for them."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"], "참여는 버튼으로만 할 수 있습니다.")
    if not request.user.is_authenticated:
        return redirect_to_login(campaign.url)
    if not campaign.participation_label:
        messages.error(request, "이 캠페인은 참여 버튼이 없습니다. 영상을 끝까지 시청하면 참여로 인정됩니다.")
    elif services.participate(user=request.user, campaign=campaign):
        messages.success(request, "캠페인 참여가 기록되었습니다. 함께해 주셔서 감사합니다.")
    else:
        messages.info(request, "이미 참여하셨습니다. 참여는 한 번만 기록됩니다.")
    return redirect(campaign.url)

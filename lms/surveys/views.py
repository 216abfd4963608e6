"""Staff answer the survey of what they completed (phone-first pages)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from . import selectors, services
from .forms import SurveyForm


@login_required
@require_GET
def survey_list(request):
    return render(request, "surveys/survey_list.html", {"offers": selectors.pending_surveys(user=request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def survey_form(request, kind, key):
    offer = selectors.survey_offer(user=request.user, kind=kind, key=key)
    if offer is None:
        if selectors.has_answered(user=request.user, kind=kind, key=key):
            return render(request, "surveys/answered.html", {"kind_label": selectors.kind_label(kind)})
        raise Http404("응답할 수 있는 설문이 아닙니다. 이수한 뒤 응답 기간 안에만 응답할 수 있습니다.")
    form = SurveyForm(request.POST or None, question_set=offer.question_set)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_survey(
                user=request.user, kind=kind, key=key, choices=form.choices(), comment=form.cleaned_data["comment"]
            )
        except services.AlreadyAnswered:
            return render(request, "surveys/answered.html", {"kind_label": offer.kind_label})
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"«{offer.record.item_title}» 만족도 조사에 응답해 주셔서 감사합니다.")
            return redirect("surveys:list")
    return render(request, "surveys/survey_form.html", {"offer": offer, "form": form})

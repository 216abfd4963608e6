from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET
from wagtail.models import Page

from . import quiz, selectors, services
from .certificates import certificate_pdf


@login_required
@require_GET
def my_learning(request):
    context = selectors.my_learning(request.user)
    met = [progress.course for progress in context["in_progress"] if progress.rule_met]
    if met:  # the minimum time was reached after the last lesson: complete those courses now
        for course in met:
            services.evaluate_course_completion(user=request.user, course=course)
        context = selectors.my_learning(request.user)
    return render(request, "courses/my_learning.html", context)


@login_required
@require_GET
def lesson_status(request, page_id):
    """A lesson's status line and its course's progress bar, rendered as the lesson page renders them,
    for a page that learns the lesson changed without a reload (a SCORM commit, scorm-lesson.js). Reads only."""
    from .models import LessonPage

    page = Page.objects.live().filter(pk=page_id).specific().first()
    if not isinstance(page, LessonPage):
        return JsonResponse({"error": "차시를 찾을 수 없습니다."}, status=404)
    access = selectors.course_access(request.user, page.course)
    if not (access.can_view and access.is_enrolled):
        return JsonResponse({"error": access.message or "이 차시를 볼 수 없습니다."}, status=403)
    progress = selectors.course_progress(request.user, page.course)
    lesson_progress = progress.for_lesson(page)
    response = JsonResponse({
        "complete": lesson_progress.is_complete,
        "status": render_to_string("courses/includes/lesson_status.html", {"lesson_progress": lesson_progress}),
        "progress": render_to_string(
            "courses/includes/progress_bar.html", {"progress": progress, "label_id": "lesson-course-progress"}
        ),
    })
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def certificate_download(request, serial):
    completion = selectors.completion_by_serial(serial)
    if completion is None or (completion.user_id != request.user.pk and not request.user.is_superuser):
        raise Http404("수료증을 찾을 수 없습니다.")
    verify_url = request.build_absolute_uri(reverse("courses:verify_certificate", args=[completion.serial]))
    response = HttpResponse(certificate_pdf(completion, verify_url), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{completion.serial}.pdf"'
    return response


@require_GET
def verify_certificate(request, serial):
    """Open to anyone: confirms a certificate with a masked name, or says the serial is not genuine."""
    completion = selectors.completion_by_serial(serial.strip().upper())
    context = {"serial": serial, "completion": completion}
    if completion is not None:
        context["masked_name"] = selectors.mask_name(completion.learner_name)
    return render(request, "courses/verify_certificate.html", context, status=200 if completion else 404)


def quiz_context(request, page):
    """A quiz page shows either a submitted attempt's result (?result=N) or the attempt being taken."""
    user = request.user
    questions = quiz.questions_of(page)
    attempts = list(services.submitted_attempts(user, page).order_by("number"))
    context = {
        "attempts": attempts,
        "passed_attempt": next((attempt for attempt in attempts if attempt.passed), None),
        "attempts_left": services.attempts_left(user, page),
    }
    result_number = request.GET.get("result", "")
    result = next((attempt for attempt in attempts if str(attempt.number) == result_number), None)
    if result is not None:
        context["result"] = result
        context["result_questions"] = quiz.display(
            questions, result.layout, answers=result.answers, results=result.results
        )
        return context
    attempt = services.open_attempt(user=user, page=page)
    if attempt is not None:
        context["attempt"] = attempt
        context["questions"] = quiz.display(questions, attempt.layout)
    return context


def submit_quiz(request, page):
    number = request.POST.get("attempt", "")
    try:
        if not number.isdigit():
            raise services.SubmissionRefused("응시 정보가 올바르지 않습니다. 퀴즈 화면을 새로 연 뒤 다시 제출해 주세요.")
        attempt = services.submit_attempt(user=request.user, page=page, number=int(number), post=request.POST)
    except (services.SubmissionRefused, quiz.AnswerError) as refusal:
        message = getattr(refusal, "message", str(refusal))
        status = getattr(refusal, "status", 400)
        context = page.get_context(request)
        if context.get("attempt") is not None:  # keep what the learner already chose
            draft = {entry["id"]: request.POST.getlist(f"q-{entry['id']}") for entry in context["attempt"].layout}
            context["questions"] = quiz.display(quiz.questions_of(page), context["attempt"].layout, answers=draft)
        context["quiz_error"] = message
        return TemplateResponse(request, page.get_template(request), context, status=status)
    if attempt.passed:
        messages.success(request, f"합격입니다! {attempt.score}점을 받았습니다.")
    else:
        messages.error(request, f"{attempt.score}점으로 합격 점수({page.pass_mark}점)에 이르지 못했습니다.")
    return redirect(f"{page.url}?result={attempt.number}")

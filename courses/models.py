"""이러닝 과정: course pages with ordered lesson pages, HR assignments, quiz attempts and completions.

A course is a Wagtail page whose live children are its lessons, in the page tree's order. Learning
records (lms.records) know when a lesson is complete; `courses.receivers` evaluates the course's
completion rule whenever one of its lessons is, and `courses.services` writes the completion, the
recognised hours and the certificate serial exactly once.
"""

import math
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site

from lms.home.korean import josa
from lms.records.models import TrackedVideoMixin
from search.index import KoreanSearchable, korean_search_fields, plain_text

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "hr", "blockquote"]


COURSE_KIND, LESSON_KIND = "course", "lesson"  # learnable kinds (registered in apps.CoursesConfig.ready)


@register_setting(icon="date")
class CourseSettings(BaseSiteSetting):
    """Bounds of the recognised hours an editor may give a course (the plan says 5–10 hours)."""

    min_recognised_hours = models.DecimalField(
        "인정 시간 하한", max_digits=4, decimal_places=1, default=Decimal("5"), validators=[MinValueValidator(0)]
    )
    max_recognised_hours = models.DecimalField(
        "인정 시간 상한", max_digits=4, decimal_places=1, default=Decimal("10"), validators=[MinValueValidator(0)]
    )

    panels = [FieldRowPanel([FieldPanel("min_recognised_hours"), FieldPanel("max_recognised_hours")])]

    class Meta:
        verbose_name = "이러닝 과정 설정"

    def clean(self):
        super().clean()
        if self.min_recognised_hours > self.max_recognised_hours:
            raise ValidationError({"max_recognised_hours": "상한은 하한보다 작을 수 없습니다."})


class Audience(models.TextChoices):
    ALL = "all", "전 직원"
    HIGH_INTENSITY = "high_intensity", "고강도 부서만"
    ORDINARY = "ordinary", "일반 부서만"
    CHOSEN = "chosen", "지정 부서"


def forbidden(request, message, status=403):
    return TemplateResponse(request, "courses/forbidden.html", {"message": message}, status=status)


class CourseIndexPage(KoreanSearchable, Page):
    intro = RichTextField("소개", blank=True, features=["bold", "italic", "link"])

    search_fields = Page.search_fields + korean_search_fields()

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = "이러닝 과정 목록"

    def search_text(self):
        return plain_text(self.intro)

    def serve(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context["course_cards"] = selectors.course_cards(request.user, selectors.courses_visible_to(request.user, self))
        return context


class CoursePage(KoreanSearchable, Page):
    summary = models.CharField("한 줄 소개", max_length=200, help_text="과정 목록에 나오는 한 문장입니다.")
    description = RichTextField("과정 소개", features=RICH_TEXT_FEATURES)
    recognised_hours = models.DecimalField(
        "인정 시간",
        max_digits=4,
        decimal_places=1,
        help_text="이수하면 학습시간으로 인정되는 시간입니다. 허용 범위는 '이러닝 과정 설정'에서 정합니다(기본 5~10시간).",
    )
    audience = models.CharField("수강 대상", max_length=20, choices=Audience.choices, default=Audience.ALL)
    departments = ParentalManyToManyField(
        "people.Department",
        blank=True,
        related_name="courses",
        verbose_name="지정 부서",
        help_text="수강 대상이 '지정 부서'일 때, 고른 부서와 그 하위 부서의 직원이 수강할 수 있습니다.",
    )
    self_enrolment = models.BooleanField(
        "직원 자율 수강 신청", default=True, help_text="끄면 인사 담당자가 배정한 부서의 직원만 수강할 수 있습니다."
    )
    minimum_minutes = models.PositiveIntegerField(
        "최소 학습 시간(분)",
        null=True,
        blank=True,
        help_text=(
            "비워 두면 시간 조건이 없습니다. 서버가 잰 시간만 합합니다: 동영상의 실제 시청 시간, SCORM 차시를 "
            "실행해 둔 시간, 읽기 차시를 연 뒤 확인하기까지의 시간(SCORM 콘텐츠가 보고한 시간은 세지 않습니다)."
        ),
    )
    lessons_in_order = models.BooleanField(
        "차시 순서대로 학습",
        default=False,
        help_text=(
            "켜면 앞 차시를 마쳐야 다음 차시가 열립니다. 선택 차시는 뒤 차시를 막지 않습니다. "
            "도중에 켜도 이미 마친 차시는 계속 완료로 인정되고 열려 있습니다."
        ),
    )

    search_fields = Page.search_fields + korean_search_fields()
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("recognised_hours"),
        MultiFieldPanel(
            [FieldPanel("audience"), FieldPanel("departments"), FieldPanel("self_enrolment")], heading="수강 대상과 신청"
        ),
        MultiFieldPanel([FieldPanel("minimum_minutes")], heading="이수 기준"),
        MultiFieldPanel([FieldPanel("lessons_in_order")], heading="학습 순서"),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = [
        "courses.VideoLessonPage",
        "courses.TextLessonPage",
        "courses.QuizLessonPage",
        "courses.ScormLessonPage",
    ]

    class Meta:
        verbose_name = "이러닝 과정"
        verbose_name_plural = "이러닝 과정"

    def clean(self):
        super().clean()
        errors = {}
        site = self.get_site() or Site.objects.filter(is_default_site=True).first()
        bounds = CourseSettings.for_site(site)
        low, high = bounds.min_recognised_hours, bounds.max_recognised_hours
        if self.recognised_hours is not None and not low <= self.recognised_hours <= high:
            errors["recognised_hours"] = f"인정 시간은 {low.normalize():f}시간 이상 {high.normalize():f}시간 이하로 입력해 주세요."
        if errors:
            raise ValidationError(errors)

    def search_text(self):
        return plain_text(self.summary, self.description)

    def lessons(self):
        """The live lessons in the editor's order, as their specific page classes."""
        return self.get_children().live().specific().order_by("path")

    def serve(self, request, *args, **kwargs):
        from . import selectors, services

        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        access = selectors.course_access(request.user, self)
        if not access.can_view:
            return forbidden(request, access.message)
        if request.method == "POST":
            action = request.POST.get("action")
            if action == "enrol":
                result = services.enrol(user=request.user, course=self)
                if result.error:
                    messages.error(request, result.error)
                elif result.created:
                    messages.success(request, "수강 신청이 완료되었습니다. 첫 차시부터 학습을 시작해 보세요.")
            elif action == "complete_again" and access.is_enrolled:
                error = services.restart_course(user=request.user, course=self)
                if error:
                    messages.error(request, error)
                else:
                    messages.success(request, "올해 다시 이수를 시작했습니다. 첫 차시부터 다시 학습해 주세요. 지난 이수 기록과 수료증은 그대로 남습니다.")
            else:
                return forbidden(request, "알 수 없는 요청입니다.", status=400)
            return redirect(self.url)
        if access.is_enrolled:
            # The minimum time may be the last condition met, after the last lesson completed.
            services.complete_if_rule_met(user=request.user, course=self)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context["access"] = selectors.course_access(request.user, self)
        context["progress"] = selectors.course_progress(request.user, self)
        context["assignment"] = selectors.assignment_for(request.user, self)
        context["may_complete_again"] = context["progress"].may_complete_again(timezone.localdate())
        return context


class LessonPage(KoreanSearchable, Page):
    """What every lesson shares: it lives in a course, may be optional, and only enrolled staff open it."""

    required = models.BooleanField("필수 차시", default=True, help_text="필수 차시를 모두 마쳐야 과정을 이수합니다.")

    settings_panels = Page.settings_panels + [FieldPanel("required")]
    search_fields = Page.search_fields + korean_search_fields()
    parent_page_types = ["courses.CoursePage"]
    subpage_types = []
    lesson_kind = ""

    class Meta:
        abstract = True

    @property
    def course(self):
        return self.get_parent().specific

    def search_text(self):
        return plain_text(getattr(self, "intro", ""))

    def can_learn(self, user):
        """In the course's audience, enrolled, and the lesson open to them (a course taken in order): the
        hook other apps (heartbeat, SCORM launch and commits) ask before recording."""
        from . import selectors

        access = selectors.course_access(user, self.course)
        return access.can_view and access.is_enrolled and selectors.lesson_lock(user, self) is None

    def serve(self, request, *args, **kwargs):
        from lms.records.services import record_event

        from . import selectors

        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        course = self.course
        access = selectors.course_access(request.user, course)
        if not access.can_view:
            return forbidden(request, access.message)
        if not access.is_enrolled:
            messages.info(request, "먼저 수강 신청을 해 주세요.")
            return redirect(course.url)
        if course.lessons_in_order:  # editors' previews (serve_preview) never come here: they are not locked
            progress = selectors.course_progress(request.user, course)
            status = progress.for_lesson(self)
            if status is not None and status.is_locked:
                return self.serve_locked(request, course, progress, status)
        if request.method == "POST":
            return self.serve_action(request, course)
        record_event(user=request.user, page=self, kind="view")
        return super().serve(request, *args, **kwargs)

    def serve_locked(self, request, course, progress, status):
        """A lesson not open yet: every request is refused, a page only says which lesson opens it."""
        message = locked_message(status.locked_by.lesson)
        if request.method != "GET":
            return JsonResponse({"error": message}, status=403, json_dumps_params={"ensure_ascii": False})
        context = {"page": self, "self": self, "request": request, "course": course, "progress": progress}
        context.update(lesson_progress=status, locked_message=message)
        return TemplateResponse(request, "courses/lesson_locked.html", context, status=403)

    def serve_action(self, request, course):
        return forbidden(request, "이 차시에서는 처리할 수 없는 요청입니다.", status=405)

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context["course"] = self.course
        context["progress"] = selectors.course_progress(request.user, context["course"])
        context["lesson_progress"] = context["progress"].for_lesson(self)
        return context


def locked_message(blocking_lesson):
    """이전 차시 «…»를 마치면 열립니다: why a lesson of a course taken in order is not open yet."""
    return f"이전 차시 {josa(f'«{blocking_lesson.title}»', '를')} 마치면 열립니다."


class VideoLessonPage(TrackedVideoMixin, LessonPage):
    intro = RichTextField("안내", blank=True, features=["bold", "italic", "link", "ul"])

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("video"),
        FieldPanel("completion_threshold"),
    ]
    lesson_kind = "동영상"

    class Meta:
        verbose_name = "동영상 차시"
        verbose_name_plural = "동영상 차시"

    def search_text(self):
        from media_pipeline.selectors import caption_text

        return plain_text(self.intro, caption_text(self.video))

    def search_thumbnail(self):
        return self.video.poster if self.video_id else None

    def get_context(self, request, *args, **kwargs):
        from lms.records.selectors import player_context

        context = super().get_context(request, *args, **kwargs)
        context.update(player_context(request, self))
        return context


READING_CHARACTERS_PER_MINUTE = 500  # a brisk reading pace for Korean text


class TextLessonPage(LessonPage):
    body = RichTextField("본문", features=RICH_TEXT_FEATURES)
    minimum_reading_seconds = models.PositiveIntegerField(
        "최소 읽기 시간(초)",
        null=True,
        blank=True,
        help_text=(
            f"차시를 연 뒤 이 시간이 지나야 '읽었습니다'를 받습니다. 비워 두면 본문 길이로 계산합니다"
            f"(1분에 {READING_CHARACTERS_PER_MINUTE}자)."
        ),
    )

    content_panels = Page.content_panels + [FieldPanel("body"), FieldPanel("minimum_reading_seconds")]
    lesson_kind = "읽기"

    class Meta:
        verbose_name = "읽기 차시"
        verbose_name_plural = "읽기 차시"

    @property
    def reading_seconds_required(self):
        """The editor's minimum reading time, else the text's length at READING_CHARACTERS_PER_MINUTE."""
        if self.minimum_reading_seconds is not None:
            return self.minimum_reading_seconds
        characters = sum(1 for character in plain_text(self.body) if not character.isspace())
        return math.ceil(characters * 60 / READING_CHARACTERS_PER_MINUTE)

    def search_text(self):
        return plain_text(self.body)

    def serve_action(self, request, course):
        from . import services

        if request.POST.get("action") == "open":  # text-lesson.js, as the page opens: the reading starts
            services.open_reading(user=request.user, lesson=self)
            return JsonResponse({"opened": True})
        error = services.confirm_reading(user=request.user, lesson=self, reached_end=request.POST.get("reached_end"))
        if error:
            messages.error(request, error)
        else:
            messages.success(request, "끝까지 읽은 것으로 기록했습니다.")
        return redirect(self.url)


class SingleChoiceQuestionBlock(blocks.StructBlock):
    question = blocks.TextBlock(label="문제")
    choices = blocks.ListBlock(
        blocks.StructBlock(
            [("text", blocks.CharBlock(label="보기")), ("is_correct", blocks.BooleanBlock(label="정답", required=False))]
        ),
        label="보기",
        min_num=2,
    )
    explanation = blocks.TextBlock(label="해설", required=False)

    correct_count_message = "정답을 하나만 표시해 주세요."

    class Meta:
        icon = "radio-full"
        label = "단일 선택"

    def correct_count_ok(self, count):
        return count == 1

    def clean(self, value):
        value = super().clean(value)
        if not self.correct_count_ok(sum(1 for choice in value["choices"] if choice["is_correct"])):
            raise blocks.StructBlockValidationError(
                block_errors={"choices": ValidationError(self.correct_count_message)}
            )
        return value


class MultipleChoiceQuestionBlock(SingleChoiceQuestionBlock):
    correct_count_message = "정답을 하나 이상 표시해 주세요."

    class Meta:
        icon = "tasks"
        label = "복수 선택"

    def correct_count_ok(self, count):
        return count >= 1


class TrueFalseQuestionBlock(blocks.StructBlock):
    question = blocks.TextBlock(label="문제")
    answer = blocks.ChoiceBlock(choices=[("O", "O (맞다)"), ("X", "X (아니다)")], label="정답")
    explanation = blocks.TextBlock(label="해설", required=False)

    class Meta:
        icon = "help"
        label = "O/X"


class QuizLessonPage(LessonPage):
    intro = RichTextField("안내", blank=True, features=["bold", "italic", "link"])
    questions = StreamField(
        [
            ("single_choice", SingleChoiceQuestionBlock()),
            ("multiple_choice", MultipleChoiceQuestionBlock()),
            ("true_false", TrueFalseQuestionBlock()),
        ],
        verbose_name="문항",
        min_num=1,
    )
    pass_mark = models.PositiveSmallIntegerField(
        "합격 점수(%)", default=80, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    attempt_limit = models.PositiveSmallIntegerField(
        "응시 횟수 제한", default=3, validators=[MaxValueValidator(20)], help_text="0이면 제한이 없습니다."
    )
    shuffle = models.BooleanField("문항·보기 순서 섞기", default=True, help_text="응시할 때마다 순서를 새로 섞습니다.")

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("questions"),
        FieldRowPanel([FieldPanel("pass_mark"), FieldPanel("attempt_limit"), FieldPanel("shuffle")]),
    ]
    lesson_kind = "퀴즈"

    class Meta:
        verbose_name = "퀴즈 차시"
        verbose_name_plural = "퀴즈 차시"

    def search_text(self):
        """The intro and the questions, never the choices or explanations: search must not give answers away."""
        return plain_text(self.intro, *(block.value["question"] for block in self.questions))

    def serve_action(self, request, course):
        from .views import submit_quiz

        return submit_quiz(request, self)

    def get_context(self, request, *args, **kwargs):
        from .views import quiz_context

        context = super().get_context(request, *args, **kwargs)
        context.update(quiz_context(request, self))
        return context


class ScormLessonPage(LessonPage):
    intro = RichTextField("안내", blank=True, features=["bold", "italic", "link"])
    package = models.ForeignKey(
        "scorm.ScormPackage", on_delete=models.PROTECT, related_name="lesson_pages", verbose_name="SCORM 패키지"
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("package")]
    lesson_kind = "SCORM"

    class Meta:
        verbose_name = "SCORM 차시"
        verbose_name_plural = "SCORM 차시"

    def serve(self, request, *args, **kwargs):
        from courses.scorm.views import allow_sco_windows

        return allow_sco_windows(super().serve(request, *args, **kwargs))

    def get_context(self, request, *args, **kwargs):
        from courses.scorm.selectors import reported_seconds
        from lms.records.selectors import state_for

        context = super().get_context(request, *args, **kwargs)
        state = state_for(request.user, self)
        context["credited_seconds"] = state.verified_seconds if state else 0
        context["scorm_reported_seconds"] = reported_seconds(request.user, self)
        return context


LESSON_PAGE_MODELS = [VideoLessonPage, TextLessonPage, QuizLessonPage, ScormLessonPage]


class EnrolmentSource(models.TextChoices):
    SELF = "self", "자율 신청"
    ASSIGNED = "assigned", "인사 배정"


class Enrolment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_enrolments", verbose_name="학습자"
    )
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="enrolments", verbose_name="과정")
    source = models.CharField("신청 경로", max_length=10, choices=EnrolmentSource.choices, default=EnrolmentSource.SELF)
    enrolled_at = models.DateTimeField("신청 일시", default=timezone.now)

    class Meta:
        verbose_name = "수강 신청"
        verbose_name_plural = "수강 신청"
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="unique_enrolment_per_course")]

    def __str__(self):
        return f"{self.user} · {self.course}"


class CourseAssignment(models.Model):
    """HR assigns a course to a department (and so to everyone below it) with a deadline."""

    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="assignments", verbose_name="과정")
    department = models.ForeignKey(
        "people.Department",
        on_delete=models.CASCADE,
        related_name="course_assignments",
        verbose_name="부서",
        help_text="이 부서와 모든 하위 부서의 직원에게 배정됩니다.",
    )
    deadline = models.DateField("이수 기한")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="배정한 사람",
        editable=False,
    )
    created_at = models.DateTimeField("배정 일시", auto_now_add=True)

    panels = [FieldPanel("course"), FieldPanel("department"), FieldPanel("deadline")]

    class Meta:
        verbose_name = "과정 배정"
        verbose_name_plural = "과정 배정"
        ordering = ["deadline", "pk"]
        constraints = [models.UniqueConstraint(fields=["course", "department"], name="unique_assignment_per_department")]

    def __str__(self):
        return f"{self.course} → {self.department.name} ({self.deadline:%Y-%m-%d}까지)"

    def clean(self):
        from .selectors import audience_includes_department

        super().clean()
        if not self.course_id or not self.department_id:
            return
        errors = {}
        duplicate = CourseAssignment.objects.filter(course_id=self.course_id, department_id=self.department_id)
        if duplicate.exclude(pk=self.pk).exists():
            errors["department"] = "이 부서에는 이미 이 과정이 배정되어 있습니다. 기존 배정의 기한을 수정해 주세요."
        elif not audience_includes_department(self.course, self.department):
            errors["department"] = "이 부서는 과정의 수강 대상이 아닙니다. 과정의 수강 대상을 먼저 확인해 주세요."
        if self.deadline and self.pk is None and self.deadline < timezone.localdate():
            errors["deadline"] = "이수 기한은 오늘 이후 날짜여야 합니다."
        if errors:
            raise ValidationError(errors)


class QuizAttempt(models.Model):
    """One attempt at a quiz: the order it was shown in, and once submitted the answers and the score."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts", verbose_name="학습자"
    )
    page = models.ForeignKey(QuizLessonPage, on_delete=models.CASCADE, related_name="attempts", verbose_name="퀴즈")
    number = models.PositiveSmallIntegerField("회차")
    # [{"id": question id, "choices": [choice ids in display order]}, ...] in display order
    layout = models.JSONField("출제 순서", default=list)
    answers = models.JSONField("제출 답안", default=dict, blank=True)
    results = models.JSONField("문항별 정오", default=dict, blank=True)
    score = models.PositiveSmallIntegerField("점수(%)", null=True, blank=True)
    passed = models.BooleanField("합격", default=False)
    started_at = models.DateTimeField("시작 일시", default=timezone.now)
    submitted_at = models.DateTimeField("제출 일시", null=True, blank=True)

    class Meta:
        verbose_name = "퀴즈 응시"
        verbose_name_plural = "퀴즈 응시"
        ordering = ["page", "user", "number"]
        constraints = [models.UniqueConstraint(fields=["user", "page", "number"], name="unique_quiz_attempt_number")]

    def __str__(self):
        return f"{self.user} · {self.page} · {self.number}회차"

    @property
    def is_submitted(self):
        return self.submitted_at is not None


class CourseCompletion(models.Model):
    """A course completed: written once per learner, course and evaluation year (a later year's
    re-completion is a new one, with a certificate of its own), with what the certificate shows."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="course_completions", verbose_name="학습자"
    )
    # PROTECT: a certificate is an official record; retire a course by unpublishing it.
    course = models.ForeignKey(CoursePage, on_delete=models.PROTECT, related_name="completions", verbose_name="과정")
    completed_at = models.DateTimeField("이수 일시", default=timezone.now)
    serial = models.CharField("수료증 번호", max_length=32, unique=True)
    # What the certificate states, fixed at completion even if the course or the learner changes later.
    learner_name = models.CharField("성명", max_length=50)
    department_name = models.CharField("소속", max_length=200, blank=True)
    course_title = models.CharField("과정명", max_length=255)
    hours = models.DecimalField("인정 시간", max_digits=4, decimal_places=1)
    evaluation_year = models.PositiveSmallIntegerField("평가 연도")

    class Meta:
        verbose_name = "과정 이수"
        verbose_name_plural = "과정 이수"
        ordering = ["-completed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course", "evaluation_year"], name="unique_completion_per_course_and_year"
            )
        ]

    def __str__(self):
        return f"{self.learner_name} · {self.course_title} ({self.serial})"

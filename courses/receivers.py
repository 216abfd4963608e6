"""A lesson completed writes its completion record and may complete its course, in the same transaction."""

from django.dispatch import receiver

from lms.records.services import record_page_completion
from lms.records.signals import content_completed

from .models import LESSON_KIND, LESSON_PAGE_MODELS, CoursePage
from .selectors import may_be_credited
from .services import evaluate_course_completion


@receiver(content_completed)
def record_lesson_and_evaluate_course(sender, user, page, event, **kwargs):
    if sender not in LESSON_PAGE_MODELS:
        return
    course = page.get_parent().specific
    if not isinstance(course, CoursePage) or not may_be_credited(user, course):
        return  # lessons completed outside the audience (e.g. hand-made heartbeats) earn nothing
    record_page_completion(user=user, page=page, kind=LESSON_KIND, event=event, group=f"course:{course.pk}")
    evaluate_course_completion(user=user, course=course, now=event.created_at)  # the course completes when its last lesson did

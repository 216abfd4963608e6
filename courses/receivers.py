"""A lesson completed may complete its course: evaluate the course's rule in the same transaction."""

from django.dispatch import receiver

from lms.records.signals import content_completed

from .models import LESSON_PAGE_MODELS, CoursePage
from .services import evaluate_course_completion


@receiver(content_completed)
def evaluate_course_of_lesson(sender, user, page, **kwargs):
    if sender not in LESSON_PAGE_MODELS:
        return
    course = page.get_parent().specific
    if isinstance(course, CoursePage):
        evaluate_course_completion(user=user, course=course)

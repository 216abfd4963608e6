"""Admin listing columns shared by the apps."""

import datetime

from django.utils import timezone
from wagtail.admin.ui.tables import Column

WEEKDAYS = "월화수목금토일"


class CalendarColumn(Column):
    """A date or date-time as a calendar gives it ("2026. 12. 25. (금) 10:00"), for dates people plan by:
    Wagtail's DateColumn says "3주 전", and "방금" for every moment still to come."""

    def get_value(self, instance):
        value = super().get_value(instance)
        if isinstance(value, datetime.datetime):
            value = timezone.localtime(value)
            return f"{value.year}. {value.month}. {value.day}. ({WEEKDAYS[value.weekday()]}) {value:%H:%M}"
        if isinstance(value, datetime.date):
            return f"{value.year}. {value.month}. {value.day}. ({WEEKDAYS[value.weekday()]})"
        return value

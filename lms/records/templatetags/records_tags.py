from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def hours(value):
    """Recognised hours as people write them: 6, 4.5, 1.25 (never 4.50 or 1E+1)."""
    if value in (None, ""):
        return "0"
    text = f"{Decimal(value).quantize(Decimal('0.01')):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text

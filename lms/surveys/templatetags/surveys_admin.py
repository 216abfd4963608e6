from django import template

register = template.Library()


@register.filter
def percent(share):
    """0.8571 → "85.7%"."""
    return f"{share * 100:.1f}%"

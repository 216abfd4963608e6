from django import template

from lms.home.selectors import main_menu_pages

register = template.Library()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context["request"]
    items = []
    for page in main_menu_pages(request):
        url = page.get_url(request)
        items.append({"title": page.title, "url": url, "is_current": bool(url) and request.path.startswith(url)})
    return {"items": items, "home_is_current": request.path == "/"}

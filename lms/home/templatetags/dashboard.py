"""{{ user|may_search_pages }} for the dashboard's page search form (templates/wagtailadmin/home.html)."""

from django import template
from wagtail.admin.auth import user_has_any_page_permission

register = template.Library()

# Wagtail offers its page search (the sidebar's search, the dashboard's page count) only to those with a
# page permission; its dashboard's search form alone is shown to everyone, department managers included.
register.filter("may_search_pages", user_has_any_page_permission)

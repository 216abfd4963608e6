"""Reads for the site shell: the main menu, the signed-in user's own information and what the editors'
dashboard lists of pages."""

from django.db.models import CharField, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.models import Page, Revision, Site
from wagtail.permission_policies.pages import PagePermissionPolicy


def main_menu_pages(request):
    """The home page's live children marked "메뉴에 표시" — each app's index page adds itself there."""
    site = Site.find_for_request(request)
    if site is None:
        return []
    return list(site.root_page.get_children().live().in_menu())


def department_path(department):
    """The department and its ancestors from the top of the organisation, e.g. 서울특별시 › … › 요금과."""
    if department is None:
        return []
    return [*department.get_ancestors(), department]


def my_info_for(user):
    """Everything the 내 정보 page shows about `user`; the profile may be missing for superusers."""
    profile = getattr(user, "profile", None)
    roles = list(user.groups.order_by("name").values_list("name", flat=True))
    if user.is_superuser:
        roles.insert(0, "최고 관리자")
    return {
        "profile": profile,
        "department_path": department_path(profile.department if profile else None),
        "roles": roles,
    }


def current_webtoon_episode():
    """The newest live webtoon episode, with `thumbnail` (its first panel), or None."""
    from webtoons.models import WebtoonEpisodePage, WebtoonPanel
    from webtoons.selectors import attach_thumbnails

    first_image = WebtoonPanel.objects.filter(page=OuterRef("pk")).order_by("sort_order").values("image_id")[:1]
    episode = (
        WebtoonEpisodePage.objects.live()
        .annotate(first_image_id=Subquery(first_image))
        .order_by("-first_published_at", "-episode_number")
        .first()
    )
    return attach_thumbnails([episode])[0] if episode else None


def new_content_for(user):
    """What the home page shows a signed-in member of staff: courses in progress, new U-지식여행 episodes, the webtoon."""
    from courses.knowledge_trip.selectors import latest_episodes
    from courses.selectors import courses_in_progress
    from lms.records.selectors import evaluation_year_of, hours_by_year

    if not user.is_authenticated:
        return {}
    this_year = evaluation_year_of(timezone.localdate())
    return {
        "in_progress": courses_in_progress(user),
        "hours_this_year": hours_by_year(user=user, years=[this_year])[this_year],
        "year": this_year,
        "latest_episodes": latest_episodes(user),
        "current_webtoon_episode": current_webtoon_episode(),
    }



def redis_unreachable():
    """True when the cache is Redis and it does not answer (the site then runs on the database alone)."""
    from django.core.cache import caches
    from django_redis.cache import RedisCache
    from redis.exceptions import RedisError

    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return False
    try:
        backend.client.get_client().ping()
    except RedisError:
        return True
    return False


def editable_pages(user):
    return PagePermissionPolicy().instances_user_has_permission_for(user, "change")


def drafts_of(user, *, limit):
    """Pages `user` owns or last edited whose changes are not published yet (nor scheduled), newest first."""
    return (
        editable_pages(user)
        .filter(has_unpublished_changes=True)
        .filter(Q(owner=user) | Q(latest_revision__user=user))
        .exclude(latest_revision__approved_go_live_at__isnull=False)
        .select_related("content_type")
        .order_by("-latest_revision_created_at")[:limit]
    )


def scheduled_pages(user, *, limit):
    """[(page, go-live time)] of the pages `user` may edit that are scheduled to go live, soonest first."""
    editable_ids = editable_pages(user).annotate(text_pk=Cast("pk", CharField())).values("text_pk")
    revisions = list(
        Revision.page_revisions.filter(approved_go_live_at__isnull=False, object_id__in=editable_ids).order_by(
            "approved_go_live_at"
        )[:limit]
    )
    pages = Page.objects.select_related("content_type").in_bulk([int(revision.object_id) for revision in revisions])
    return [(pages[int(revision.object_id)], revision.approved_go_live_at) for revision in revisions]

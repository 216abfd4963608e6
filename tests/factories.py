"""Helpers the test packages share."""

from wagtail.models import Site

from lms.people.models import User

PASSWORD = "pw-test-1234"
# The bucket and credentials of the moto S3 server (tests/conftest.py: s3_endpoint).
BUCKET = "lms-videos"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing", "region_name": "ap-northeast-2"}


def home_page():
    """The default site's home page, which the data migrations create (and serialized rollback restores
    after every transactional test)."""
    return Site.objects.get(is_default_site=True).root_page.specific


def make_editor(username="2024900", name="이편집"):
    """A member of staff in the 콘텐츠 편집자 role (the data migrations create its group)."""
    from django.contrib.auth.models import Group

    from lms.people import roles

    editor = make_staff(username, name)
    editor.groups.add(Group.objects.get(name=roles.EDITOR))
    return editor


def make_staff(username="2018001", name="김서울"):
    """A member of staff without a department, who signs in with PASSWORD."""
    return User.objects.create_user(username=username, password=PASSWORD, name=name)


def make_membership(user, department, *, valid_from, valid_until=None, rank="7급 주무관"):
    """One dated membership of the roster's history ([valid_from, valid_until), open if no end)."""
    from lms.people.models import Membership

    return Membership.objects.create(
        user=user, department=department, rank=rank, valid_from=valid_from, valid_until=valid_until
    )


def csp_directives(response):
    """A response's Content-Security-Policy header as {directive: [sources]}."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def make_department(code="T-CITY", name="서울특별시", *, parent=None, kind="부서"):
    """A department: a new root, or a child of `parent`."""
    from lms.people.models import Department

    if parent is None:
        return Department.add_root(code=code, name=name, kind=kind)
    return parent.add_child(code=code, name=name, kind=kind)


def make_staff_in(department, username="2018001", name="김서울", *, rank="주무관"):
    """A member of staff with a profile in `department`."""
    from lms.people.models import StaffProfile

    user = make_staff(username, name)
    StaffProfile.objects.create(user=user, department=department, rank=rank)
    return user


def migrate_to(targets=None):
    """Migrate the test database to `targets` ([(app, migration)], default: the latest of every app) and
    return the apps registry of that state, for tests of data migrations."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps

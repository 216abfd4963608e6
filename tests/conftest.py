import boto3
import pytest

from tests.factories import BUCKET, CREDENTIALS

pytest_plugins = ["tests.browser"]


def pytest_collection_modifyitems(items):
    """Transactional tests (live server, threads) flush every table when they finish, including the rows
    data migrations create (site, home page, roles, topics). Restore them for every such test, so tests
    pass in any order."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = {"transactional_db", "live_server"} & set(item.fixturenames) or (
            marker is not None and marker.kwargs.get("transaction")
        )
        if transactional:
            kwargs = dict(marker.kwargs) if marker is not None else {}
            kwargs.update(transaction=True, serialized_rollback=True)
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Serialized rollback restores from `connection._test_serialized_contents`, an attribute of the
    connection object that created the test database. Once Playwright's sync API runs an event loop on
    the test thread, Django hands out new connection objects (asgiref treats the thread as async), which
    lack it, and the restore is silently skipped. Keep it on the class so every connection has it."""
    from django.db import connections

    connection = connections["default"]
    if hasattr(connection, "_test_serialized_contents"):
        type(connection)._test_serialized_contents = connection._test_serialized_contents


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Every test writes uploads (public and private) to its own temporary directories."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _forget_tracked_content_memo():
    """The heartbeat's per-process memo of pages outlives a test; SQLite reuses page ids after a rollback."""
    from lms.records import selectors

    selectors._memo.clear()


@pytest.fixture
def home(db):
    from tests.factories import home_page

    return home_page()


@pytest.fixture
def staff(db):
    from tests.factories import make_staff

    return make_staff()


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def series_index(db):
    from tests.knowledge_trip.factories import make_series_index

    return make_series_index()


@pytest.fixture
def campaign_index(db):
    from tests.knowledge_trip.factories import make_campaign_index

    return make_campaign_index()


@pytest.fixture(scope="session")
def clip(tmp_path_factory):
    """A 3-second 320×180 test clip with sound, like the demo's."""
    from media_pipeline.demo import make_clip

    return make_clip(tmp_path_factory.mktemp("clip") / "clip.mp4", seconds=3)


@pytest.fixture
def transcoded_video(clip, django_capture_on_commit_callbacks):
    """Videos really run through the pipeline from `clip` (the immediate task backend transcodes inline,
    on commit, or at once in a transactional test)."""
    from django.core.files import File

    from media_pipeline.services import create_video

    def make(title="상호존중 캠페인 영상", **fields):
        with clip.open("rb") as handle, django_capture_on_commit_callbacks(execute=True):
            video = create_video(title=title, source=File(handle, name=clip.name), **fields)
        video.refresh_from_db()
        assert video.is_playable, video.error_message
        return video

    return make


# Object storage over HTTP (moto's standalone server), shared by the media pipeline's and the CSP's tests.


@pytest.fixture(scope="session")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    boto3.client("s3", endpoint_url=endpoint, **CREDENTIALS).create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "ap-northeast-2"}
    )
    yield endpoint
    server.stop()


@pytest.fixture
def s3_storage(settings, s3_endpoint):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "access_key": CREDENTIALS["aws_access_key_id"],
                "secret_key": CREDENTIALS["aws_secret_access_key"],
                "region_name": CREDENTIALS["region_name"],
                "default_acl": None,
                "querystring_auth": True,
                "querystring_expire": 600,
                "file_overwrite": False,
            },
        },
    }
    return boto3.client("s3", endpoint_url=s3_endpoint, **CREDENTIALS)

"""Storage for private files (roster uploads, exports): kept out of every URL space.

Public media (images, documents, videos) live in the default storage under MEDIA_ROOT or the bucket, and
development serves MEDIA_ROOT by URL. Private files hold personal data and are read only by the code that
owns them, so they go to a storage whose `url()` refuses: on disk a root outside MEDIA_ROOT
(PRIVATE_MEDIA_ROOT), on S3 a separate prefix or bucket (PRIVATE_STORAGE_BUCKET_NAME) never presigned.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils.functional import cached_property
from storages.backends.s3 import S3Storage

NO_URL = "비공개 파일은 URL로 내려줄 수 없습니다. 파일을 가진 앱의 화면에서만 읽습니다."


class PrivateFileURLRefused(Exception):
    pass


class PrivateFileSystemStorage(FileSystemStorage):
    """Local private files under PRIVATE_MEDIA_ROOT (read when used, so tests can point it elsewhere)."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        raise PrivateFileURLRefused(NO_URL)


class PrivateS3Storage(S3Storage):
    """Private files in their own bucket or prefix; no presigned URL is ever made for them."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise PrivateFileURLRefused(NO_URL)


def private_storage():
    """The `storage=` of private FileFields (a callable, so migrations do not freeze the backend)."""
    return storages["private"]

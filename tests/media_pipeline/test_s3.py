"""Object storage over HTTP: moto's standalone server on a loopback port, boto3 and django-storages."""

import re
import urllib.error
import urllib.request

import boto3
import pytest
from django.urls import reverse

from media_pipeline.models import VideoStatus

from tests.factories import BUCKET, CREDENTIALS

from .conftest import granted


def http_get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_boto3_upload_list_and_presigned_get_over_http(s3_endpoint):
    client = boto3.client("s3", endpoint_url=s3_endpoint, **CREDENTIALS)
    client.put_object(Bucket=BUCKET, Key="probe/hello.txt", Body="안녕하세요".encode())

    keys = [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET, Prefix="probe/")["Contents"]]
    assert keys == ["probe/hello.txt"]
    url = client.generate_presigned_url("get_object", Params={"Bucket": BUCKET, "Key": "probe/hello.txt"}, ExpiresIn=60)
    assert url.startswith(s3_endpoint) and "Signature" in url
    assert http_get(url) == (200, "안녕하세요".encode())


@pytest.mark.django_db
@pytest.mark.slow
def test_pipeline_on_s3_serves_presigned_segments_only_to_staff(s3_storage, upload, clips, client, django_user_model):
    video = upload(clips["clip.mp4"])
    assert video.status == VideoStatus.READY, video.error_message

    keys = [o["Key"] for o in s3_storage.list_objects_v2(Bucket=BUCKET, Prefix=f"videos/{video.pk}/hls/")["Contents"]]
    assert f"{video.hls_prefix}master.m3u8" in keys
    assert any(key.endswith("180p/init.mp4") for key in keys) and any(key.endswith("audio/seg_0000.m4s") for key in keys)

    staff = django_user_model.objects.create_user(username="20240002", password="pw-12345!")
    client.force_login(staff)
    variant_url = granted(reverse("media_pipeline:variant", args=[video.pk, "180p"]), video, staff)
    variant = client.get(variant_url).content.decode()
    signed = re.findall(r"^http\S+", variant, flags=re.M) + re.findall(r'URI="(http[^"]+)"', variant)
    assert signed and all("X-Amz-Signature=" in url and "X-Amz-Expires=" in url for url in signed)
    status, body = http_get(signed[0])
    assert status == 200 and body

    client.logout()
    assert client.get(granted(reverse("media_pipeline:master", args=[video.pk]), video, staff)).status_code == 403
    assert client.get(variant_url).status_code == 403

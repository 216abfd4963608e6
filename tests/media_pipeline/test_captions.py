import pytest
from django.core.exceptions import ValidationError

from media_pipeline.captions import to_webvtt


def test_srt_is_converted_to_webvtt():
    srt = "1\r\n00:00:01,000 --> 00:00:02,500\r\n민원인을 맞이합니다.\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\n두 줄\r\n자막\r\n"
    assert to_webvtt(("\ufeff" + srt).encode()) == (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.500\n민원인을 맞이합니다.\n\n00:00:03.000 --> 00:00:04.000\n두 줄\n자막\n"
    )


def test_webvtt_is_kept():
    vtt = "WEBVTT\n\n00:01.000 --> 00:02.000\n안내\n"
    assert to_webvtt(vtt.encode()) == vtt


@pytest.mark.parametrize(
    "raw, message",
    [
        ("자막".encode("cp949"), "UTF-8"),
        ("그냥 글입니다".encode(), "자막 파일이 아닙니다"),
        (b"WEBVTT\n\nno cues", "시간 정보"),
    ],
)
def test_bad_captions_get_korean_errors(raw, message):
    with pytest.raises(ValidationError, match=message):
        to_webvtt(raw)

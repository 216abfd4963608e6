"""The pipeline on real ffmpeg: a valid clip becomes an HLS ladder; every bad input fails in Korean."""

import re

import pytest
from django.core.files.storage import default_storage

from media_pipeline import ladder, services
from media_pipeline.models import VideoStatus

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def stored_runs(video):
    return default_storage.listdir(services.hls_root(video.pk))[0]


def read(name):
    with default_storage.open(name, "rb") as handle:
        return handle.read().decode()


def test_clip_becomes_ladder_with_master_playlist_and_poster(upload, clips):
    video = upload(clips["clip.mp4"])

    assert video.status == VideoStatus.READY, video.error_message
    assert video.progress == 100
    assert video.duration == pytest.approx(3, abs=0.2)
    assert video.probe["format"]["format_name"].startswith("mov,mp4")
    assert video.poster is not None and video.poster.width == 320
    assert sorted(video.renditions.values_list("name", flat=True)) == ["180p", "audio"]
    assert len(stored_runs(video)) == 1
    master = read(video.hls_prefix + "master.m3u8")
    assert '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio"' in master
    stream = re.search(r"#EXT-X-STREAM-INF:(.+)", master).group(1)
    assert "RESOLUTION=320x180" in stream
    assert 'CODECS="avc1.4d401e,mp4a.40.2"' in stream
    assert int(re.search(r"BANDWIDTH=(\d+)", stream).group(1)) > 100_000
    variant = read(video.hls_prefix + "180p/index.m3u8")
    assert '#EXT-X-MAP:URI="init.mp4"' in variant and "#EXT-X-ENDLIST" in variant


def test_1080p_source_gets_the_full_ladder_with_aligned_keyframes(upload, clips):
    video = upload(clips["tall.mp4"])

    assert video.status == VideoStatus.READY, video.error_message
    renditions = {r.name: r for r in video.renditions.all()}
    assert set(renditions) == {"360p", "720p", "1080p", "audio"}
    assert (renditions["720p"].width, renditions["720p"].height) == (1280, 720)
    assert renditions["1080p"].codecs == "avc1.4d4028"
    master = read(video.hls_prefix + "master.m3u8")
    assert master.count("#EXT-X-STREAM-INF") == 3
    assert master.count('AUDIO="audio"') == 3  # every rung shares the one audio rendition


def test_ladder_never_upscales():
    assert [o.name for o in ladder.ladder_for(1280, 720)] == ["360p", "720p"]
    assert [o.name for o in ladder.ladder_for(1920, 1080)] == ["360p", "720p", "1080p"]
    small = ladder.ladder_for(320, 180)
    assert [(o.name, o.width, o.height) for o in small] == [("180p", 320, 180)]


def test_single_decode_command_is_one_process_splitting_one_decode():
    outputs = ladder.outputs_for(1920, 1080, has_audio=True)
    command = ladder.single_command("source.mp4", outputs, "veryfast")
    assert command[0] == "ffmpeg" and command.count("-i") == 1
    graph = command[command.index("-filter_complex") + 1]
    assert graph.count("split=2") == 2 and graph.count("scale=") == 3  # 1080p → 720p → 360p cascade
    assert command.count("-c:a") == 1  # audio encoded once
    assert command.count("expr:gte(t,n_forced*6)") == 3


def test_slow_presets_switch_to_separate_processes():
    assert ladder.plan_for_preset("veryfast") == "single"
    assert ladder.plan_for_preset("medium") == "single"
    assert ladder.plan_for_preset("slower") == "separate"
    commands = ladder.separate_commands("source.mp4", ladder.outputs_for(1920, 1080, True), "medium")
    assert len(commands) == 3
    assert sum(command.count("-c:a") for command in commands) == 1


def test_audio_only_source_becomes_an_audio_rendition(upload, clips):
    video = upload(clips["audio.m4a"], title="음성 안내")

    assert video.status == VideoStatus.READY, video.error_message
    assert list(video.renditions.values_list("name", flat=True)) == ["audio"]
    assert video.poster is None
    master = read(video.hls_prefix + "master.m3u8")
    assert 'CODECS="mp4a.40.2"' in master and "RESOLUTION" not in master


def test_video_without_sound_has_no_audio_group(upload, clips):
    video = upload(clips["silent.mp4"])

    assert video.status == VideoStatus.READY, video.error_message
    master = read(video.hls_prefix + "master.m3u8")
    assert "TYPE=AUDIO" not in master and 'CODECS="avc1.4d401e"' in master


@pytest.mark.parametrize(
    "name, reason",
    [
        ("empty.mp4", "빈 파일입니다"),
        ("text.mp4", "텍스트 파일입니다"),
        ("image.mp4", "이미지 파일입니다"),
        ("truncated.mp4", "MP4 파일이 잘려 있습니다"),
        ("zero.mp4", "재생 시간이 0초입니다"),
        ("ffv1.mp4", "지원하지 않는 영상 코덱(ffv1)"),
    ],
)
def test_bad_inputs_fail_with_a_korean_reason_and_keep_the_source(upload, clips, name, reason):
    video = upload(clips[name])

    assert video.status == VideoStatus.FAILED
    assert reason in video.error_message
    assert default_storage.exists(video.source.name)  # kept, so the editor can see what was wrong
    assert not video.hls_prefix and not video.renditions.exists()


def test_file_over_the_limit_fails_in_the_pipeline(upload, clips, settings):
    settings.MEDIA_MAX_UPLOAD_BYTES = 10_000
    video = upload(clips["clip.mp4"])

    assert video.status == VideoStatus.FAILED
    assert "파일이 너무 큽니다" in video.error_message and "최대 9.8 KB" in video.error_message


@pytest.mark.parametrize("name", ["../../etc/민원 응대 교육 영상.mp4", "..\\..\\교육 1편.MP4", "안내 영상 (최종).mp4"])
def test_unsafe_file_names_are_stored_under_a_safe_name(upload, clips, name):
    video = upload(clips["clip.mp4"], name=name)

    assert video.status == VideoStatus.READY, video.error_message
    assert re.fullmatch(r"videos/sources/[0-9a-f]{32}\.mp4", video.source.name)
    assert video.original_filename == re.split(r"[\\/]", name)[-1]


def test_retry_replaces_the_ladder_with_exactly_one_run(upload, clips, django_capture_on_commit_callbacks):
    video = upload(clips["clip.mp4"])
    first_prefix = video.hls_prefix
    poster = video.poster_id

    with django_capture_on_commit_callbacks(execute=True):
        services.retry_video(video)
    video.refresh_from_db()

    assert video.status == VideoStatus.READY
    assert video.hls_prefix != first_prefix
    assert stored_runs(video) == [video.hls_prefix.rstrip("/").rsplit("/", 1)[-1]]
    assert video.poster_id == poster
    assert video.renditions.count() == 2

"""The HLS ladder: which renditions to make, the ffmpeg commands that make them, the master playlist.

Two plans produce the same files:

* `single` — ONE ffmpeg process decodes the source once and `split`s the frames into every rung
  (scaling each rung from the next larger one);
  the audio is encoded once into its own rendition group that every rung shares.
* `separate` — one ffmpeg process per rung (the audio rides with the first), run side by side.

Which is faster depends on the x264 preset: decoding is a small share of the work, so a single
process only wins while its encoders keep both cores busy. `docs/benchmarks.md` has the numbers;
`plan_for_preset` encodes the rule drawn from them.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import ffmpeg

SEGMENT_SECONDS = 6
AUDIO_BITRATE = 128_000
AUDIO_CODECS = "mp4a.40.2"  # AAC-LC
AUDIO_NAME = "audio"
MIN_VIDEO_BITRATE = 200_000


@dataclass(frozen=True)
class Rung:
    name: str
    height: int
    bitrate: int  # target video bits per second
    level: str  # H.264 level given to x264
    codecs: str  # RFC 6381 codec string for that profile/level (Main profile)


LADDER = [
    Rung("360p", 360, 800_000, "3.0", "avc1.4d401e"),
    Rung("720p", 720, 2_800_000, "3.1", "avc1.4d401f"),
    Rung("1080p", 1080, 5_000_000, "4.0", "avc1.4d4028"),
]
# Measured on the 2-core machine (docs/benchmarks.md): up to `medium` one process keeps both cores
# busy (CPU seconds ≈ 2 × wall time) and wins, since it decodes and scales once. Slower presets were
# not measured here; their long, poorly threaded lookahead is where three processes side by side
# were seen to finish sooner elsewhere, so they keep the separate plan.
SINGLE_DECODE_PRESETS = {"ultrafast", "superfast", "veryfast", "faster", "fast", "medium"}


def plan_for_preset(preset: str) -> str:
    return "single" if preset in SINGLE_DECODE_PRESETS else "separate"


@dataclass(frozen=True)
class Output:
    """One rendition to produce: a rung of video, or the shared audio."""

    name: str
    width: int | None = None
    height: int | None = None
    bitrate: int = AUDIO_BITRATE
    level: str = ""
    codecs: str = AUDIO_CODECS

    @property
    def is_audio(self) -> bool:
        return self.name == AUDIO_NAME

    @property
    def playlist(self) -> str:
        return f"{self.name}/index.m3u8"


def _even(value: float) -> int:
    return max(2, int(round(value / 2)) * 2)


def ladder_for(width: int, height: int) -> list[Output]:
    """The rungs for a source: never taller than the source; a small source gets one rung of its own size."""
    rungs = [rung for rung in LADDER if rung.height <= height]
    if rungs:
        return [Output(r.name, _even(width * r.height / height), r.height, r.bitrate, r.level, r.codecs) for r in rungs]
    lowest = LADDER[0]
    pixels_share = (width * height) / (lowest.height * 16 / 9 * lowest.height)
    bitrate = max(MIN_VIDEO_BITRATE, int(lowest.bitrate * pixels_share))
    return [Output(f"{_even(height)}p", _even(width), _even(height), bitrate, lowest.level, lowest.codecs)]


def outputs_for(width: int | None, height: int | None, has_audio: bool) -> list[Output]:
    outputs = ladder_for(width, height) if width and height else []
    if has_audio:
        outputs.append(Output(AUDIO_NAME))
    return outputs


def _hls_options(output: Output) -> dict:
    return {
        "f": "hls",
        "hls_time": SEGMENT_SECONDS,
        "hls_playlist_type": "vod",
        "hls_segment_type": "fmp4",
        "hls_fmp4_init_filename": "init.mp4",
        "hls_segment_filename": f"{output.name}/seg_%04d.m4s",
        "hls_flags": "independent_segments",
    }


def _video_options(output: Output, preset: str) -> dict:
    return {
        "c:v": "libx264",
        "preset": preset,
        "profile:v": "main",
        "level:v": output.level,
        "pix_fmt": "yuv420p",
        "b:v": output.bitrate,
        "maxrate": int(output.bitrate * 1.1),
        "bufsize": output.bitrate * 2,
        # Keyframes at the same instants in every rung so players can switch at any segment edge.
        "force_key_frames": f"expr:gte(t,n_forced*{SEGMENT_SECONDS})",
        "sc_threshold": 0,
        "an": None,
    }


def _audio_options() -> dict:
    return {"c:a": "aac", "b:a": AUDIO_BITRATE, "ac": 2, "ar": 48000, "vn": None}


def _rendition(source, output: Output, preset: str):
    if output.is_audio:
        return ffmpeg.output(source.audio, output.playlist, **_audio_options(), **_hls_options(output))
    return ffmpeg.output(source, output.playlist, **_video_options(output, preset), **_hls_options(output))


def _input(source_path: Path, readrate: float | None):
    return ffmpeg.input(str(source_path), **({"readrate": readrate} if readrate else {}))


def _compile(*renditions) -> list[str]:
    graph = ffmpeg.merge_outputs(*renditions).global_args("-nostdin", "-progress", "pipe:1", "-nostats", "-loglevel", "error")
    return graph.overwrite_output().compile()


def single_command(source_path: Path, outputs: list[Output], preset: str, readrate: float | None = None) -> list[str]:
    """One process, one decode; audio encoded once.

    The decoded frames are scaled in a cascade: each rung is `split` off and the next smaller one is
    scaled from it (1080p → 720p → 360p) rather than from the source, which scales fewer pixels.
    """
    source = _input(source_path, readrate)
    video_outputs = sorted((o for o in outputs if not o.is_audio), key=lambda o: o.height, reverse=True)
    renditions = []
    frames = source.video
    for index, output in enumerate(video_outputs):
        scaled = frames.filter("scale", output.width, output.height)
        if index == len(video_outputs) - 1:
            renditions.append(_rendition(scaled, output, preset))
        else:
            branches = scaled.filter_multi_output("split", 2)
            renditions.append(_rendition(branches.stream(0), output, preset))
            frames = branches.stream(1)
    renditions += [_rendition(source, o, preset) for o in outputs if o.is_audio]
    return _compile(*renditions)


def separate_commands(source_path: Path, outputs: list[Output], preset: str, readrate: float | None = None) -> list[list[str]]:
    """One process per rung, each decoding the source itself; the audio rides with the first."""
    video_outputs = [o for o in outputs if not o.is_audio]
    audio_outputs = [o for o in outputs if o.is_audio]
    if not video_outputs:
        return [single_command(source_path, outputs, preset, readrate)]
    commands = []
    for index, output in enumerate(video_outputs):
        source = _input(source_path, readrate)
        renditions = [_rendition(source.video.filter("scale", output.width, output.height), output, preset)]
        if index == 0:
            renditions += [_rendition(source, o, preset) for o in audio_outputs]
        commands.append(_compile(*renditions))
    return commands


EXTINF = re.compile(r"#EXTINF:([\d.]+)")


@dataclass(frozen=True)
class Measured:
    output: Output
    peak_bandwidth: int
    average_bandwidth: int
    size_bytes: int


def measure(work_dir: Path, output: Output) -> Measured:
    """Real bit rates from the segments written (BANDWIDTH must be the peak, not the target)."""
    playlist = (work_dir / output.playlist).read_text()
    folder = work_dir / output.name
    peak, total_bits, total_seconds = 0.0, 0, 0.0
    lines = playlist.splitlines()
    for index, line in enumerate(lines):
        match = EXTINF.match(line)
        if match:
            seconds = float(match.group(1))
            bits = (folder / lines[index + 1].strip()).stat().st_size * 8
            total_bits += bits
            total_seconds += seconds
            if seconds > 0.5:  # a tiny last segment would overstate the peak
                peak = max(peak, bits / seconds)
    average = total_bits / total_seconds if total_seconds else 0
    size = sum(path.stat().st_size for path in folder.iterdir() if path.is_file())
    return Measured(output, int(max(peak, average)), int(average), size)


def master_playlist(measured: list[Measured]) -> str:
    """Master playlist: every video rung shares the single audio rendition group."""
    audio = next((m for m in measured if m.output.is_audio), None)
    videos = [m for m in measured if not m.output.is_audio]
    lines = ["#EXTM3U", "#EXT-X-VERSION:7", "#EXT-X-INDEPENDENT-SEGMENTS"]
    if audio and videos:
        lines.append(
            f'#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="{AUDIO_NAME}",NAME="기본",LANGUAGE="ko",'
            f'DEFAULT=YES,AUTOSELECT=YES,CHANNELS="2",URI="{audio.output.playlist}"'
        )
    if not videos and audio:
        lines += [
            f'#EXT-X-STREAM-INF:BANDWIDTH={audio.peak_bandwidth},AVERAGE-BANDWIDTH={audio.average_bandwidth},'
            f'CODECS="{AUDIO_CODECS}"',
            audio.output.playlist,
        ]
    for video in videos:
        bandwidth = video.peak_bandwidth + (audio.peak_bandwidth if audio else 0)
        average = video.average_bandwidth + (audio.average_bandwidth if audio else 0)
        codecs = f"{video.output.codecs},{AUDIO_CODECS}" if audio else video.output.codecs
        attributes = (
            f"BANDWIDTH={bandwidth},AVERAGE-BANDWIDTH={average},RESOLUTION={video.output.width}x{video.output.height},"
            f'CODECS="{codecs}"' + (f',AUDIO="{AUDIO_NAME}"' if audio else "")
        )
        lines += [f"#EXT-X-STREAM-INF:{attributes}", video.output.playlist]
    return "\n".join(lines) + "\n"

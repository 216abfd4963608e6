"""Run the ffmpeg commands of a ladder plan in a work directory, reporting progress.

Knows nothing about models or storage: `run_ladder` turns a local source file into the
renditions, master playlist and poster inside `work_dir`, calling `on_progress(percent)`.
"""

import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lms.jobs.processes import die_with_parent

from . import ladder
from .probe import SourceInfo


class TranscodeFailed(Exception):
    """ffmpeg refused the source (a permanent failure); the message is Korean."""


class TranscodeInterrupted(Exception):
    """ffmpeg was killed by a signal (worker shut down, out of memory): worth another try."""


@dataclass
class _Run:
    process: subprocess.Popen
    stderr_path: Path
    out_seconds: float = 0.0

    def follow_progress(self):
        # ffmpeg -progress writes key=value blocks; out_time_us is the output position.
        for line in self.process.stdout:
            key, _, value = line.strip().partition("=")
            if key == "out_time_us" and value.lstrip("-").isdigit():
                self.out_seconds = max(self.out_seconds, int(value) / 1_000_000)


def run_commands(commands: list[list[str]], work_dir: Path, duration: float, on_progress: Callable[[int], None]) -> float:
    """Run the commands side by side; returns the shortest output length reached (seconds)."""
    runs = []
    for index, command in enumerate(commands):
        stderr_path = work_dir / f"ffmpeg-{index}.log"
        process = subprocess.Popen(
            command,
            cwd=work_dir,
            stdout=subprocess.PIPE,
            stderr=stderr_path.open("wb"),
            text=True,
            preexec_fn=die_with_parent,  # ffmpeg must not outlive a worker killed with SIGKILL
        )
        runs.append(_Run(process, stderr_path))
    readers = [threading.Thread(target=run.follow_progress, daemon=True) for run in runs]
    for reader in readers:
        reader.start()
    last_percent = -1
    while any(run.process.poll() is None for run in runs):
        percent = min(99, int(100 * min(run.out_seconds for run in runs) / duration))
        if percent != last_percent:
            on_progress(percent)
            last_percent = percent
        time.sleep(0.5)
    for reader in readers:
        reader.join(timeout=5)
    for run in runs:
        if run.process.returncode < 0:
            raise TranscodeInterrupted(f"변환 프로세스가 신호 {-run.process.returncode}번으로 중단되었습니다.")
        if run.process.returncode != 0:
            detail = run.stderr_path.read_text(errors="replace").strip().splitlines()[-1:] or [""]
            raise TranscodeFailed(f"영상을 변환하지 못했습니다. 파일이 손상되었을 수 있습니다. (ffmpeg: {detail[0][:200]})")
    return min(run.out_seconds for run in runs)


def extract_poster(source: Path, work_dir: Path, duration: float) -> Path:
    """A poster frame a little into the clip (the first frame is often black)."""
    poster = work_dir / "poster.jpg"
    at = min(1.0, duration / 3)
    subprocess.run(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-ss", f"{at:.3f}", "-i", str(source),
         "-frames:v", "1", "-vf", "scale='min(1280,iw)':-2", "-q:v", "3", str(poster)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return poster


@dataclass(frozen=True)
class LadderResult:
    plan: str
    measured: list[ladder.Measured]
    poster: Path | None


def run_ladder(
    source: Path,
    info: SourceInfo,
    work_dir: Path,
    *,
    preset: str,
    on_progress: Callable[[int], None],
    readrate: float | None = None,
) -> LadderResult:
    outputs = ladder.outputs_for(info.width, info.height, info.has_audio)
    for output in outputs:
        (work_dir / output.name).mkdir()
    plan = ladder.plan_for_preset(preset)
    if plan == "single":
        commands = [ladder.single_command(source, outputs, preset, readrate)]
    else:
        commands = ladder.separate_commands(source, outputs, preset, readrate)
    reached = run_commands(commands, work_dir, info.duration, on_progress)
    if reached < info.duration * 0.9 - 0.5:
        raise TranscodeFailed(
            f"파일이 중간에 끊겨 있습니다(전체 {info.duration:.1f}초 중 {reached:.1f}초까지만 읽힘). "
            "원본을 다시 내보내 올려 주세요."
        )
    measured = [ladder.measure(work_dir, output) for output in outputs]
    (work_dir / "master.m3u8").write_text(ladder.master_playlist(measured))
    poster = extract_poster(source, work_dir, info.duration) if info.has_video else None
    return LadderResult(plan, measured, poster)

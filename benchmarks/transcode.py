"""HLS ladder: one decode + split in one ffmpeg process vs one ffmpeg process per rendition.

On a generated 60 s 1080p30 clip, for each preset: wall time, realtime factor, peak memory
(/usr/bin/time), bytes per rendition, SSIM of the 720p rung against the source; plus ffprobe time.
"""

import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from media_pipeline import ladder

TITLE = "HLS 변환: 한 번 디코드(split) 대 렌디션별 개별 ffmpeg"
DURATION = 60
PRESETS = ["veryfast", "medium"]
OUT = Path(__file__).resolve().parent / "out"


def source_clip() -> Path:
    clip = OUT / f"source-1080p30-{DURATION}s.mp4"
    if not clip.exists():
        OUT.mkdir(exist_ok=True)
        subprocess.run(
            ["ffmpeg", "-nostdin", "-loglevel", "error", "-y",
             "-f", "lavfi", "-i", f"testsrc2=s=1920x1080:r=30:d={DURATION}",
             "-f", "lavfi", "-i", f"sine=f=440:d={DURATION}",
             "-c:v", "libx264", "-preset", "fast", "-crf", "18", "-pix_fmt", "yuv420p",
             "-c:a", "aac", "-b:a", "192k", "-shortest", str(clip)],
            check=True,
        )
    return clip


def ffprobe_ms(clip: Path) -> float:
    times = []
    for _ in range(7):
        start = time.perf_counter()
        subprocess.run(["ffprobe", "-v", "error", "-show_format", "-show_streams", "-of", "json", str(clip)],
                       check=True, capture_output=True)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def run_timed(commands: list[list[str]], work_dir: Path) -> tuple[float, int, float]:
    """Run the commands side by side; return wall seconds, summed peak RSS (KB) and CPU seconds."""
    start = time.perf_counter()
    processes = []
    for index, command in enumerate(commands):
        stats = work_dir / f"time-{index}.txt"
        processes.append((subprocess.Popen(["/usr/bin/time", "-f", "%M %U %S", "-o", str(stats), *command], cwd=work_dir), stats))
    for process, _ in processes:
        if process.wait() != 0:
            raise RuntimeError(f"ffmpeg failed: {process.args}")
    wall = time.perf_counter() - start
    figures = [stats.read_text().split()[-3:] for _, stats in processes]
    return wall, sum(int(peak) for peak, _, _ in figures), sum(float(user) + float(system) for _, user, system in figures)


def ssim_720p(work_dir: Path, clip: Path) -> float | None:
    result = subprocess.run(
        ["ffmpeg", "-nostdin", "-allowed_extensions", "ALL", "-i", str(work_dir / "720p" / "index.m3u8"), "-i", str(clip),
         "-lavfi", "[1:v]scale=1280:720[ref];[0:v][ref]ssim", "-f", "null", "-"],
        capture_output=True, text=True,
    )
    match = re.search(r"All:([\d.]+)", result.stderr)
    return float(match.group(1)) if match else None


def measure_plan(clip: Path, outputs, preset: str, plan: str) -> dict:
    work_dir = Path(tempfile.mkdtemp(prefix=f"bench-{plan}-{preset}-"))
    try:
        for output in outputs:
            (work_dir / output.name).mkdir()
        if plan == "single":
            commands = [ladder.single_command(clip, outputs, preset)]
        else:
            commands = ladder.separate_commands(clip, outputs, preset)
        # The progress pipe is for the worker; here it would only fill the terminal.
        commands = [[arg if arg != "pipe:1" else "/dev/null" for arg in command] for command in commands]
        wall, peak_kb, cpu = run_timed(commands, work_dir)
        sizes = {o.name: sum(p.stat().st_size for p in (work_dir / o.name).iterdir()) for o in outputs}
        return {"wall": wall, "cpu": cpu, "peak_kb": peak_kb, "sizes": sizes, "ssim": ssim_720p(work_dir, clip),
                "processes": len(commands)}
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)


def run() -> str:
    clip = source_clip()
    outputs = ladder.outputs_for(1920, 1080, has_audio=True)
    probe = ffprobe_ms(clip)
    rows, notes, sizes = [], [], None
    for preset in PRESETS:
        results = {plan: measure_plan(clip, outputs, preset, plan) for plan in ("single", "separate")}
        for plan, result in results.items():
            print(f"  {preset} {plan}: {result['wall']:.1f}s", flush=True)
            label = "한 번 디코드(1개 프로세스, split)" if plan == "single" else f"렌디션별 개별 실행({result['processes']}개 프로세스)"
            ssim = f"{result['ssim']:.4f}" if result["ssim"] else "-"
            rows.append(
                f"| {preset} | {label} | {result['wall']:.1f} | {DURATION / result['wall']:.2f}× | {result['cpu']:.0f} | "
                f"{result['peak_kb'] / 1024:.0f} | {sum(result['sizes'].values()) / 1e6:.1f} | {ssim} |"
            )
        speedup = results["separate"]["wall"] / results["single"]["wall"]
        faster = "single" if speedup >= 1 else "separate"
        chosen = ladder.plan_for_preset(preset)
        notes.append(
            f"- `{preset}`: 한 번 디코드가 개별 실행보다 **{speedup:.2f}배** 빠름 → 빠른 쪽은 `{faster}`, "
            f"`plan_for_preset`가 고르는 쪽은 `{chosen}`" + (" (일치)" if faster == chosen else " (**불일치: 규칙 재검토 필요**)")
        )
        sizes = sizes or results["single"]["sizes"]
    size_lines = [f"| {name} | {size / 1e6:.1f} | {size * 8 / DURATION / 1e6:.2f} |" for name, size in sizes.items()]
    load = os.getloadavg()
    return "\n".join([
        f"원본: `testsrc2` 1920×1080 30fps {DURATION}초 + 사인파 음성(H.264 CRF 18), 사다리 360p·720p·1080p + 공유 AAC 128k, "
        f"6초 세그먼트(fMP4). 두 방식은 같은 명령 생성기(`media_pipeline/ladder.py`)로 만든 명령을 그대로 실행합니다. "
        f"개별 실행은 세 프로세스를 동시에 돌리고(음성은 첫 프로세스가 한 번만 인코딩), 메모리는 각 프로세스 최대 RSS의 합입니다.",
        "",
        f"- ffprobe(한 번 실행, 결과는 `Video.probe`에 저장): 중앙값 **{probe:.0f} ms** (7회)",
        "",
        "| 프리셋 | 방식 | 벽시계(초) | 실시간 대비 | CPU(초) | 최대 메모리(MB) | 전체 용량(MB) | 720p SSIM |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
        *rows,
        "",
        *notes,
        "",
        "렌디션별 용량(`veryfast`, 한 번 디코드):",
        "",
        "| 렌디션 | MB | 실측 평균 Mb/s |",
        "|---|---:|---:|",
        *size_lines,
        f"| 합계 | {sum(sizes.values()) / 1e6:.1f} | 분당 {sum(sizes.values()) / 1e6 * 60 / DURATION:.1f} MB |",
        "",
        f"측정 종료 시 부하(1/5/15분 평균): {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}. 부하가 코어 수(2)를 넘으면 벽시계·실시간 "
        "배율은 다른 프로세스와 CPU를 나눈 값이므로, 두 방식의 비교(같은 조건에서 번갈아 측정)와 CPU 시간을 함께 보세요.",
    ])

"""`python -m benchmarks.run [topic ...]`: run the benchmarks and rewrite docs/benchmarks.md.

Each topic is a module `benchmarks/<topic>.py` with `TITLE` and `run() -> str` (Markdown).
Add a topic by adding a module and its name to TOPICS.
"""

import datetime
import importlib
import os
import platform
import subprocess
import sys
from pathlib import Path

TOPICS = ["transcode", "heartbeat", "webtoon_weight", "search", "attendance_import", "export", "evaluation"]
REPORT = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def machine_info() -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
        platform.processor(),
    )
    memory_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
    ffmpeg = subprocess.run(["ffmpeg", "-version"], capture_output=True, text=True).stdout.splitlines()[0]
    load = os.getloadavg()
    return "\n".join([
        f"- 날짜: {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"- CPU: {cpu} × {os.cpu_count()}코어, 메모리 {memory_kb / 1024**2:.1f} GB",
        f"- 측정 시작 시 부하(1/5/15분 평균): {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}",
        f"- {platform.platform()}, Python {platform.python_version()}",
        f"- {ffmpeg}",
    ])


HEADER = "# 벤치마크\n\n`make bench`(= `python -m benchmarks.run [주제 …]`)가 실행한 주제의 절만 다시 씁니다. 각 절에 측정 환경과 날짜가 있습니다.\n"


def existing_sections() -> dict[str, str]:
    """The current report's sections by title, so a run of one topic keeps the other topics' figures."""
    if not REPORT.exists():
        return {}
    sections = {}
    for chunk in REPORT.read_text().split("\n## ")[1:]:
        title, _, body = chunk.partition("\n")
        sections[title.strip()] = body.strip("\n")
    return sections


def main(argv: list[str]) -> None:
    topics = argv or TOPICS
    sections = existing_sections()
    for topic in topics:
        module = importlib.import_module(f"benchmarks.{topic}")
        print(f"== {module.TITLE}", flush=True)
        environment = machine_info()
        sections[module.TITLE] = f"### 측정 환경\n\n{environment}\n\n{module.run().strip()}"
    ordered = [importlib.import_module(f"benchmarks.{topic}").TITLE for topic in TOPICS]
    titles = [title for title in ordered if title in sections]  # sections of retired topics are dropped
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(HEADER + "".join(f"\n## {title}\n\n{sections[title]}\n" for title in titles))
    print(f"결과: {REPORT}")


if __name__ == "__main__":
    main(sys.argv[1:])

"""Captions: WebVTT as is, SRT converted to WebVTT (the only format browsers' <track> reads)."""

import re

from django.core.exceptions import ValidationError

SRT_TIMING = re.compile(r"(\d{1,2}:\d{2}:\d{2}),(\d{3})\s*-->\s*(\d{1,2}:\d{2}:\d{2}),(\d{3})")
VTT_TIMING = re.compile(r"(\d{2}:)?\d{2}:\d{2}\.\d{3}\s*-->\s*(\d{2}:)?\d{2}:\d{2}\.\d{3}")
MAX_CAPTION_BYTES = 2 * 1024 * 1024


def to_webvtt(raw: bytes) -> str:
    """Return WebVTT text for an uploaded .vtt or .srt file, or raise ValidationError in Korean."""
    if len(raw) > MAX_CAPTION_BYTES:
        raise ValidationError("자막 파일이 너무 큽니다(최대 2 MB).")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            "자막 파일을 UTF-8로 읽을 수 없습니다. 메모장 등에서 ‘UTF-8’ 인코딩으로 다시 저장해 올려 주세요."
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if text.startswith("WEBVTT"):
        if not VTT_TIMING.search(text):
            raise ValidationError("WebVTT 파일에 자막 시간 정보(00:00:01.000 --> 00:00:02.000)가 없습니다.")
        return text + "\n"
    if not SRT_TIMING.search(text):
        raise ValidationError("WebVTT(.vtt) 또는 SRT(.srt) 자막 파일이 아닙니다.")
    cues = []
    for block in re.split(r"\n{2,}", text):
        lines = block.split("\n")
        if lines and lines[0].strip().isdigit():
            lines = lines[1:]  # SRT cue numbers are optional in WebVTT
        if lines and SRT_TIMING.search(lines[0]):
            lines[0] = SRT_TIMING.sub(r"\1.\2 --> \3.\4", lines[0])
            cues.append("\n".join(lines))
    return "WEBVTT\n\n" + "\n\n".join(cues) + "\n"


def webvtt_text(webvtt: str) -> str:
    """The words of a WebVTT file, cue after cue: no header, cue ids, timings, notes or voice tags."""
    lines = []
    for block in re.split(r"\n{2,}", webvtt.replace("\r\n", "\n").strip()):
        block_lines = block.split("\n")
        timing = next((i for i, line in enumerate(block_lines) if VTT_TIMING.search(line)), None)
        if timing is None:
            continue  # the WEBVTT header, NOTE and STYLE blocks
        lines += [re.sub(r"<[^>]*>", "", line).strip() for line in block_lines[timing + 1 :]]
    return " ".join(line for line in lines if line)

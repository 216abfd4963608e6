"""Drawing for the demo content: comic panels (Pillow) and the response manual PDF (reportlab), in NanumGothic.

Only `webtoons.demo` and the tests use this; it draws simple but readable scenes so that the reader,
the renditions and the page-weight measurement work on realistic pictures.
"""

import io
from functools import cache

from PIL import Image, ImageDraw, ImageFont

FONT_PATH = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf"
BOLD_FONT_PATH = "/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf"
PANEL_WIDTH = 800

# Clothes colour per speaker; anyone else is drawn in grey.
SPEAKER_COLOURS = {
    "김주무관": (52, 101, 164),
    "민원인": (190, 64, 48),
    "박팀장": (46, 125, 90),
    "청원경찰": (70, 70, 90),
    "이주무관": (120, 86, 160),
    "상담사": (200, 120, 40),
}
SKIN = (246, 214, 182)
INK = (28, 28, 36)


@cache
def font(size, bold=False):
    return ImageFont.truetype(BOLD_FONT_PATH if bold else FONT_PATH, size)


def wrap(text, text_font, max_width):
    """Greedy line breaking on spaces, and inside a word when the word alone is too wide."""
    lines, current = [], ""
    for word in text.split(" "):
        candidate = f"{current} {word}".strip()
        if text_font.getlength(candidate) <= max_width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        for char in word:
            if text_font.getlength(current + char) > max_width:
                lines.append(current)
                current = ""
            current += char
    if current:
        lines.append(current)
    return lines


def _gradient(size, top, bottom):
    width, height = size
    column = Image.new("RGB", (1, height))
    for y in range(height):
        ratio = y / max(height - 1, 1)
        column.putpixel((0, y), tuple(round(t + (b - t) * ratio) for t, b in zip(top, bottom)))
    return column.resize((width, height))


def _figure(draw, centre_x, floor_y, colour, name, angry=False):
    head_r = 46
    body_top = floor_y - 230
    draw.rounded_rectangle((centre_x - 70, body_top, centre_x + 70, floor_y), radius=40, fill=colour, outline=INK, width=4)
    head_y = body_top - head_r + 8
    draw.ellipse((centre_x - head_r, head_y - head_r, centre_x + head_r, head_y + head_r), fill=SKIN, outline=INK, width=4)
    eye_y = head_y - 6
    for dx in (-16, 16):
        draw.ellipse((centre_x + dx - 5, eye_y - 5, centre_x + dx + 5, eye_y + 5), fill=INK)
        if angry:
            draw.line((centre_x + dx - 12, eye_y - 18 + (8 if dx > 0 else 0), centre_x + dx + 12, eye_y - 10 - (8 if dx > 0 else 0)), fill=INK, width=4)
    if angry:
        draw.arc((centre_x - 18, head_y + 12, centre_x + 18, head_y + 36), 200, 340, fill=INK, width=4)
    else:
        draw.arc((centre_x - 18, head_y + 2, centre_x + 18, head_y + 26), 20, 160, fill=INK, width=4)
    label_font = font(24, bold=True)
    label_width = label_font.getlength(name)
    draw.rounded_rectangle(
        (centre_x - label_width / 2 - 10, floor_y + 8, centre_x + label_width / 2 + 10, floor_y + 44), radius=10, fill=(255, 255, 255)
    )
    draw.text((centre_x, floor_y + 26), name, font=label_font, fill=INK, anchor="mm")
    return head_y - head_r


def _bubble(draw, box, tail_to, lines, text_font, shout=False):
    left, top, right, bottom = box
    fill = (255, 250, 205) if shout else (255, 255, 255)
    tail_x = min(max(tail_to[0], left + 40), right - 40)
    draw.polygon([(tail_x - 18, bottom - 4), (tail_x + 18, bottom - 4), tail_to], fill=fill, outline=INK)
    draw.rounded_rectangle(box, radius=28, fill=fill, outline=INK, width=4 if shout else 3)
    draw.rectangle((tail_x - 16, bottom - 6, tail_x + 16, bottom - 1), fill=fill)
    line_height = text_font.size + 10
    y = top + 22
    for line in lines:
        draw.text(((left + right) / 2, y), line, font=text_font, fill=INK, anchor="ma")
        y += line_height


def draw_panel(caption, dialogue, *, colours, height=900, image_format="PNG"):
    """One panel: a caption box on top, the speakers on a counter, their lines in speech bubbles."""
    image = _gradient((PANEL_WIDTH, height), *colours)
    draw = ImageDraw.Draw(image)
    floor_y = height - 90
    draw.rectangle((0, floor_y - 40, PANEL_WIDTH, height), fill=(120, 96, 72))
    draw.rectangle((0, floor_y - 48, PANEL_WIDTH, floor_y - 36), fill=(90, 70, 52))

    caption_font = font(26)
    caption_lines = wrap(caption, caption_font, PANEL_WIDTH - 80)
    caption_bottom = 24 + 20 + len(caption_lines) * (caption_font.size + 8)
    draw.rectangle((20, 20, PANEL_WIDTH - 20, caption_bottom), fill=(255, 255, 255), outline=INK, width=3)
    for number, line in enumerate(caption_lines):
        draw.text((40, 32 + number * (caption_font.size + 8)), line, font=caption_font, fill=INK)

    speakers = list(dict.fromkeys(speaker for speaker, _ in dialogue))
    slots = [PANEL_WIDTH // 2] if len(speakers) == 1 else [200, 600]
    heads = {}
    for speaker, centre_x in zip(speakers, slots):
        angry = speaker == "민원인"
        heads[speaker] = (centre_x, _figure(draw, centre_x, floor_y - 40, SPEAKER_COLOURS.get(speaker, (110, 110, 110)), speaker, angry))

    bubble_font = font(30, bold=True)
    top = caption_bottom + 24
    for speaker, line in dialogue:
        centre_x, head_top = heads[speaker]
        lines = wrap(line, bubble_font, 560)
        bubble_height = 44 + len(lines) * (bubble_font.size + 10)
        bubble_width = max(bubble_font.getlength(text) for text in lines) + 70
        left = min(max(centre_x - bubble_width / 2, 20), PANEL_WIDTH - 20 - bubble_width)
        bottom = min(top + bubble_height, head_top - 30)
        box = (left, bottom - bubble_height, left + bubble_width, bottom)
        _bubble(draw, box, (centre_x, head_top - 6), lines, bubble_font, shout=line.endswith("!"))
        top = bottom + 20

    buffer = io.BytesIO()
    if image_format == "JPEG":
        image.save(buffer, "JPEG", quality=90)
    else:
        image.save(buffer, "PNG", compress_level=3)
    return buffer.getvalue()


def panel_height(dialogue):
    return 760 + 140 * max(len(dialogue) - 1, 0)


def manual_pdf(title, edition_name, chapters):
    """A small A5 PDF manual: a cover, then one section per (heading, paragraphs) chapter."""
    from reportlab.lib.pagesizes import A5
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

    if "NanumGothic" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("NanumGothic", FONT_PATH))
        pdfmetrics.registerFont(TTFont("NanumGothicBold", BOLD_FONT_PATH))
    body = ParagraphStyle("body", fontName="NanumGothic", fontSize=10, leading=16, wordWrap="CJK", spaceAfter=6)
    heading = ParagraphStyle("heading", parent=body, fontName="NanumGothicBold", fontSize=14, leading=20, spaceAfter=10)
    cover = ParagraphStyle("cover", parent=heading, fontSize=20, leading=28, alignment=1)
    subtitle = ParagraphStyle("subtitle", parent=body, fontSize=12, leading=18, alignment=1)

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A5, title=f"{title} {edition_name}", author="서울특별시 시민봉사담당관", lang="ko",
        leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=15 * mm,
    )
    story = [Spacer(1, 50 * mm), Paragraph(title, cover), Spacer(1, 8 * mm), Paragraph(edition_name, subtitle),
             Spacer(1, 4 * mm), Paragraph("서울특별시 시민봉사담당관", subtitle), PageBreak()]
    for chapter_heading, paragraphs in chapters:
        story.append(Paragraph(chapter_heading, heading))
        story += [Paragraph(text, body) for text in paragraphs]
        story.append(Spacer(1, 6 * mm))
    document.build(story)
    return buffer.getvalue()

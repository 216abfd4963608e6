"""수료증 PDF, drawn with reportlab in the NanumGothic font from Debian's fonts-nanum."""

import io

from django.utils import timezone
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT_DIR = "/usr/share/fonts/truetype/nanum"
FONT, FONT_BOLD = "NanumGothic", "NanumGothicBold"
ISSUER = "서울특별시 시민봉사담당관"
PRIMARY = HexColor("#1b4f8a")


def _register_fonts():
    registered = pdfmetrics.getRegisteredFontNames()
    for name in (FONT, FONT_BOLD):
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, f"{FONT_DIR}/{name}.ttf"))


def certificate_pdf(completion, verify_url):
    """The certificate of one CourseCompletion as PDF bytes."""
    _register_fonts()
    buffer = io.BytesIO()
    width, height = A4
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(f"수료증 {completion.serial}")
    pdf.setAuthor(ISSUER)
    pdf.setSubject(f"{completion.course_title} 수료증 {completion.serial}")

    pdf.setStrokeColor(PRIMARY)
    pdf.setLineWidth(3)
    pdf.rect(15 * mm, 15 * mm, width - 30 * mm, height - 30 * mm)
    pdf.setLineWidth(0.8)
    pdf.rect(19 * mm, 19 * mm, width - 38 * mm, height - 38 * mm)

    pdf.setFillColor(PRIMARY)
    pdf.setFont(FONT, 10)
    pdf.drawString(28 * mm, height - 32 * mm, f"제 {completion.serial} 호")
    pdf.setFont(FONT_BOLD, 36)
    pdf.drawCentredString(width / 2, height - 70 * mm, "수 료 증")

    pdf.setFillColor(HexColor("#1c2430"))
    completed_on = timezone.localtime(completion.completed_at).date()
    rows = [
        ("성      명", completion.learner_name),
        ("소      속", completion.department_name or "-"),
        ("과 정 명", completion.course_title),
        ("인정 시간", f"{completion.hours.normalize():f}시간"),
        ("이 수 일", f"{completed_on:%Y년 %m월 %d일}"),
    ]
    y = height - 105 * mm
    for label, value in rows:
        pdf.setFont(FONT_BOLD, 13)
        pdf.drawString(35 * mm, y, label)
        pdf.setFont(FONT, 13)
        pdf.drawString(70 * mm, y, value)
        y -= 12 * mm

    pdf.setFont(FONT, 14)
    y -= 10 * mm
    pdf.drawCentredString(width / 2, y, "위 사람은 서울시 민원서비스 학습터의 이러닝 과정을")
    pdf.drawCentredString(width / 2, y - 9 * mm, "성실히 이수하였으므로 이 증서를 수여합니다.")

    pdf.setFont(FONT, 13)
    pdf.drawCentredString(width / 2, 75 * mm, f"{completed_on:%Y년 %m월 %d일}")
    pdf.setFont(FONT_BOLD, 20)
    pdf.drawCentredString(width / 2, 60 * mm, ISSUER)

    pdf.setFont(FONT, 9)
    pdf.setFillColor(HexColor("#4b5563"))
    pdf.drawString(28 * mm, 30 * mm, f"수료증 번호: {completion.serial}")
    pdf.drawString(28 * mm, 25 * mm, f"진위 확인: {verify_url}")
    pdf.linkURL(verify_url, (28 * mm, 23 * mm, width - 28 * mm, 29 * mm), relative=0)

    pdf.showPage()
    pdf.save()
    return buffer.getvalue()

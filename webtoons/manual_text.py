"""The text of a manual edition's PDF, extracted with pypdf when the edition's document is set."""

import logging

from pypdf import PdfReader
from pypdf.errors import PdfReadError

logger = logging.getLogger(__name__)
MAX_PAGES = 500  # a manual is tens of pages; a mistaken 2,000-page upload must not stall the save


def pdf_text(document):
    """(text, error): the PDF's words page after page, or '' and a Korean reason it could not be read."""
    return pdf_file_text(document.open_file, name=document.pk)


def pdf_file_text(open_file, *, name):
    """pdf_text of what `open_file()` opens (a migration's historical Document has no open_file)."""
    try:
        with open_file() as handle:
            reader = PdfReader(handle)
            if reader.is_encrypted:
                return "", "암호가 걸린 PDF라 검색용 본문을 읽지 못했습니다. 암호를 풀어 다시 올려 주세요."
            pages = [page.extract_text() or "" for page in reader.pages[:MAX_PAGES]]
    except (PdfReadError, OSError, ValueError) as error:
        logger.warning("manual PDF %s unreadable: %s", name, error)
        return "", "PDF에서 글자를 읽지 못했습니다. 검색에서는 제목과 소개로만 찾을 수 있습니다."
    text = "\n".join(page.strip() for page in pages if page.strip())
    if not text:
        return "", "PDF에 글자 정보가 없습니다(스캔한 이미지 PDF). 검색에서는 제목과 소개로만 찾을 수 있습니다."
    return text, ""

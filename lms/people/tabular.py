"""Reading the spreadsheets HR actually has: CSV as any Korean Excel writes it, or XLSX.

Korean Excel saves "CSV" as CP949 (a superset of EUC-KR), "CSV UTF-8" with a BOM and "유니코드
텍스트" as tab-separated UTF-16; people also send plain UTF-8 from other tools. We try the encodings
that can be told apart reliably (BOMs first, then strict UTF-8, then CP949) instead of guessing
statistically: CP949 text is almost never valid UTF-8, so the order is safe.
"""

import codecs
import csv
import datetime
import io
import zipfile
from dataclasses import dataclass

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

XLSX_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls and password-protected .xlsx
CSV_DELIMITERS = ",\t;"


class TableError(Exception):
    """The file as a whole cannot be read; the message is shown to the user as it is."""


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (spreadsheet row number, header -> value)


def normalise_header(value):
    """'  직원 번호 ' and '직원번호' name the same column (Excel users pad and wrap headers)."""
    return "".join(str(value or "").replace("\ufeff", "").split())


def read_table(data: bytes, filename: str = "") -> Table:
    if not data or not data.strip():
        raise TableError("빈 파일입니다. 첫 줄에 열 이름이 있고 그 아래에 직원이 한 줄에 한 명씩 있어야 합니다.")
    if data.startswith(OLE2_MAGIC):
        raise TableError(
            "예전 Excel 형식(.xls)이거나 암호가 걸린 파일이라 읽을 수 없습니다. "
            "Excel에서 'Excel 통합 문서(.xlsx)' 또는 'CSV'로 다시 저장해 주세요."
        )
    if data.startswith(XLSX_MAGIC) or filename.lower().endswith(".xlsx"):
        raw_rows = _xlsx_rows(data)
    else:
        raw_rows = _csv_rows(_decode(data))
    return _to_table(raw_rows)


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        encodings = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8", "cp949"]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            break
        return text
    raise TableError(
        "파일을 읽을 수 없습니다. CSV(UTF-8 또는 CP949/EUC-KR) 또는 XLSX 파일인지 확인해 주세요."
    )


def _looks_binary(text):
    sample = text[:4096]
    controls = sum(1 for char in sample if ord(char) < 32 and char not in "\r\n\t")
    return "\x00" in sample or controls > len(sample) // 100


def _csv_rows(text):
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    try:
        dialect = csv.Sniffer().sniff(first_line, delimiters=CSV_DELIMITERS)
    except csv.Error:
        dialect = csv.excel
    try:
        return list(csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as error:
        raise TableError(f"CSV 형식이 올바르지 않아 읽을 수 없습니다 ({error}).") from error


def _xlsx_rows(data):
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise TableError("XLSX 파일을 열 수 없습니다. 파일이 손상되었는지 확인해 주세요.") from error
    try:
        sheet = workbook.worksheets[0]
        return [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel stores 직원번호 typed as numbers as floats
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _to_table(raw_rows):
    numbered = [
        (number, [str(cell).strip() for cell in row])
        for number, row in enumerate(raw_rows, start=1)
        if any(str(cell).strip() for cell in row)
    ]
    if not numbered:
        raise TableError("빈 파일입니다. 첫 줄에 열 이름이 있고 그 아래에 직원이 한 줄에 한 명씩 있어야 합니다.")
    _, header_cells = numbered[0]
    headers = [normalise_header(cell) for cell in header_cells]
    named = [header for header in headers if header]
    duplicates = sorted({header for header in named if named.count(header) > 1})
    if duplicates:
        raise TableError(f"같은 이름의 열이 두 번 이상 있습니다: {', '.join(duplicates)}")
    rows = [
        (number, {header: (cells[i] if i < len(cells) else "") for i, header in enumerate(headers) if header})
        for number, cells in numbered[1:]
    ]
    return Table(headers=named, rows=rows)

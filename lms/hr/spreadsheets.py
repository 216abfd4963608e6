"""Write exports to a file at constant memory: XLSX through openpyxl's write-only mode, CSV in UTF-8 with
a BOM (Korean Excel reads a BOM-less UTF-8 CSV as CP949 and garbles it).

Every text cell that a spreadsheet would read as a formula (=, +, -, @, or a leading tab or carriage
return: CSV/formula injection) is written with a leading apostrophe, so it shows as the text it is.
"""

import csv
import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
HASH_CHUNK = 1024 * 1024


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def write_xlsx(path: Path, *, sheet_title: str, header: list[str], rows: Iterable[list], notes: Sequence[str] = ()) -> int:
    """Rows go to disk as they come (write-only worksheet); returns how many were written. `notes`
    are lines written after the rows and a blank row, not counted."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    sheet.freeze_panes = "A2"
    bold_header = []
    for title in header:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        bold_header.append(cell)
    sheet.append(bold_header)
    count = 0
    for row in rows:
        sheet.append([neutralise(value) for value in row])
        count += 1
    for index, note in enumerate(notes):
        if index == 0:
            sheet.append([])
        sheet.append([neutralise(note)])
    workbook.save(path)
    return count


def write_csv(path: Path, *, header: list[str], rows: Iterable[list], notes: Sequence[str] = ()) -> int:
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        count = 0
        for row in rows:
            writer.writerow(["" if value is None else neutralise(value) for value in row])
            count += 1
        for index, note in enumerate(notes):
            if index == 0:
                writer.writerow([])
            writer.writerow([neutralise(note)])
    return count


def write_table(
    path: Path, file_format: str, *, sheet_title: str, header: list[str], rows: Iterable[list], notes: Sequence[str] = ()
) -> int:
    if file_format == "xlsx":
        return write_xlsx(path, sheet_title=sheet_title, header=header, rows=rows, notes=notes)
    return write_csv(path, header=header, rows=rows, notes=notes)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()

"""Exports other apps make through HR's audited export: an app registers a kind and the rows of its
file; HR's machinery asks for the purpose, writes the audit row before reading anything, makes and
hashes the file, and logs every download (see services)."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ExportKind:
    key: str  # at most 16 characters (DataExport.report)
    label: str
    # write(export, path) -> rows written: reads within export.requested_by's scope at the time the file is
    # made (raising PermissionDenied when the filters reach outside it) and writes export.file_format.
    write: Callable
    formats: tuple = ("xlsx", "csv")


def table_writer(table):
    """A write() for a file that is one table: table(export) -> (sheet title, header, rows)."""
    from .spreadsheets import write_table

    def write(export, path):
        sheet_title, header, rows = table(export)
        return write_table(path, export.file_format, sheet_title=sheet_title, header=header, rows=rows)

    return write


_kinds: dict[str, ExportKind] = {}


def register_export_kind(kind: ExportKind) -> None:
    _kinds[kind.key] = kind


def export_kind(key: str) -> ExportKind | None:
    return _kinds.get(key)


def report_choices():
    """DataExport.report's choices: HR's own reports, then the kinds other apps registered."""
    from .models import ExportReport

    return list(ExportReport.choices) + [(kind.key, kind.label) for kind in _kinds.values()]

"""Spreadsheets in and out: exported cells that cannot run as formulas, uploaded XLSX files
checked for size before anything parses them, and the reading every importer shares
(:func:`open_rows` for the raw rows, :func:`header_key` for column titles, :func:`cell_value`
for cells, :class:`RowError` for a bad row).

Every export (businesses, agreements, event schedules) passes its values through
:func:`safe_cell` / :func:`safe_row`; every XLSX import passes its bytes through
:func:`xlsx_check` before openpyxl opens them.
"""

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jalinmitra.core.text import fold

# A text cell starting with one of these is read as a formula by Excel, LibreOffice and
# Google Sheets ("CSV/formula injection", OWASP). Tab and CR too: some programs strip them
# and then see the formula behind.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Limits of an uploaded XLSX, checked on the zip directory before parsing.
XLSX_MAX_UNCOMPRESSED = 50 * 1024 * 1024
XLSX_MAX_RATIO = 100  # uncompressed/compressed per member; ordinary sheets are 5-20
XLSX_MAX_ROWS = 10_000
XLSX_MAX_COLUMNS = 100
XLSX_MAX_MEMBERS = 500


def safe_cell(value: Any) -> Any:
    """A value as an exported cell: text that would start a formula gets a leading apostrophe
    (so it shows and stays as text); numbers, dates and empty values stay as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in values]


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + (ch - ord("A") + 1)
    return number


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Za-z]+)?(\d+)?(?::([A-Za-z]+)(\d+))?"')


def _sheet_dimension(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, int] | None:
    """(rows, columns) from a worksheet's <dimension ref="A1:K250"/>, which sits at the start
    of the sheet's XML; read only its first few kilobytes."""
    with archive.open(info) as stream:
        head = stream.read(4096)
    match = _DIMENSION.search(head)
    if match is None:
        return None
    first_col, first_row, last_col, last_row = match.groups()
    col = last_col or first_col
    row = last_row or first_row
    return (int(row) if row else 0, _column_number(col) if col else 0)


def xlsx_check(
    data: bytes,
    *,
    max_uncompressed: int = XLSX_MAX_UNCOMPRESSED,
    max_rows: int = XLSX_MAX_ROWS,
    max_columns: int = XLSX_MAX_COLUMNS,
) -> None:
    """Refuse an XLSX that would take too much memory or time to parse: too large once
    unpacked, packed too tightly (a "zip bomb"), or with too many rows or columns per its
    sheets' own dimension. Reads only the zip directory and the first bytes of each sheet.

    Raises ValidationError with a message for the officer."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise ValidationError(
            _(
                "Berkas XLSX tidak dapat dibaca (rusak atau bukan XLSX). "
                "Simpan ulang dari Excel/LibreOffice sebagai .xlsx."
            ),
            code="xlsx_unreadable",
        ) from e
    with archive:
        infos = archive.infolist()
        if len(infos) > XLSX_MAX_MEMBERS:
            raise ValidationError(
                _("Berkas XLSX berisi terlalu banyak bagian; simpan ulang sebagai .xlsx biasa."),
                code="xlsx_members",
            )
        total = sum(i.file_size for i in infos)
        too_packed = any(
            i.file_size > 1024 * 1024 and i.file_size > XLSX_MAX_RATIO * max(i.compress_size, 1)
            for i in infos
        )
        if total > max_uncompressed or too_packed:
            raise ValidationError(
                _(
                    "Berkas XLSX terlalu besar setelah dibuka (%(size)s MB; paling besar "
                    "%(max)s MB). Hapus lembar atau kolom yang tidak perlu, atau bagi menjadi "
                    "beberapa berkas."
                )
                % {
                    "size": f"{total / 1024 / 1024:.0f}",
                    "max": f"{max_uncompressed / 1024 / 1024:.0f}",
                },
                code="xlsx_too_large",
            )
        for info in infos:
            name = info.filename
            if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                continue
            try:
                dimension = _sheet_dimension(archive, info)
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as e:
                raise ValidationError(
                    _("Berkas XLSX tidak dapat dibaca (rusak atau bukan XLSX)."),
                    code="xlsx_unreadable",
                ) from e
            if dimension is None:
                continue
            rows, columns = dimension
            if rows > max_rows or columns > max_columns:
                raise ValidationError(
                    _(
                        "Lembar kerja terlalu besar (%(rows)s baris × %(cols)s kolom; paling "
                        "banyak %(max_rows)s baris × %(max_cols)s kolom). Hapus baris/kolom "
                        "kosong di bawah atau di kanan data, atau bagi menjadi beberapa berkas."
                    )
                    % {
                        "rows": rows,
                        "cols": columns,
                        "max_rows": max_rows,
                        "max_cols": max_columns,
                    },
                    code="xlsx_dimension",
                )


# --- reading uploaded spreadsheets (every importer) ---------------------------

# An uploaded import file, before anything parses it.
MAX_BYTES = 5 * 1024 * 1024

Cell = str | int | float | bool | None


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message is for the officer, in their language."""


def header_key(value: Cell) -> str:
    """A column title as a key: folded, lower case, spaces as underscores."""
    return fold(str(value or "")).replace(" ", "_")


def cell_value(value: Any) -> Cell:
    """A spreadsheet value as something JSON can hold (rows wait in Job.result)."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, int | float | bool) or value is None:
        return value
    return str(value)


def _xlsx_rows(data: bytes):
    import openpyxl  # heavy; only when a spreadsheet comes in

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        raise ImportFileError(
            _(
                "Berkas XLSX tidak dapat dibaca (rusak atau bukan XLSX). "
                "Simpan ulang dari Excel/LibreOffice sebagai .xlsx."
            )
        ) from e
    try:
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield list(values)
    finally:
        workbook.close()


def _csv_rows(data: bytes):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything
        raise ImportFileError(_("Berkas CSV tidak dapat dibaca; simpan sebagai CSV UTF-8."))
    if "\x00" in text:
        raise ImportFileError(_("Berkas ini bukan CSV teks; simpan sebagai CSV UTF-8 atau XLSX."))
    first_line = text.split("\n", 1)[0]
    # Excel with Indonesian regional settings separates CSV columns with ";".
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def open_rows(*, filename: str, data: bytes) -> Iterator[list]:
    """Check an uploaded spreadsheet (size, emptiness, type) and give its raw rows.

    Raises :class:`ImportFileError` for a file that cannot be imported at all. Every
    importer (businesses, event participants) goes through here."""
    name = (filename or "").lower()
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            _(
                "Berkas terlalu besar (%(size)s MB); paling besar 5 MB. "
                "Bagi menjadi beberapa berkas."
            )
            % {"size": f"{len(data) / 1024 / 1024:.1f}"}
        )
    if not data:
        raise ImportFileError(_("Berkas kosong."))
    if name.endswith(".xls"):
        raise ImportFileError(_("Format .xls lama tidak didukung; simpan sebagai .xlsx atau .csv."))
    if name.endswith(".xlsx"):
        if not data.startswith(b"PK"):
            raise ImportFileError(_("Berkas bernama .xlsx tetapi isinya bukan XLSX."))
        try:
            # Unpacked size, packing ratio and sheet dimensions, before openpyxl parses.
            xlsx_check(data)
        except ValidationError as e:
            raise ImportFileError(e.messages[0]) from e
        return _xlsx_rows(data)
    if name.endswith(".csv"):
        return _csv_rows(data)
    raise ImportFileError(_("Jenis berkas tidak didukung; unggah berkas .xlsx atau .csv."))


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}

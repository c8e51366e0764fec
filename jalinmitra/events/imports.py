"""Participant list import from XLSX/CSV: all or nothing, every bad row listed.

Columns: ``nib`` or ``nama_usaha`` (to find the registered business), ``peran`` (penjual or
pembeli; empty: from the business's size class), ``meja`` (buyers; empty: 1) and
``ketersediaan`` (e.g. ``09:00-12:00``; empty: the whole event). Row numbers are those the
spreadsheet shows (the header is row 1).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from jalinmitra.businesses.imports import (
    ImportFileError,
    RowError,
    _cell,
    _csv_rows,
    _header_key,
    _xlsx_rows,
)
from jalinmitra.businesses.models import Business
from jalinmitra.core.identifiers import clean_nib
from jalinmitra.events import services
from jalinmitra.events.choices import RegisteredHow, Role
from jalinmitra.events.models import Event, Participant

__all__ = ["COLUMNS", "ImportFileError", "participants_import", "read_participants"]

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
COLUMNS = {
    "nib": "NIB 13 angka usaha terdaftar (utama).",
    "nama_usaha": "Nama usaha persis seperti di data usaha; dipakai bila nib kosong.",
    "peran": "penjual atau pembeli; kosong = mengikuti skala usaha.",
    "meja": "Jumlah meja pembeli; kosong = 1. Penjual selalu 1.",
    "ketersediaan": "Jam hadir, mis. 09:00-12:00 atau 09:00-12:00; 13:00-14:00. Kosong = sepanjang acara.",
}
_ROLES = {
    "penjual": Role.SELLER,
    "seller": Role.SELLER,
    "pemasok": Role.SELLER,
    "umk": Role.SELLER,
    "pembeli": Role.BUYER,
    "buyer": Role.BUYER,
}


def read_participants(*, filename: str, data: bytes) -> list[tuple[int, dict]]:
    name = (filename or "").lower()
    if not data:
        raise ImportFileError("Berkas kosong.")
    if len(data) > MAX_BYTES:
        raise ImportFileError("Berkas terlalu besar; paling besar 5 MB.")
    if name.endswith(".xlsx"):
        if not data.startswith(b"PK"):
            raise ImportFileError("Berkas bernama .xlsx tetapi isinya bukan XLSX.")
        source = _xlsx_rows(data)
    elif name.endswith(".csv"):
        source = _csv_rows(data)
    else:
        raise ImportFileError("Jenis berkas tidak didukung; unggah berkas .xlsx atau .csv.")
    header = None
    rows = []
    for number, values in enumerate(source, start=1):
        if header is None:
            header = [_header_key(v) for v in values]
            while header and not header[-1]:
                header.pop()
            unknown = [h for h in header if h and h not in COLUMNS]
            if unknown:
                raise ImportFileError(
                    f"Kolom tidak dikenal: {', '.join(unknown)}. Kolom yang dikenal: "
                    + ", ".join(COLUMNS)
                    + "."
                )
            if "nib" not in header and "nama_usaha" not in header:
                raise ImportFileError("Berkas harus punya kolom nib atau nama_usaha.")
            continue
        cells = [_cell(v) for v in values]
        if all(c in (None, "") for c in cells):
            continue
        rows.append(
            (number, {h: cells[i] if i < len(cells) else None for i, h in enumerate(header) if h})
        )
        if len(rows) > MAX_ROWS:
            raise ImportFileError(f"Lebih dari {MAX_ROWS} baris; bagi menjadi beberapa berkas.")
    if header is None or not rows:
        raise ImportFileError("Berkas tidak berisi baris data di bawah judul kolom.")
    return rows


@dataclass
class ImportResult:
    created: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def participants_import(*, actor, event: Event, rows: list[tuple[int, dict]]) -> ImportResult:
    """Check every row; only when all are good, register them all in one transaction."""
    result = ImportResult()
    plans = []
    seen: dict[int, int] = {}
    registered = set(Participant.objects.filter(event=event).values_list("business_id", flat=True))
    for number, row in rows:
        errors_before = len(result.errors)

        def bad(column: str, message: str, number=number) -> None:
            result.errors.append(RowError(number, column, message))

        nib, name = _text(row.get("nib")), _text(row.get("nama_usaha"))
        business = None
        if nib:
            try:
                clean = clean_nib(nib)
            except ValueError as e:
                bad("nib", str(e))
            else:
                business = Business.objects.filter(nib=clean).first()
                if business is None:
                    bad("nib", f"Tidak ada usaha terdaftar dengan NIB {nib}.")
        elif name:
            found = list(Business.objects.filter(name__iexact=name)[:2])
            if not found:
                bad("nama_usaha", f"Tidak ada usaha terdaftar bernama “{name}”.")
            elif len(found) > 1:
                bad("nama_usaha", f"Ada lebih dari satu usaha bernama “{name}”; isi kolom nib.")
            else:
                business = found[0]
        else:
            bad("nib", "Isi nib atau nama_usaha.")
        role_text = _text(row.get("peran")).lower()
        role = None
        if role_text:
            role = _ROLES.get(role_text)
            if role is None:
                bad("peran", f"Peran “{role_text}” tidak dikenal; tulis penjual atau pembeli.")
        elif business is not None:
            role = services.role_for(business)
            if role is None:
                bad("peran", "Skala usaha belum diketahui; isi peran penjual atau pembeli.")
        tables_text = _text(row.get("meja"))
        tables = 1
        if tables_text:
            if not tables_text.isdigit() or not 1 <= int(tables_text) <= 20:
                bad("meja", f"Jumlah meja “{tables_text}” harus bilangan 1–20.")
            else:
                tables = int(tables_text)
                if role == Role.SELLER and tables != 1:
                    bad("meja", "Penjual selalu satu meja/kursi; meja hanya untuk pembeli.")
        try:
            slots = services.availability_parse(_text(row.get("ketersediaan")), event.slots)
        except ValidationError as e:
            bad("ketersediaan", " ".join(e.messages))
            slots = []
        if business is not None:
            if business.pk in registered:
                bad(
                    "nib" if nib else "nama_usaha", f"{business.name} sudah terdaftar di acara ini."
                )
            elif business.pk in seen:
                bad(
                    "nib" if nib else "nama_usaha",
                    f"{business.name} juga ada di baris {seen[business.pk]}.",
                )
            else:
                seen[business.pk] = number
        if len(result.errors) == errors_before:
            plans.append((business, role, tables, slots))
    if result.errors:
        return result
    with transaction.atomic():
        for business, role, tables, slots in plans:
            services.participant_add(
                actor=actor,
                event=event,
                business=business,
                how=RegisteredHow.IMPORTED,
                role=role,
                tables=tables,
                available_slots=slots,
            )
            result.created += 1
    return result

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
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jalinmitra.businesses.models import Business
from jalinmitra.core.identifiers import clean_nib
from jalinmitra.core.spreadsheets import (
    ImportFileError,
    RowError,
    cell_value,
    header_key,
    open_rows,
)
from jalinmitra.core.validator_text import value_error_text
from jalinmitra.events import services
from jalinmitra.events.choices import RegisteredHow, Role
from jalinmitra.events.models import Event, Participant

__all__ = ["COLUMNS", "ImportFileError", "participants_import", "read_participants"]

MAX_ROWS = 2000
COLUMNS = {
    "nib": gettext_lazy("NIB 13 angka usaha terdaftar (utama)."),
    "nama_usaha": gettext_lazy("Nama usaha persis seperti di data usaha; dipakai bila nib kosong."),
    "peran": gettext_lazy("penjual atau pembeli; kosong = mengikuti skala usaha."),
    "meja": gettext_lazy("Jumlah meja pembeli; kosong = 1. Penjual selalu 1."),
    "ketersediaan": gettext_lazy(
        "Jam hadir, mis. 09:00-12:00 atau 09:00-12:00; 13:00-14:00. Kosong = sepanjang acara."
    ),
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
    source = open_rows(filename=filename, data=data)
    header = None
    rows = []
    for number, values in enumerate(source, start=1):
        if header is None:
            header = [header_key(v) for v in values]
            while header and not header[-1]:
                header.pop()
            unknown = [h for h in header if h and h not in COLUMNS]
            if unknown:
                raise ImportFileError(
                    _("Kolom tidak dikenal: %(unknown)s. Kolom yang dikenal: %(known)s.")
                    % {"unknown": ", ".join(unknown), "known": ", ".join(COLUMNS)}
                )
            if "nib" not in header and "nama_usaha" not in header:
                raise ImportFileError(_("Berkas harus punya kolom nib atau nama_usaha."))
            continue
        cells = [cell_value(v) for v in values]
        if all(c in (None, "") for c in cells):
            continue
        rows.append(
            (number, {h: cells[i] if i < len(cells) else None for i, h in enumerate(header) if h})
        )
        if len(rows) > MAX_ROWS:
            raise ImportFileError(
                _("Lebih dari %(max)s baris; bagi menjadi beberapa berkas.") % {"max": MAX_ROWS}
            )
    if header is None or not rows:
        raise ImportFileError(_("Berkas tidak berisi baris data di bawah judul kolom."))
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
                bad("nib", value_error_text(e))
            else:
                business = Business.objects.filter(nib=clean).first()
                if business is None:
                    bad("nib", _("Tidak ada usaha terdaftar dengan NIB %(nib)s.") % {"nib": nib})
        elif name:
            found = list(Business.objects.filter(name__iexact=name)[:2])
            if not found:
                bad(
                    "nama_usaha",
                    _("Tidak ada usaha terdaftar bernama “%(name)s”.") % {"name": name},
                )
            elif len(found) > 1:
                bad(
                    "nama_usaha",
                    _("Ada lebih dari satu usaha bernama “%(name)s”; isi kolom nib.")
                    % {"name": name},
                )
            else:
                business = found[0]
        else:
            bad("nib", _("Isi nib atau nama_usaha."))
        role_text = _text(row.get("peran")).lower()
        role = None
        if role_text:
            role = _ROLES.get(role_text)
            if role is None:
                bad(
                    "peran",
                    _("Peran “%(role)s” tidak dikenal; tulis penjual atau pembeli.")
                    % {"role": role_text},
                )
        elif business is not None:
            role = services.role_for(business)
            if role is None:
                bad("peran", _("Skala usaha belum diketahui; isi peran penjual atau pembeli."))
        tables_text = _text(row.get("meja"))
        tables = 1
        if tables_text:
            if not tables_text.isdigit() or not 1 <= int(tables_text) <= 20:
                bad(
                    "meja",
                    _("Jumlah meja “%(tables)s” harus bilangan 1–20.") % {"tables": tables_text},
                )
            else:
                tables = int(tables_text)
                if role == Role.SELLER and tables != 1:
                    bad("meja", _("Penjual selalu satu meja/kursi; meja hanya untuk pembeli."))
        try:
            slots = services.availability_parse(_text(row.get("ketersediaan")), event.slots)
        except ValidationError as e:
            bad("ketersediaan", " ".join(e.messages))
            slots = []
        if business is not None:
            if business.pk in registered:
                bad(
                    "nib" if nib else "nama_usaha",
                    _("%(name)s sudah terdaftar di acara ini.") % {"name": business.name},
                )
            elif business.pk in seen:
                bad(
                    "nib" if nib else "nama_usaha",
                    _("%(name)s juga ada di baris %(row)s.")
                    % {"name": business.name, "row": seen[business.pk]},
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

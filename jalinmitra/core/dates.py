"""Dates and times written the Indonesian way, independent of the active locale.

``28 November 2026``, ``Desember 2027``, ``28 November 2026 09.30 WIB`` (PUEBI:
a dot between hours and minutes), and Roman month numbers for letter and
agreement numbers such as ``012/KMT/DPMPTSP/X/2026``.

Pure functions: no Django.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

__all__ = [
    "BULAN",
    "HARI",
    "bulan_romawi",
    "format_bulan_tahun",
    "format_hari_tanggal",
    "format_tanggal",
    "format_tanggal_waktu",
    "nama_bulan",
    "nama_hari",
]

BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

# Monday first, as date.weekday() counts.
HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")

_ROMAWI = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")

DEFAULT_TZ = "Asia/Jakarta"

# The three Indonesian time zones and the IANA zones that carry them.
ZONE_ABBREVIATIONS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


def _check_month(month: int) -> int:
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
        raise ValueError(f"Bulan harus 1–12, bukan {month!r}")
    return month


def nama_bulan(month: int) -> str:
    """``11`` → ``"November"``."""
    return BULAN[_check_month(month) - 1]


def nama_hari(d: date) -> str:
    """``date(2026, 11, 28)`` → ``"Sabtu"``."""
    return HARI[d.weekday()]


def bulan_romawi(month: int) -> str:
    """``10`` → ``"X"``: the month in Roman numerals, as in agreement numbers."""
    return _ROMAWI[_check_month(month) - 1]


def _local_date(d: date, tz: str) -> date:
    # An aware datetime is shown on the calendar of the city, not of UTC.
    if isinstance(d, datetime) and d.tzinfo is not None:
        return d.astimezone(ZoneInfo(tz)).date()
    return d


def format_tanggal(d: date | None, tz: str = DEFAULT_TZ) -> str:
    """``date(2026, 11, 28)`` → ``"28 November 2026"``; ``None`` → ``"–"``."""
    if d is None:
        return "–"
    d = _local_date(d, tz)
    return f"{d.day} {BULAN[d.month - 1]} {d.year}"


def format_hari_tanggal(d: date, tz: str = DEFAULT_TZ) -> str:
    """``date(2026, 11, 28)`` → ``"Sabtu, 28 November 2026"``."""
    d = _local_date(d, tz)
    return f"{nama_hari(d)}, {format_tanggal(d)}"


def format_bulan_tahun(d: date, tz: str = DEFAULT_TZ) -> str:
    """``date(2027, 12, 1)`` → ``"Desember 2027"``."""
    d = _local_date(d, tz)
    return f"{BULAN[d.month - 1]} {d.year}"


def format_tanggal_waktu(dt: datetime, tz: str = DEFAULT_TZ) -> str:
    """An aware datetime in the city's time zone: ``"28 November 2026 09.30 WIB"``.

    A naive datetime is refused: guessing its zone would shift the time by
    hours without anyone noticing.
    """
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError("Waktu harus memiliki zona waktu (timezone-aware)")
    local = dt.astimezone(ZoneInfo(tz))
    zone = ZONE_ABBREVIATIONS.get(tz) or local.strftime("%Z")
    return f"{format_tanggal(local.date())} {local.hour:02d}.{local.minute:02d} {zone}"

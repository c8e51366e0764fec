"""Units of measure and quantities ("500 kg/bulan", "0,5 kg", "1 lusin")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# unit -> (dimension, factor to the dimension's base unit: gram, millilitre, piece, centimetre)
UNITS: dict[str, tuple[str, float]] = {}


def _define(dimension: str, factor: float, *names: str) -> None:
    for name in names:
        UNITS[name] = (dimension, factor)


_define("massa", 1.0, "g", "gr", "grm", "gram")
_define("massa", 100.0, "ons")
_define("massa", 1000.0, "kg", "kilo", "kilogram", "kgs")
_define("massa", 100_000.0, "kuintal", "kwintal")
_define("massa", 1_000_000.0, "ton")
_define("volume", 1.0, "ml", "mililiter", "cc")
_define("volume", 1000.0, "l", "liter", "litre", "ltr", "lt")
# Pieces: a count of single items, comparable with each other and with lusin, kodi, gros.
_define("jumlah", 1.0, "pcs", "pc", "buah", "biji", "butir", "unit", "item", "helai", "lembar")
# A package's content is not known ("1.400 pak" against "200 stel" says nothing), so each
# package unit is its own dimension: comparable only with the same package (pak = pack).
# A karung's weight is not fixed, so it stays unknown (refused) rather than guessed.
for _names in (
    ("kotak", "box"),
    ("pak", "pack"),
    ("bungkus",),
    ("botol",),
    ("porsi",),
    ("set", "stel"),
    ("potong",),
    ("toples",),
    ("dus", "karton"),
    ("paket",),
    ("sachet",),
    ("cup",),
    ("kaleng",),
):
    _define("kemasan " + _names[0], 1.0, *_names)
_define("jumlah", 500.0, "rim")  # 500 lembar
_define("jumlah", 12.0, "lusin")
_define("jumlah", 20.0, "kodi")
_define("jumlah", 144.0, "gros")
_define("panjang", 1.0, "cm")
_define("panjang", 100.0, "m", "meter")

# Display words for the base unit of a dimension, used in reasons.
DIMENSION_NAMES = {"massa": "berat", "volume": "volume", "jumlah": "jumlah", "panjang": "panjang"}

# period -> (days, Indonesian label)
PERIODS: dict[str, tuple[float, str]] = {}
for _period_names, _days, _label in (
    (("day", "hari", "harian", "daily"), 1.0, "hari"),
    (("week", "minggu", "pekan", "mingguan", "weekly"), 7.0, "minggu"),
    (("month", "bulan", "bulanan", "monthly", "bln"), 30.0, "bulan"),
    (("year", "tahun", "tahunan", "yearly", "annual", "thn"), 365.0, "tahun"),
):
    for _name in _period_names:
        PERIODS[_name] = (_days, _label)


class UnitError(ValueError):
    """A unit or period string that is not known; the message is Indonesian."""


@lru_cache(maxsize=1024)
def unit_key(unit: str) -> str:
    return unit.strip().lower().rstrip(".")


def check_unit(unit: str) -> tuple[str, float]:
    key = unit_key(unit)
    if key not in UNITS:
        raise UnitError(f'satuan "{unit}" tidak dikenal')
    return UNITS[key]


def check_period(per: str | None) -> str | None:
    if per is None or str(per).strip() == "":
        return None
    key = str(per).strip().lower()
    if key not in PERIODS:
        raise UnitError(f'periode "{per}" tidak dikenal (pakai hari, minggu, bulan atau tahun)')
    return key


@dataclass(frozen=True, slots=True)
class Quantity:
    """An amount in a unit, optionally per period (a capacity or a demand)."""

    quantity: float
    unit: str
    per: str | None = None

    def __post_init__(self) -> None:
        check_unit(self.unit)
        check_period(self.per)

    @property
    def dimension(self) -> str:
        return UNITS[unit_key(self.unit)][0]

    def base_amount(self) -> float:
        """Amount in the base unit of its dimension (gram, ml, piece, cm)."""
        return self.quantity * UNITS[unit_key(self.unit)][1]

    def per_day(self) -> float | None:
        if self.per is None:
            return None
        return self.base_amount() / PERIODS[_period_key(self.per)][0]

    def label(self) -> str:
        text = f"{format_number(self.quantity)} {self.unit}"
        if self.per:
            text += "/" + PERIODS[_period_key(self.per)][1]
        return text


@lru_cache(maxsize=64)
def _period_key(per: str) -> str:
    return per.strip().lower()


def format_number(value: float) -> str:
    """Indonesian number: thousands with ".", decimals with ","."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    whole, frac = f"{value:.2f}".rstrip("0").split(".")
    return f"{int(whole):,}".replace(",", ".") + "," + frac


def parse_number(text: str) -> float:
    """Parse "0,5", "1.000", "2.5", "1.250,75" as Indonesian or plain numbers."""
    text = text.strip()
    if "," in text:
        return float(text.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        return float(text.replace(".", ""))
    return float(text)


_UNIT_ALTERNATION = "|".join(sorted((re.escape(u) for u in UNITS), key=len, reverse=True))
_PERIOD_ALTERNATION = "|".join(
    sorted((re.escape(p) for p in PERIODS if len(p) > 1), key=len, reverse=True)
)
QUANTITY_RE = re.compile(
    r"(?<![\w.,])(?P<num>\d+(?:[.,]\d+)*)\s*(?P<unit>" + _UNIT_ALTERNATION + r")\b"
    r"(?:\s*(?:/|per\s+|tiap\s+|setiap\s+)\s*(?P<per>" + _PERIOD_ALTERNATION + r")\b)?",
    re.IGNORECASE,
)


def find_quantities(text: str) -> list[tuple[int, int, Quantity]]:
    """Every "<number> <unit>[/<period>]" in free text, as (start, end, Quantity)."""
    found = []
    for m in QUANTITY_RE.finditer(text):
        try:
            number = parse_number(m.group("num"))
        except ValueError:
            continue
        per = m.group("per")
        found.append(
            (
                m.start(),
                m.end(),
                Quantity(number, m.group("unit").lower(), per.lower() if per else None),
            )
        )
    return found


_WHOLE_RE = re.compile(
    r"\s*(?P<num>\d+(?:[.,]\d+)*)\s*(?P<unit>[^\W\d_]+)\.?"
    r"(?:\s*(?:/|per\s+|tiap\s+|setiap\s+)\s*(?P<per>[^\W\d_]+))?\s*",
    re.IGNORECASE,
)


def parse_quantity(text: str) -> Quantity:
    """Parse a whole field such as "500 kg/bulan" or "1 lusin"; raise UnitError if not."""
    m = _WHOLE_RE.fullmatch(text or "")
    if not m:
        raise UnitError(f'jumlah "{text}" tidak dapat dibaca (contoh: "500 kg/bulan")')
    check_unit(m.group("unit"))
    per = check_period(m.group("per"))
    return Quantity(parse_number(m.group("num")), m.group("unit").lower(), per)

"""Business size classes (PP 7/2021 Pasal 35) and KUR tiers.

PP 7/2021 Pasal 35 groups businesses by *modal usaha* (business capital,
excluding land and buildings) or by *hasil penjualan tahunan* (annual sales):

- ayat (2)–(3): modal usaha is the criterion "untuk pendirian atau pendaftaran
  kegiatan usaha" — mikro ≤ Rp1 miliar, kecil ≤ Rp5 miliar, menengah
  ≤ Rp10 miliar;
- ayat (4)–(5): for *kemudahan, pelindungan, dan pemberdayaan* of a running
  business, hasil penjualan tahunan — mikro ≤ Rp2 miliar, kecil ≤ Rp15 miliar,
  menengah ≤ Rp50 miliar.

Every bound is inclusive ("sampai dengan paling banyak"); above the menengah
bound a business is besar. The partnership programme is *pemberdayaan* of
running businesses, so when annual sales are known they decide; modal usaha
decides only when it is all we have (a business just registering).

Pure functions: no Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

__all__ = [
    "Classification",
    "KurTier",
    "SizeClass",
    "classify",
    "kur_tier",
    "size_by_capital",
    "size_by_turnover",
]

MILIAR = 1_000_000_000
JUTA = 1_000_000

PASAL_MODAL = "PP 7/2021 Pasal 35 ayat (2) dan (3)"
PASAL_PENJUALAN = "PP 7/2021 Pasal 35 ayat (4) dan (5)"


class SizeClass(StrEnum):
    MIKRO = "mikro"
    KECIL = "kecil"
    MENENGAH = "menengah"
    BESAR = "besar"

    @property
    def label(self) -> str:
        return f"Usaha {self.value.capitalize()}"

    @property
    def is_umk(self) -> bool:
        """Micro or small: the side of a partnership the programme supports."""
        return self in (SizeClass.MIKRO, SizeClass.KECIL)

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """``(value, label)`` pairs, for a model field's ``choices``."""
        return [(member.value, member.label) for member in cls]


# Inclusive upper bounds, smallest class first; above the last bound: BESAR.
CAPITAL_BOUNDS = (
    (1 * MILIAR, SizeClass.MIKRO),
    (5 * MILIAR, SizeClass.KECIL),
    (10 * MILIAR, SizeClass.MENENGAH),
)
TURNOVER_BOUNDS = (
    (2 * MILIAR, SizeClass.MIKRO),
    (15 * MILIAR, SizeClass.KECIL),
    (50 * MILIAR, SizeClass.MENENGAH),
)


def _by_bounds(amount: int | None, bounds, label: str) -> SizeClass | None:
    if amount is None:
        return None
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(f"{label} harus bilangan bulat rupiah")
    if amount < 0:
        raise ValueError(f"{label} tidak boleh negatif")
    for bound, size in bounds:
        if amount <= bound:
            return size
    return SizeClass.BESAR


def size_by_capital(modal_usaha: int | None) -> SizeClass | None:
    """Size by modal usaha (excluding land and buildings); ``None`` if unknown."""
    return _by_bounds(modal_usaha, CAPITAL_BOUNDS, "Modal usaha")


def size_by_turnover(hasil_penjualan: int | None) -> SizeClass | None:
    """Size by hasil penjualan tahunan; ``None`` if unknown."""
    return _by_bounds(hasil_penjualan, TURNOVER_BOUNDS, "Hasil penjualan tahunan")


Deciding = Literal["modal_usaha", "hasil_penjualan", "keduanya"]


@dataclass(frozen=True)
class Classification:
    size: SizeClass | None
    by_capital: SizeClass | None
    by_turnover: SizeClass | None
    # Which criterion gave ``size``: "keduanya" when both are known and agree.
    deciding: Deciding | None
    explanation: str


def classify(modal_usaha: int | None, hasil_penjualan: int | None) -> Classification:
    """Classify a business, explaining in Indonesian which criterion decided.

    Annual sales decide when known (see the module docstring); otherwise
    modal usaha. Both unknown gives ``size=None``.
    """
    by_capital = size_by_capital(modal_usaha)
    by_turnover = size_by_turnover(hasil_penjualan)
    if by_capital is None and by_turnover is None:
        return Classification(
            None,
            None,
            None,
            None,
            "Skala usaha belum dapat ditentukan: modal usaha dan hasil penjualan tahunan "
            "belum diisi.",
        )
    if by_turnover is None:
        return Classification(
            by_capital,
            by_capital,
            None,
            "modal_usaha",
            f"Menurut modal usaha: {by_capital}; hasil penjualan tahunan belum diisi. "
            f"Yang menentukan: modal usaha ({PASAL_MODAL}).",
        )
    if by_capital is None:
        return Classification(
            by_turnover,
            None,
            by_turnover,
            "hasil_penjualan",
            f"Menurut hasil penjualan tahunan: {by_turnover}; modal usaha belum diisi. "
            f"Yang menentukan: hasil penjualan tahunan ({PASAL_PENJUALAN}).",
        )
    if by_capital == by_turnover:
        return Classification(
            by_turnover,
            by_capital,
            by_turnover,
            "keduanya",
            f"Menurut modal usaha dan hasil penjualan tahunan: {by_turnover} (PP 7/2021 Pasal 35).",
        )
    return Classification(
        by_turnover,
        by_capital,
        by_turnover,
        "hasil_penjualan",
        f"Menurut modal usaha: {by_capital}; menurut hasil penjualan tahunan: {by_turnover}. "
        f"Yang menentukan: hasil penjualan tahunan, karena usaha sudah berjalan "
        f"({PASAL_PENJUALAN}); modal usaha dipakai untuk pendirian atau pendaftaran usaha.",
    )


class KurTier(StrEnum):
    """KUR (*Kredit Usaha Rakyat*) schemes by loan ceiling (*plafon*),
    Permenko Perekonomian 1/2022 as amended by 1/2023."""

    SUPER_MIKRO = "super_mikro"
    MIKRO = "mikro"
    KECIL = "kecil"

    @property
    def label(self) -> str:
        return {
            KurTier.SUPER_MIKRO: "KUR Super Mikro",
            KurTier.MIKRO: "KUR Mikro",
            KurTier.KECIL: "KUR Kecil",
        }[self]


KUR_BOUNDS = (
    (10 * JUTA, KurTier.SUPER_MIKRO),
    (100 * JUTA, KurTier.MIKRO),
    (500 * JUTA, KurTier.KECIL),
)


def kur_tier(amount: int) -> KurTier | None:
    """The KUR scheme for a loan of ``amount`` rupiah: super mikro ≤ Rp10 juta,
    mikro ≤ Rp100 juta, kecil ≤ Rp500 juta; above that no KUR (``None``)."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError("Plafon KUR harus bilangan bulat rupiah")
    if amount <= 0:
        raise ValueError("Plafon KUR harus lebih dari nol")
    for bound, tier in KUR_BOUNDS:
        if amount <= bound:
            return tier
    return None

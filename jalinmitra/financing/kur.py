"""The KUR tiers as data, with their source. Pure: no Django.

Source: Peraturan Menteri Koordinator Bidang Perekonomian Nomor 1 Tahun 2022 tentang Pedoman
Pelaksanaan Kredit Usaha Rakyat, sebagaimana diubah dengan Permenko Perekonomian Nomor 1 Tahun
2023 (../shared/DESIGN.md, "KUR tiers"). A tier is chosen by the amount asked: super mikro up to
Rp10 juta, mikro above Rp10 juta up to Rp100 juta, kecil above Rp100 juta up to Rp500 juta.
Above Rp500 juta is not KUR. When the regulation changes, this table is the one edit.
"""

from __future__ import annotations

from dataclasses import dataclass

SOURCE = (
    "Permenko Perekonomian Nomor 1 Tahun 2022 tentang Pedoman Pelaksanaan Kredit Usaha Rakyat, "
    "sebagaimana diubah dengan Permenko Perekonomian Nomor 1 Tahun 2023"
)
SOURCE_VERSION = "1/2022 jo. 1/2023"


@dataclass(frozen=True)
class Tier:
    code: str
    label: str
    above: int  # the amount must be greater than this
    up_to: int  # and at most this
    notes: tuple[str, ...]  # shown with the tier; only what the regulation says


TIERS: tuple[Tier, ...] = (
    Tier(
        "super_mikro",
        "KUR Super Mikro",
        0,
        10_000_000,
        ("Plafon sampai Rp10 juta.", "Tidak wajib agunan tambahan."),
    ),
    Tier(
        "mikro",
        "KUR Mikro",
        10_000_000,
        100_000_000,
        ("Plafon di atas Rp10 juta sampai Rp100 juta.", "Tidak wajib agunan tambahan."),
    ),
    Tier(
        "kecil",
        "KUR Kecil",
        100_000_000,
        500_000_000,
        (
            "Plafon di atas Rp100 juta sampai Rp500 juta.",
            "Agunan tambahan sesuai ketentuan bank penyalur.",
        ),
    ),
)
KUR_MAX = TIERS[-1].up_to
TIER_CHOICES = [(t.code, t.label) for t in TIERS]


def tier_for(amount: int) -> Tier | None:
    """The tier an amount falls in; None for zero or less and for more than KUR_MAX."""
    for tier in TIERS:
        if tier.above < amount <= tier.up_to:
            return tier
    return None


def tier_by_code(code: str) -> Tier | None:
    return next((t for t in TIERS if t.code == code), None)

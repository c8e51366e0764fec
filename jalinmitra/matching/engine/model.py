"""Plain data the engine takes and returns. No Django here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .units import Quantity, check_unit, unit_key

REGION_RE = re.compile(r"\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?")
KBLI_RE = re.compile(r"[A-U]|\d{2,5}")

# Canonical certification types; keys are written without spaces, dots or hyphens.
CERT_ALIASES = {
    "halalmui": "halal",
    "sertifikathalal": "halal",
    "sh": "halal",
    "sppirt": "pirt",
    "pirt": "pirt",
    "bpommd": "bpom",
    "md": "bpom",
    "bpomri": "bpom",
}
CERT_LABELS = {"halal": "halal", "pirt": "P-IRT", "bpom": "BPOM", "sni": "SNI", "nib": "NIB"}


def cert_type(name: str) -> str:
    key = re.sub(r"[\s\-_.]", "", str(name).lower())
    return CERT_ALIASES.get(key, key)


def cert_label(kind: str) -> str:
    return CERT_LABELS.get(kind, kind)


@dataclass(frozen=True, slots=True)
class Certification:
    """A certificate; ``expires`` None means no expiry is known (taken as valid)."""

    type: str
    number: str | None = None
    expires: date | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "type", cert_type(self.type))

    def valid_on(self, today: date) -> bool:
        return self.expires is None or self.expires >= today


@dataclass(frozen=True, slots=True)
class Price:
    """Rupiah per ``unit`` (None: per item as sold). An offer gives min/max; a need's
    target price is a Price with min == max."""

    min: float | None = None
    max: float | None = None
    unit: str | None = None

    def __post_init__(self) -> None:
        if self.unit is not None:
            check_unit(self.unit)
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("harga minimum lebih besar dari harga maksimum")

    def per_base_unit(self, value: float) -> float:
        if self.unit is None:
            return value
        from .units import UNITS

        return value / UNITS[unit_key(self.unit)][1]


@dataclass(slots=True)
class Offer:
    """A product or service a business sells (*penawaran*)."""

    id: str
    title: str
    description: str = ""
    kbli: tuple[str, ...] = ()
    certifications: tuple[Certification, ...] = ()
    capacity: Quantity | None = None
    region: str | None = None
    price: Price | None = None


@dataclass(slots=True)
class Need:
    """Something a business wants to buy (*kebutuhan*)."""

    id: str
    title: str
    description: str = ""
    kbli: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    quantity: Quantity | None = None
    region: str | None = None
    target_price: Price | None = None
    local_only: bool = False


@dataclass(frozen=True, slots=True)
class Match:
    """One offer suggested for a need, best first in a result list."""

    offer_id: str
    score: float
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class NeedMatch:
    """One need an offer can serve (the supplier's "opportunities")."""

    need_id: str
    score: float
    reasons: list[str] = field(default_factory=list)

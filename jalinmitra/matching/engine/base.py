"""What both scoring paths of the matcher share: the weights, the rounding margins and
the prepared columns of the offers."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from numpy.typing import DTypeLike, NDArray

from .model import Offer
from .signals import (
    region_parts,
)
from .units import UNITS, unit_key

# The vectorised path scores every candidate with numpy; it may differ from the scalar
# formula by an ulp (np.exp), so a score within this distance of a rounding edge is
# recomputed with the scalar code before it decides anything.
_ROUND_GUARD = 1e-12
_NO_CERT = date.min.toordinal()  # "absent": below every ``today``
_NO_EXPIRY = date.max.toordinal()

# Signal weights (docs/matching.md). Text always counts; every other signal counts only
# when the need states it, and the total is divided by the weights that counted.
WEIGHTS = {"text": 0.55, "kbli": 0.15, "capacity": 0.10, "region": 0.10, "price": 0.10}
DESCRIPTION_WEIGHT = 0.5  # a need's description words against its title words
EXPANSION_DOWN = 0.5  # "camilan" in the need -> "keripik" in an offer
EXPANSION_UP = 0.3  # "keripik" in the need -> "camilan" in an offer
SCORE_DIGITS = 4
# How far below the k-th best score a candidate may still be kept when both paths prune: two
# rounding units (one for the rounding of the k-th score, one for the candidate's own), so a
# pruned offer can never have reached the top. One constant for the vectorised and the scalar
# path, so they prune alike (matching/tests/test_engine_paths.py checks they agree).
PRUNE_MARGIN = 2 * 10.0**-SCORE_DIGITS
COMMON_FRACTION = 0.05  # a term in more offers than this share is "common"
COMMON_MIN_POSTINGS = 500


TEXT_STEEPNESS = 1.5


def text_relevance(raw: float, norm: float) -> float:
    """Raw BM25F to 0..1: a title hit on every title word of the need gives about 0.78."""
    if norm <= 0:
        return 0.0
    return 1.0 - math.exp(-TEXT_STEEPNESS * raw / norm)


def raw_needed(text: float, norm: float) -> float:
    """The inverse of ``text_relevance``: the raw score giving a relevance of ``text``."""
    if text <= 0:
        return 0.0
    if text >= 1:
        return math.inf
    return -norm * math.log(1.0 - text) / TEXT_STEEPNESS


# A generic word ("produksi": data/umum.txt, listed by hand or learnt across product
# families) keeps this share of its weight: it may order offers that share a content word
# but never makes one a candidate or a reason.
GENERIC_WEIGHT = 0.2
# A need's content word found in what an offer says it goes with ("teman minum kopi").
PURPOSE_MATCH = 1.0


@dataclass(slots=True)
class _Query:
    weights: dict[str, float]
    surfaces: dict[str, str]  # direct term -> word as the need wrote it
    related: dict[str, list[tuple[str, str]]]  # expansion term -> [(from, to)]
    norm: float
    # What the need's product is: content term -> its share (title weight x idf); an offer's
    # coverage is the share it holds, and the other signals count only in that proportion,
    # so a good price never lifts a different product above the one asked for.
    gate: dict[str, float] = field(default_factory=dict)
    gate_total: float = 0.0
    content: frozenset[str] = frozenset()  # an offer must hold one of these to be a candidate

    def coverage(self, terms: dict[str, int]) -> float:
        if self.gate_total <= 0:
            return 1.0
        held = sum(share for term, share in self.gate.items() if term in terms)
        return min(1.0, held / self.gate_total)

    def has_content(self, terms: dict[str, int]) -> bool:
        return any(term in terms for term in self.content)


# A prepared capacity: (dimension, per period, base amount per day (0.0 when not per period),
# base amount); a prepared price: (dimension or None, lowest price, lowest per base unit).
_Capacity = tuple[str, bool, float, float]
_PriceLow = tuple[str | None, float, float]
# What ``Matcher._signals`` gives for a candidate: [(weight, value × coverage)] of the non-text
# signals, the weight sum with text, the weighted sum of the values.
_Features = tuple[list[tuple[float, float]], float, float]


@dataclass(slots=True)
class _Prepared:
    offer: Offer
    region: tuple[str, ...]
    # Precomputed for fast scoring (see ``_features``).
    capacity: _Capacity | None = None
    price: _PriceLow | None = None
    expiry: dict[str, date] = field(default_factory=dict)  # certificate type -> valid until
    kbli: tuple[str, ...] = ()


def _features(offer: Offer) -> _Prepared:
    """An offer with the numbers the signals need worked out once, computed exactly as
    ``capacity_score`` and ``price_score`` compute them."""
    capacity = offer.capacity
    cap: _Capacity | None = None
    if capacity is not None:
        per_day = capacity.per_day() if capacity.per else None
        cap = (
            capacity.dimension,
            bool(capacity.per),
            0.0 if per_day is None else per_day,  # read only when per period
            capacity.base_amount(),
        )
    price = offer.price
    pr: _PriceLow | None = None
    low_raw = None if price is None else price.min if price.min is not None else price.max
    if price is not None and low_raw is not None:
        pr = (
            UNITS[unit_key(price.unit)][0] if price.unit else None,
            low_raw,
            price.per_base_unit(low_raw),
        )
    expiry: dict[str, date] = {}
    for cert in offer.certifications:
        until = cert.expires or date.max
        if until > expiry.get(cert.type, date.min):
            expiry[cert.type] = until
    return _Prepared(offer, region_parts(offer.region), cap, pr, expiry, tuple(offer.kbli))


class _Columns:
    """Per-slot numeric features as numpy arrays that double when full, so that ``add``
    costs amortised O(1). Columns may be created later (a new certificate type, a deeper
    region level); their earlier slots hold the column's fill value."""

    def __init__(self) -> None:
        self.size = 0
        self.capacity = 0
        # One array per feature, of its own dtype (bool, int32, float64).
        self.arrays: dict[object, NDArray[Any]] = {}
        self.fills: dict[object, object] = {}

    def column(self, key: object, dtype: DTypeLike, fill: object) -> NDArray[Any]:
        array = self.arrays.get(key)
        if array is None:
            array = self.arrays[key] = np.full(self.capacity, fill, dtype=dtype)
            self.fills[key] = fill
        return array

    def new_slot(self) -> int:
        if self.size == self.capacity:
            capacity = max(1024, 2 * self.capacity)
            for key, array in self.arrays.items():
                grown = np.full(capacity, self.fills[key], dtype=array.dtype)
                grown[: self.size] = array[: self.size]
                self.arrays[key] = grown
            self.capacity = capacity
        self.size += 1
        return self.size - 1

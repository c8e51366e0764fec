"""The non-text signals. Each returns (score in 0..1, reason or None)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from .model import Certification, Price, cert_label
from .units import Quantity, format_number

MONTHS = (
    "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
).split()

KBLI_CATEGORIES = {
    "A": range(1, 4), "B": range(5, 10), "C": range(10, 34), "D": range(35, 36),
    "E": range(36, 40), "F": range(41, 44), "G": range(45, 48), "H": range(49, 54),
    "I": range(55, 57), "J": range(58, 64), "K": range(64, 67), "L": range(68, 69),
    "M": range(69, 76), "N": range(77, 83), "O": range(84, 85), "P": range(85, 86),
    "Q": range(86, 89), "R": range(90, 94), "S": range(94, 97), "T": range(97, 99),
    "U": range(99, 100),
}  # fmt: skip

KBLI_LEVEL_SCORE = {5: 1.0, 4: 0.75, 3: 0.5, 2: 0.3, 1: 0.15}
KBLI_LEVEL_NAME = {4: "subgolongan", 3: "golongan", 2: "golongan pokok"}


@lru_cache(maxsize=4096)
def kbli_category(code: str) -> str | None:
    if code[:1].isalpha():
        return code[:1]
    if len(code) < 2:
        return None
    number = int(code[:2])
    for letter, numbers in KBLI_CATEGORIES.items():
        if number in numbers:
            return letter
    return None


@lru_cache(maxsize=65536)
def _kbli_pair(need_code: str, offer_code: str) -> tuple[float, str | None]:
    if need_code.isdigit() and offer_code.isdigit():
        common = 0
        for a, b in zip(need_code, offer_code, strict=False):
            if a != b:
                break
            common += 1
        if common == len(need_code) == len(offer_code):
            return 1.0, f"KBLI sama: {offer_code}"
        if common == len(need_code):
            return 1.0, f"KBLI {offer_code} termasuk {need_code}"
        if common >= 2:
            level = min(common, 4)
            return KBLI_LEVEL_SCORE[level], (
                f"KBLI satu {KBLI_LEVEL_NAME[level]} ({offer_code[:level]}): {offer_code}"
            )
    category = kbli_category(need_code)
    if category and category == kbli_category(offer_code):
        return KBLI_LEVEL_SCORE[1], f"KBLI satu kategori ({category}): {offer_code}"
    return 0.0, None


def kbli_score(need_codes, offer_codes, explain: bool = True) -> tuple[float, str | None]:
    best: tuple[float, str | None] = (0.0, None)
    for need_code in need_codes:
        for offer_code in offer_codes:
            pair = _kbli_pair(need_code, offer_code)
            if pair[0] > best[0]:
                best = pair
    return best


def valid_certifications(certs: tuple[Certification, ...], today: date) -> dict[str, Certification]:
    valid: dict[str, Certification] = {}
    for cert in certs:
        if cert.valid_on(today):
            known = valid.get(cert.type)
            # Prefer the certificate that lasts longest (None: no expiry given).
            if known is None or (
                known.expires is not None and (cert.expires or date.max) > known.expires
            ):
                valid[cert.type] = cert
    return valid


def certification_reason(cert: Certification) -> str:
    text = f"Bersertifikat {cert_label(cert.type)}"
    if cert.expires is not None:
        text += f" (berlaku s.d. {MONTHS[cert.expires.month - 1]} {cert.expires.year})"
    return text


REGION_LEVELS = {1: "provinsi", 2: "kab/kota", 3: "kecamatan", 4: "kelurahan/desa"}
REGION_SCORE = {4: 1.0, 3: 0.8, 2: 0.6, 1: 0.3, 0: 0.0}
_REGION_PREFIX = {1: "Provinsi", 3: "Kecamatan", 4: "Kelurahan/Desa"}


def region_parts(code: str | None) -> tuple[str, ...]:
    return tuple(code.split(".")) if code else ()


def region_within(offer_parts: tuple[str, ...], need_parts: tuple[str, ...]) -> bool:
    return bool(offer_parts) and offer_parts[: len(need_parts)] == need_parts


def region_label(parts: tuple[str, ...], names: dict[str, str] | None) -> str:
    code = ".".join(parts)
    level = len(parts)
    name = (names or {}).get(code)
    if not name:
        return f"{REGION_LEVELS[level]} {code}"
    prefix = _REGION_PREFIX.get(level)
    if level == 2 or prefix is None:
        return name
    if name.lower().startswith(prefix.split("/")[0].lower()) or name.lower().startswith("desa"):
        return name
    return f"{prefix} {name}"


def region_score(
    need_parts: tuple[str, ...],
    offer_parts: tuple[str, ...],
    names: dict[str, str] | None,
    explain: bool = True,
) -> tuple[float, str | None]:
    common = 0
    for a, b in zip(need_parts, offer_parts, strict=False):
        if a != b:
            break
        common += 1
    if common == 0:
        return 0.0, None
    # An offer lying inside the area the need asked for is as near as it gets.
    score = 1.0 if common == len(need_parts) else REGION_SCORE[common]
    if not explain:
        return score, None
    return score, f"Sama-sama di {region_label(need_parts[:common], names)}"


def capacity_score(
    need_qty: Quantity, capacity: Quantity | None, explain: bool = True
) -> tuple[float | None, str | None]:
    """None as the score means the two cannot be compared (different dimensions)."""
    if capacity is None:
        return 0.0, None
    if capacity.dimension != need_qty.dimension:
        return None, None
    have, want = capacity.base_amount(), need_qty.base_amount()
    have_day, want_day = capacity.per_day(), need_qty.per_day()
    if have_day is not None and want_day is not None:  # both per a period: compare per day
        have, want = have_day, want_day
    if want <= 0:
        return 1.0, None
    ratio = have / want
    if not explain:
        return min(ratio, 1.0), None
    if ratio >= 1:
        return 1.0, f"Kapasitas {capacity.label()} cukup untuk {need_qty.label()}"
    return ratio, (
        f"Kapasitas {capacity.label()} baru memenuhi {round(ratio * 100)}% dari {need_qty.label()}"
    )


def rupiah(value: float) -> str:
    return "Rp" + format_number(round(value))


def _price_text(price: Price, low: float, high: float) -> str:
    unit = f"/{price.unit}" if price.unit else ""
    if low == high:
        return f"{rupiah(low)}{unit}"
    return f"{rupiah(low)}–{rupiah(high)}{unit}"


def price_score(
    target: Price, price: Price | None, explain: bool = True
) -> tuple[float | None, str | None]:
    """None as the score means the units cannot be compared."""
    if price is None or (price.min is None and price.max is None):
        return 0.0, None
    both_units = bool(target.unit and price.unit)
    if both_units:
        from .units import UNITS, unit_key

        if UNITS[unit_key(target.unit)][0] != UNITS[unit_key(price.unit)][0]:
            return None, None
    target_raw = target.min if target.min is not None else target.max
    if target_raw is None:
        return 0.0, None
    low_raw = price.min if price.min is not None else price.max
    high_raw = price.max if price.max is not None else price.min
    if low_raw is None or high_raw is None:  # never: one of them is set (above)
        return 0.0, None
    # Without a unit on one side both prices are taken as per the same unit.
    want = target.per_base_unit(target_raw) if both_units else target_raw
    low = price.per_base_unit(low_raw) if both_units else low_raw
    over = (low - want) / want if want > 0 else 1.0
    score = 1.0 if low <= want else max(0.0, 1.0 - 2.0 * over)
    if not explain or score <= 0:
        return score, None
    offered = _price_text(price, low_raw, high_raw)
    wanted = _price_text(target, target_raw, target_raw)
    if score == 1.0:
        return 1.0, f"Harga {offered} sesuai target {wanted}"
    return score, f"Harga {offered} sedikit di atas target {wanted}"

"""Rupiah amounts: display, parsing, and *terbilang* (an amount written in words).

Rupiah has no decimals in practice, so amounts are whole ``int``s. Legal
documents state every amount twice, as ``Rp1.250.000`` and in words, and the
agreement check compares the two with :func:`terbilang_matches`.

Pure functions: no Django.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

__all__ = [
    "format_rupiah",
    "parse_rupiah",
    "parse_terbilang",
    "terbilang",
    "terbilang_matches",
    "terbilang_rupiah",
]

EMPTY = "–"  # en dash: shown where an amount is unknown

_MAX = 10**18  # terbilang goes up to the kuadriliun (10^15) range

_ONES = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")

# Scale words, largest first. 10^15 is "kuadriliun" (KBBI).
_SCALES = (
    (10**15, "kuadriliun"),
    (10**12, "triliun"),
    (10**9, "miliar"),
    (10**6, "juta"),
    (10**3, "ribu"),
)


def _whole_rupiah(amount: int | Decimal | float) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int | Decimal | float):
        raise TypeError(f"Jumlah uang harus bilangan, bukan {type(amount).__name__}")
    if isinstance(amount, float):
        # Only for display (an average from the database, say): money kept in
        # the system is int or Decimal.
        amount = Decimal(repr(amount))
    if isinstance(amount, Decimal):
        if not amount.is_finite():
            raise ValueError("Jumlah uang tidak valid")
        return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return amount


def format_rupiah(amount: int | Decimal | float | None) -> str:
    """``1250000`` → ``"Rp1.250.000"``; ``-5000`` → ``"-Rp5.000"``; ``None`` → ``"–"``.

    A fraction (``Decimal`` or, for display only, ``float``) is rounded half
    up to whole rupiah.
    """
    if amount is None:
        return EMPTY
    value = _whole_rupiah(amount)
    sign = "-" if value < 0 else ""
    return f"{sign}Rp{abs(value):,}".replace(",", ".")


# --- parse_rupiah -----------------------------------------------------------

_UNITS = {
    "rb": 10**3,
    "ribu": 10**3,
    "jt": 10**6,
    "juta": 10**6,
    "miliar": 10**9,
    "milyar": 10**9,  # common non-standard spelling
    "triliun": 10**12,
    "rupiah": 1,
}

# Digits are either plain ("1250000") or grouped by dots in threes
# ("1.250.000"). A lone "1.25" is refused: it would be a decimal point in
# English, and guessing wrong changes the amount a thousandfold.
_AMOUNT_RE = re.compile(
    r"""
    ^(?P<sign>-)?\s*
    (?:rp\.?|idr)?\s*
    (?P<int>\d{1,3}(?:\.\d{3})+|\d+)
    (?:,(?P<frac>\d+|-))?
    (?:\s*(?P<unit>[a-z]+)\.?)?$
    """,
    re.VERBOSE,
)

_PARSE_HELP = 'contoh yang benar: "Rp1.250.000", "1250000", "1,5 juta", "500 ribu"'


def parse_rupiah(text: str) -> int:
    """Read an amount typed by a person into whole rupiah.

    Accepts ``"Rp1.250.000"``, ``"Rp 1.250.000,-"``, ``"1.250.000,00"``,
    ``"1250000"``, ``"-Rp5.000"``, and a number with a unit using the
    Indonesian decimal comma: ``"1,25 juta"``, ``"1,5 miliar"``, ``"500 ribu"``,
    ``"500rb"``, ``"2jt"``. Single letters such as ``"M"`` are refused (miliar
    or million?). Raises ``ValueError`` with an Indonesian message otherwise,
    including when the result would have a fraction of a rupiah.
    """
    if text is None or not str(text).strip():
        raise ValueError("Jumlah uang belum diisi")
    raw = str(text)
    normalized = re.sub(r"\s+", " ", raw.strip().lower())
    match = _AMOUNT_RE.match(normalized)
    if not match:
        raise ValueError(f'"{raw.strip()}" bukan jumlah uang yang dikenali; {_PARSE_HELP}')
    unit = match["unit"]
    multiplier = 1
    if unit is not None:
        if unit not in _UNITS:
            raise ValueError(
                f'Satuan "{unit}" tidak dikenali; gunakan ribu, juta, miliar, atau triliun'
            )
        multiplier = _UNITS[unit]
    frac = match["frac"]
    if frac == "-":
        # "Rp1.250.000,-" is the customary way to say "no sen".
        if unit is not None:
            raise ValueError(f'"{raw.strip()}" bukan jumlah uang yang dikenali; {_PARSE_HELP}')
        frac = None
    try:
        number = Decimal(match["int"].replace(".", "") + (f".{frac}" if frac else ""))
    except InvalidOperation as exc:  # pragma: no cover - the regex admits digits only
        raise ValueError(f'"{raw.strip()}" bukan jumlah uang yang dikenali') from exc
    value = number * multiplier
    if value != value.to_integral_value():
        raise ValueError(f'"{raw.strip()}" menghasilkan pecahan rupiah; jumlah harus bulat')
    result = int(value)
    return -result if match["sign"] else result


# --- terbilang --------------------------------------------------------------


def _below_thousand(n: int) -> list[str]:
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds == 1:
        words.append("seratus")
    elif hundreds > 1:
        words += [_ONES[hundreds], "ratus"]
    if rest == 10:
        words.append("sepuluh")
    elif rest == 11:
        words.append("sebelas")
    elif 12 <= rest <= 19:
        words += [_ONES[rest - 10], "belas"]
    elif rest >= 20:
        tens, ones = divmod(rest, 10)
        words += [_ONES[tens], "puluh"]
        if ones:
            words.append(_ONES[ones])
    elif rest:
        words.append(_ONES[rest])
    return words


def _as_int(n: int | Decimal) -> int:
    if isinstance(n, bool) or not isinstance(n, int | Decimal):
        raise TypeError(f"terbilang memerlukan bilangan bulat, bukan {type(n).__name__}")
    if isinstance(n, Decimal):
        if not n.is_finite() or n != n.to_integral_value():
            raise ValueError("terbilang hanya untuk bilangan bulat")
        return int(n)
    return n


def terbilang(n: int) -> str:
    """An integer in Indonesian words, lowercase: ``1250000`` →
    ``"satu juta dua ratus lima puluh ribu"``.

    Uses the forms of formal documents: "seratus", "seribu", but "satu juta"
    (never "sejuta"). Negative numbers start with "minus". ``|n| < 10**18``.
    """
    n = _as_int(n)
    if abs(n) >= _MAX:
        raise ValueError("Bilangan terlalu besar untuk terbilang (batas di bawah 10^18)")
    if n == 0:
        return "nol"
    if n < 0:
        return "minus " + terbilang(-n)
    words: list[str] = []
    rest = n
    for size, name in _SCALES:
        count, rest = divmod(rest, size)
        if not count:
            continue
        if count == 1 and size == 1000:
            words.append("seribu")
        else:
            words += [*_below_thousand(count), name]
    words += _below_thousand(rest)
    return " ".join(words)


def terbilang_rupiah(n: int) -> str:
    """``1250000`` → ``"satu juta dua ratus lima puluh ribu rupiah"``."""
    return f"{terbilang(n)} rupiah"


_DIGIT_WORDS = {word: value for value, word in enumerate(_ONES) if word}
_SCALE_WORDS = {name: size for size, name in _SCALES}


def _normalize_words(words: str) -> list[str]:
    text = words.lower().replace("milyar", "miliar")
    # Documents put the words in brackets and may end with a full stop.
    text = re.sub(r"[()\[\].,;:]", " ", text)
    return text.split()


def _parse_group(tokens: list[str], whole: str) -> int:
    """Parse words for a number 1..999 (``"dua ratus lima puluh"``)."""

    def fail() -> ValueError:
        return ValueError(f'"{whole}" bukan bilangan terbilang yang dikenali')

    def digit(i: int) -> int | None:
        return _DIGIT_WORDS.get(tokens[i]) if i < len(tokens) else None

    i, value = 0, 0
    if tokens[:1] == ["seratus"]:
        value, i = 100, 1
    elif (hundreds := digit(0) or 0) >= 2 and tokens[1:2] == ["ratus"]:
        value, i = hundreds * 100, 2
    rest = tokens[i:]
    if not rest:
        pass
    elif rest == ["sepuluh"]:
        value += 10
    elif rest == ["sebelas"]:
        value += 11
    elif len(rest) == 2 and rest[1] == "belas" and _DIGIT_WORDS.get(rest[0], 0) >= 2:
        value += 10 + _DIGIT_WORDS[rest[0]]
    elif len(rest) in (2, 3) and rest[1] == "puluh" and _DIGIT_WORDS.get(rest[0], 0) >= 2:
        value += 10 * _DIGIT_WORDS[rest[0]]
        if len(rest) == 3:
            if rest[2] not in _DIGIT_WORDS:
                raise fail()
            value += _DIGIT_WORDS[rest[2]]
    elif len(rest) == 1 and rest[0] in _DIGIT_WORDS:
        value += _DIGIT_WORDS[rest[0]]
    else:
        raise fail()
    if not value:
        raise fail()
    return value


def parse_terbilang(words: str) -> int:
    """The inverse of :func:`terbilang`: ``"seribu satu"`` → ``1001``.

    Tolerates case, extra spaces, brackets, a trailing "rupiah", the spelling
    "milyar", and the non-standard "satu ribu" / "sejuta". Raises ``ValueError``
    on anything else.
    """
    whole = " ".join(str(words).split())
    tokens = _normalize_words(whole)
    if tokens and tokens[-1] == "rupiah":
        tokens.pop()
    negative = bool(tokens) and tokens[0] == "minus"
    if negative:
        tokens.pop(0)
    if not tokens:
        raise ValueError("Terbilang kosong")
    if tokens == ["nol"]:
        return 0
    total = 0
    last_scale = _MAX
    group: list[str] = []
    for token in tokens:
        if token in ("seribu", "sejuta"):
            if group:
                raise ValueError(f'"{whole}" bukan bilangan terbilang yang dikenali')
            token, group = token[2:], ["satu"]
        if token in _SCALE_WORDS:
            scale = _SCALE_WORDS[token]
            if not group or scale >= last_scale:
                raise ValueError(f'"{whole}" bukan bilangan terbilang yang dikenali')
            total += _parse_group(group, whole) * scale
            last_scale, group = scale, []
        else:
            group.append(token)
    if group:
        total += _parse_group(group, whole)
    return -total if negative else total


def terbilang_matches(amount: int, words: str) -> bool:
    """Whether ``words`` is the *terbilang* of ``amount`` as a document writes it.

    Compared with the canonical form after ignoring case, extra spaces,
    surrounding brackets, a trailing full stop, an optional trailing "rupiah"
    and the spelling "milyar". A non-canonical but readable form such as
    "satu ribu" does not match: the agreement check asks for the correct words.
    """
    tokens = _normalize_words(words or "")
    if tokens and tokens[-1] == "rupiah":
        tokens.pop()
    try:
        expected = terbilang(amount)
    except (TypeError, ValueError):
        return False
    return " ".join(tokens) == expected

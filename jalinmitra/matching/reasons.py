"""Match reasons in the reader's language.

The pure engine (matching/engine) imports no Django, so it writes its reasons in Indonesian from
a fixed set of sentence shapes. Here each shape is recognised and rebuilt from a gettext
template, so English mode reads English; a reason in no known shape is shown as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

_ID_MONTHS = (
    "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
).split()

_KBLI_LEVELS = {
    "subgolongan": _("subgolongan"),
    "golongan": _("golongan"),
    "golongan pokok": _("golongan pokok"),
}

_PERIODS = {
    "hari": pgettext_lazy("per period", "hari"),
    "minggu": pgettext_lazy("per period", "minggu"),
    "bulan": pgettext_lazy("per period", "bulan"),
    "tahun": pgettext_lazy("per period", "tahun"),
}
_PER_PERIOD = re.compile(r"/(hari|minggu|bulan|tahun)\b")


def _quantity(text: str) -> str:
    """'500 kg/bulan' -> '500 kg/month' (units and numbers stay as written)."""
    return _PER_PERIOD.sub(lambda m: "/" + str(_PERIODS[m.group(1)]), text)


def _until(text: str) -> str:
    month, _sep, year = text.partition(" ")
    if month in _ID_MONTHS:
        return f"{MONTHS[_ID_MONTHS.index(month) + 1]} {year}"
    return text


# (shape of the Indonesian reason, template in gettext, how to render each named group)
_SHAPES: list[tuple[re.Pattern, object, dict[str, Callable[[str], str]]]] = [
    (re.compile(r"^Cocok dengan: (?P<words>.+)$"), _("Cocok dengan: %(words)s"), {}),
    (re.compile(r"^Terkait: (?P<pairs>.+)$"), _("Terkait: %(pairs)s"), {}),
    (re.compile(r"^KBLI sama: (?P<code>\S+)$"), _("KBLI sama: %(code)s"), {}),
    (
        re.compile(r"^KBLI (?P<offer>\S+) termasuk (?P<need>\S+)$"),
        _("KBLI %(offer)s termasuk %(need)s"),
        {},
    ),
    (
        re.compile(r"^KBLI satu kategori \((?P<category>[^)]+)\): (?P<code>\S+)$"),
        _("KBLI satu kategori (%(category)s): %(code)s"),
        {},
    ),
    (
        re.compile(
            r"^KBLI satu (?P<level>subgolongan|golongan pokok|golongan) \((?P<prefix>[^)]+)\): "
            r"(?P<code>\S+)$"
        ),
        _("KBLI satu %(level)s (%(prefix)s): %(code)s"),
        {"level": lambda v: str(_KBLI_LEVELS[v])},
    ),
    (
        re.compile(r"^Bersertifikat (?P<cert>.+) \(berlaku s\.d\. (?P<until>[^)]+)\)$"),
        _("Bersertifikat %(cert)s (berlaku s.d. %(until)s)"),
        {"until": _until},
    ),
    (re.compile(r"^Bersertifikat (?P<cert>.+)$"), _("Bersertifikat %(cert)s"), {}),
    (re.compile(r"^Sama-sama di (?P<region>.+)$"), _("Sama-sama di %(region)s"), {}),
    (
        re.compile(r"^Kapasitas (?P<have>.+) cukup untuk (?P<want>.+)$"),
        _("Kapasitas %(have)s cukup untuk %(want)s"),
        {"have": _quantity, "want": _quantity},
    ),
    (
        re.compile(r"^Kapasitas (?P<have>.+) baru memenuhi (?P<percent>\d+)% dari (?P<want>.+)$"),
        _("Kapasitas %(have)s baru memenuhi %(percent)s%% dari %(want)s"),
        {"have": _quantity, "want": _quantity},
    ),
    (
        re.compile(r"^Harga (?P<offered>.+) sesuai target (?P<wanted>.+)$"),
        _("Harga %(offered)s sesuai target %(wanted)s"),
        {"offered": _quantity, "wanted": _quantity},
    ),
    (
        re.compile(r"^Harga (?P<offered>.+) sedikit di atas target (?P<wanted>.+)$"),
        _("Harga %(offered)s sedikit di atas target %(wanted)s"),
        {"offered": _quantity, "wanted": _quantity},
    ),
]


def reason_text(reason: str) -> str:
    """One engine reason in the active language."""
    for pattern, template, render in _SHAPES:
        m = pattern.match(reason)
        if m:
            params = {k: render.get(k, str)(v) for k, v in m.groupdict().items()}
            return str(template) % params
    return reason

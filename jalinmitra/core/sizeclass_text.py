"""The size-class explanation in the reader's language.

core.sizeclass is pure (no Django) and explains in Indonesian; pages show this gettext version,
built from the same Classification, so English mode reads English.
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jalinmitra.core.sizeclass import PASAL_MODAL, PASAL_PENJUALAN, Classification

SIZE_WORDS = {
    "mikro": _("mikro"),
    "kecil": _("kecil"),
    "menengah": _("menengah"),
    "besar": _("besar"),
}


def _size(size) -> str:
    return str(SIZE_WORDS.get(str(size), str(size)))


def explanation(c: Classification) -> str:
    """Which criterion decided the size class, and under which article (PP 7/2021 Pasal 35)."""
    if c.by_capital is None and c.by_turnover is None:
        return gettext(
            "Skala usaha belum dapat ditentukan: modal usaha dan hasil penjualan tahunan "
            "belum diisi."
        )
    if c.by_turnover is None:
        return gettext(
            "Menurut modal usaha: %(capital)s; hasil penjualan tahunan belum diisi. "
            "Yang menentukan: modal usaha (%(article)s)."
        ) % {"capital": _size(c.by_capital), "article": PASAL_MODAL}
    if c.by_capital is None:
        return gettext(
            "Menurut hasil penjualan tahunan: %(turnover)s; modal usaha belum diisi. "
            "Yang menentukan: hasil penjualan tahunan (%(article)s)."
        ) % {"turnover": _size(c.by_turnover), "article": PASAL_PENJUALAN}
    if c.by_capital == c.by_turnover:
        return gettext(
            "Menurut modal usaha dan hasil penjualan tahunan: %(size)s (PP 7/2021 Pasal 35)."
        ) % {"size": _size(c.by_turnover)}
    return gettext(
        "Menurut modal usaha: %(capital)s; menurut hasil penjualan tahunan: %(turnover)s. "
        "Yang menentukan: hasil penjualan tahunan, karena usaha sudah berjalan "
        "(%(article)s); modal usaha dipakai untuk pendirian atau pendaftaran usaha."
    ) % {
        "capital": _size(c.by_capital),
        "turnover": _size(c.by_turnover),
        "article": PASAL_PENJUALAN,
    }

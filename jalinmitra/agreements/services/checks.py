"""What an agreement must say before it is reviewed (UU 20/2008, PP 7/2021)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jalinmitra.agreements.models import Agreement
from jalinmitra.businesses.choices import LARGE_SIZES, SMALL_SIZES, VerificationStatus
from jalinmitra.businesses.models import Business
from jalinmitra.core.money import format_rupiah, terbilang_matches, terbilang_rupiah
from jalinmitra.core.selectors import city_current


@dataclass(frozen=True)
class Check:
    code: str
    ok: bool
    level: str  # "error" blocks submission and approval; "warning" informs
    message: str


def pairing_covered(small: Business, large: Business) -> bool:
    """UU 20/2008 covers partnerships of a micro/small business with a medium/large one."""
    return small.size_class in SMALL_SIZES and large.size_class in LARGE_SIZES


PLACEHOLDERS = ("...", "…")  # the default templates' blanks for the parties to fill


def filled(text: str) -> bool:
    """A clause says something: not blank and no template blank ("...") left in it."""
    text = (text or "").strip()
    return bool(text) and not any(p in text for p in PLACEHOLDERS)


def agreement_checks(agreement: Agreement) -> list[Check]:
    """The law's checks (Pasal 34, 35), the city's policy, and arithmetic, in Indonesian."""
    city = city_current()
    small, large = agreement.small_party, agreement.large_party
    checks = [
        Check(
            "kegiatan_usaha",
            filled(agreement.subject),
            "error",
            _(
                "Pasal 34: kegiatan usaha (produk, jumlah, harga, pengiriman, mutu) dicantumkan "
                'lengkap, tanpa bagian "..." yang belum diisi.'
            ),
        ),
        Check(
            "hak_kewajiban",
            filled(agreement.rights_obligations),
            "error",
            _("Pasal 34: hak dan kewajiban masing-masing pihak dicantumkan."),
        ),
        Check(
            "pengembangan",
            bool(agreement.development_support or agreement.development_text.strip())
            and not any(p in agreement.development_text for p in PLACEHOLDERS),
            "error",
            _("Pasal 34: bentuk pengembangan dicantumkan."),
        ),
        Check(
            "jangka_waktu",
            bool(
                agreement.start_date
                and agreement.end_date
                and agreement.end_date > agreement.start_date
            ),
            "error",
            _("Pasal 34: jangka waktu (tanggal mulai dan berakhir) dicantumkan."),
        ),
        Check(
            "perselisihan",
            filled(agreement.dispute_resolution),
            "error",
            _("Pasal 34: cara penyelesaian perselisihan dicantumkan."),
        ),
        Check(
            "pasangan",
            pairing_covered(small, large),
            "error",
            _(
                "Pasangan diatur UU 20/2008: Pihak Pertama usaha mikro/kecil (%(s)s), "
                "Pihak Kedua usaha menengah/besar (%(l)s)."
            )
            % {
                "s": small.get_size_class_display() or "-",
                "l": large.get_size_class_display() or "-",
            },
        ),
        Check(
            "pasal35_pertama",
            agreement.no_control_declared_small,
            "error",
            _("Pasal 35: Pihak Pertama menyatakan tidak dimiliki atau dikuasai Pihak Kedua."),
        ),
        Check(
            "pasal35_kedua",
            agreement.no_control_declared_large,
            "error",
            _("Pasal 35: Pihak Kedua menyatakan tidak memiliki atau menguasai Pihak Pertama."),
        ),
        Check(
            "verifikasi",
            small.status == VerificationStatus.VERIFIED
            and large.status == VerificationStatus.VERIFIED,
            "error",
            _("Kedua usaha sudah diverifikasi petugas."),
        ),
    ]
    limit = city.payment_term_policy_days if city else 30
    checks.append(
        Check(
            "tempo_pembayaran",
            agreement.payment_term_days <= limit,
            "warning",
            _(
                "Tempo pembayaran %(days)s hari, batas %(limit)s hari "
                "(kebijakan daerah, bukan ketentuan undang-undang)."
            )
            % {"days": agreement.payment_term_days, "limit": limit},
        )
    )
    checks.append(
        Check(
            "terbilang",
            terbilang_matches(agreement.estimated_value, agreement.estimated_value_words),
            "error",
            _('Terbilang sesuai angka %(value)s: "%(words)s".')
            % {
                "value": format_rupiah(agreement.estimated_value),
                "words": terbilang_rupiah(agreement.estimated_value),
            },
        )
    )
    return checks


def blocking_checks(agreement: Agreement) -> list[Check]:
    return [c for c in agreement_checks(agreement) if not c.ok and c.level == "error"]


def _require_checks(agreement: Agreement) -> None:
    failed = blocking_checks(agreement)
    if failed:
        raise ValidationError(
            _("Belum memenuhi syarat: %(list)s") % {"list": " ".join(c.message for c in failed)}
        )

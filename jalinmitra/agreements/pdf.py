"""The agreement as an A4 PDF, typeset by Typst with its embedded fonts only."""

import io
import json
from pathlib import Path

import segno
import typst
from django.conf import settings

from jalinmitra.agreements.models import Agreement, AgreementTemplate
from jalinmitra.core.dates import format_tanggal
from jalinmitra.core.money import format_rupiah
from jalinmitra.core.selectors import city_current

TEMPLATE = Path(__file__).parent / "typst" / "agreement.typ"


def verify_url(agreement: Agreement) -> str:
    return f"{settings.SITE_URL}/v/{agreement.code}"


def qr_svg(url: str) -> str:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", border=1, xmldecl=False)
    return out.getvalue().decode()


def _signed_text(at, wet_ink: bool, in_person: bool = False) -> str:
    if at is None:
        return ""
    if in_person:
        how = "ditandatangani langsung di hadapan petugas"
    elif wet_ink:
        how = "tanda tangan basah dicatat"
    else:
        how = "ditandatangani secara elektronik"
    return f"{how} {format_tanggal(at)}"


def _party(business) -> dict:
    region = business.region.full_name() if business.region_id else ""
    address = ", ".join(p for p in [business.address, region] if p)
    return {
        "name": business.name,
        "owner": business.owner_name,
        "nib": business.nib or "-",
        "address": address or "-",
        "size": business.get_size_class_display() or "-",
    }


def _clauses(agreement: Agreement) -> list[dict]:
    support = ", ".join(agreement.development_labels())
    development = "\n\n".join(
        p
        for p in [f"Bentuk pengembangan: {support}." if support else "", agreement.development_text]
        if p
    )
    value = format_rupiah(agreement.estimated_value)
    return [
        {"title": "Kegiatan Usaha", "body": agreement.subject},
        {
            "title": "Nilai dan Pembayaran",
            "body": (
                f"Perkiraan nilai transaksi selama jangka waktu perjanjian sebesar {value} "
                f"({agreement.estimated_value_words}). Pembayaran dilakukan paling lambat "
                f"{agreement.payment_term_days} hari sejak barang atau jasa diterima."
            ),
        },
        {"title": "Hak dan Kewajiban", "body": agreement.rights_obligations},
        {"title": "Bentuk Pengembangan", "body": development or "-"},
        {
            "title": "Jangka Waktu",
            "body": (
                f"Perjanjian ini berlaku sejak {format_tanggal(agreement.start_date)} sampai "
                f"dengan {format_tanggal(agreement.end_date)} dan dapat diperpanjang atas "
                "kesepakatan para pihak."
            ),
        },
        {
            "title": "Larangan Penguasaan",
            "body": (
                "Sesuai Pasal 35 Undang-Undang Nomor 20 Tahun 2008, PIHAK KEDUA menyatakan tidak "
                "memiliki dan/atau menguasai PIHAK PERTAMA, dan PIHAK PERTAMA menyatakan tidak "
                "dimiliki dan/atau dikuasai PIHAK KEDUA."
            ),
        },
        {"title": "Penyelesaian Perselisihan", "body": agreement.dispute_resolution},
    ]


def agreement_data(agreement: Agreement) -> dict:
    city = city_current()
    template = AgreementTemplate.objects.filter(pattern=agreement.pattern).first()
    day = agreement.approved_at or agreement.created_at
    return {
        "title": template.title if template else "Perjanjian Kemitraan",
        "number": agreement.number or f"(draf {agreement.code})",
        "code": agreement.code,
        "verify_url": verify_url(agreement),
        "pattern": agreement.get_pattern_display(),
        "date_text": format_tanggal(day) if day else "....",
        "city": {
            "name": city.name if city else "",
            "address": city.address if city else "",
            "offices": [o.name for o in city.offices.all()] if city else [],
        },
        "small": _party(agreement.small_party)
        | {
            "signed": _signed_text(
                agreement.signed_small_at, agreement.wet_ink, agreement.signed_small_in_person
            )
        },
        "large": _party(agreement.large_party)
        | {
            "signed": _signed_text(
                agreement.signed_large_at, agreement.wet_ink, agreement.signed_large_in_person
            )
        },
        "witnessed": format_tanggal(agreement.witnessed_at) if agreement.witnessed_at else "",
        "clauses": [{"title": c["title"], "body": c["body"] or "-"} for c in _clauses(agreement)],
        "witnesses": [
            {"name": o.name, "title": o.title, "nip": o.nip} for o in _witnesses(agreement, city)
        ],
        "recorded_by": agreement.witnessed_by.display_name
        if agreement.witnessed_at and agreement.witnessed_by
        else "",
    }


def _witnesses(agreement: Agreement, city) -> list:
    """Once witnessed, the officials who actually witnessed; before, those who may."""
    if agreement.witnessed_at and agreement.pk:
        chosen = list(agreement.witness_officials.all())
        if chosen:
            return chosen
    return [o for o in (city.officials.all() if city else []) if o.is_witness]


def agreement_pdf(agreement: Agreement) -> bytes:
    data = agreement_data(agreement)
    return typst.compile(
        str(TEMPLATE),
        format="pdf",
        sys_inputs={"data": json.dumps(data), "qr": qr_svg(data["verify_url"])},
    )

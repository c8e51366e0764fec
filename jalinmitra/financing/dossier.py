"""The dossier a partner bank downloads: one Typst PDF with the business, its partnerships and
their verification QR codes, the realisation summary and the officer's recommendation. Only
the data the owner's consent names goes in; never the owner's NIK or phone number."""

from __future__ import annotations

import json
from pathlib import Path

import typst
from django.conf import settings
from django.utils import timezone

from jalinmitra.agreements.pdf import qr_svg, verify_url
from jalinmitra.core.dates import format_tanggal
from jalinmitra.core.money import format_rupiah
from jalinmitra.core.selectors import city_current
from jalinmitra.financing import kur, selectors
from jalinmitra.financing.choices import DataItem
from jalinmitra.financing.models import BankReferral

TEMPLATE = Path(__file__).parent / "typst" / "dossier.typ"


def _profile(business) -> dict:
    region = business.region.full_name() if business.region_id else ""
    kbli = business.primary_kbli
    return {
        "name": business.name,
        "owner": business.owner_name,
        "nib": business.nib or "-",
        "address": ", ".join(p for p in [business.address, region] if p) or "-",
        "kbli": f"{kbli.code} {kbli.title}" if kbli else "-",
    }


def _size(business) -> dict:
    certs = [
        f"{c.get_kind_display()} {c.number}" + (" (kedaluwarsa)" if c.is_expired else "")
        for c in business.certifications.all()
    ]
    return {
        "size_class": business.get_size_class_display() or "-",
        "certifications": ", ".join(certs) or "-",
    }


def dossier_data(case: BankReferral) -> dict:
    referral = case.referral
    business = referral.business
    items = selectors.consented_items(case=case)
    consent = selectors.consent_of(referral=referral)
    tier = kur.tier_by_code(referral.tier)
    city = city_current()
    agreements = selectors.running_agreements(business_id=business.pk)
    summary = (
        selectors.realisation_summary(agreements=agreements)
        if DataItem.REALISATION in items
        else None
    )
    rows = None
    if DataItem.AGREEMENTS in items:
        rows = []
        for a in agreements:
            partner = a.large_party if a.small_party_id == business.pk else a.small_party
            real = summary["per_agreement"].get(a.pk) if summary else None
            rows.append(
                {
                    "number": a.number or a.code,
                    "code": a.code,
                    "pattern": a.get_pattern_display(),
                    "partner": partner.name,
                    "partner_size": partner.get_size_class_display() or "-",
                    "value": format_rupiah(a.estimated_value),
                    "period": f"{format_tanggal(a.start_date)} – {format_tanggal(a.end_date)}",
                    "qr": qr_svg(verify_url(a)),
                    "realisation": {
                        "delivered": format_rupiah(real["delivered"]),
                        "paid": format_rupiah(real["paid"]),
                        "late": real["late"],
                        "health": real["health"],
                    }
                    if real
                    else None,
                }
            )
    return {
        "number": f"KUR-{referral.pk:05d}",
        "bank": str(case.bank),
        "city": city.name if city else "",
        "made": format_tanggal(timezone.localdate()),
        "amount": format_rupiah(referral.amount),
        "purpose": referral.get_purpose_display(),
        "tier": tier.label if tier else referral.tier,
        "tier_notes": list(tier.notes) if tier else [],
        "source": kur.SOURCE,
        "forwarded": format_tanggal(timezone.localtime(case.forwarded_at).date()),
        "profile": _profile(business) if DataItem.PROFILE in items else None,
        "size": _size(business) if DataItem.SIZE in items else None,
        "agreements": rows,
        "verify_base": settings.SITE_URL,
        "summary": {
            "has_data": summary["has_data"],
            "delivered": format_rupiah(summary["delivered"]),
            "paid": format_rupiah(summary["paid"]),
            "late": summary["late"],
        }
        if summary
        else None,
        "recommendation": referral.recommendation or "-",
        "checked_by": referral.checked_by.display_name if referral.checked_by else "",
        "checked_at": format_tanggal(timezone.localtime(referral.checked_at).date())
        if referral.checked_at
        else "",
        "consent_version": consent.version if consent else "-",
        "consent_at": format_tanggal(timezone.localtime(consent.given_at).date())
        if consent
        else "-",
        "consent_items": "; ".join(consent.item_labels()) if consent else "-",
    }


def dossier_pdf(case: BankReferral) -> bytes:
    return typst.compile(
        str(TEMPLATE), format="pdf", sys_inputs={"data": json.dumps(dossier_data(case))}
    )

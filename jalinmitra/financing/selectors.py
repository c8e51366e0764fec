"""Reads of the financing app: who sees which referral, the bank's queue and totals, the
dossier's facts, and the programme's figures (no personal data)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jalinmitra.agreements.choices import Status as AgreementStatus
from jalinmitra.agreements.models import Agreement
from jalinmitra.businesses.models import BusinessKbli, Membership
from jalinmitra.core.models import KbliCode
from jalinmitra.core.selectors import DEFAULT_KBLI_VERSION
from jalinmitra.core.workflow import Action
from jalinmitra.financing import kur
from jalinmitra.financing.choices import BankStatus, Status
from jalinmitra.financing.models import Bank, BankReferral, Consent, Referral
from jalinmitra.financing.workflow import BANK_FLOW, REFERRAL_FLOW, bank_of
from jalinmitra.monitoring.choices import EntryKind
from jalinmitra.monitoring.selectors import (
    counted_entries,
    health_for_agreements,
    health_label,
)

RUNNING = (AgreementStatus.ACTIVE,)


def sla_days() -> int:
    return int(getattr(settings, "FINANCING_SLA_DAYS", 14))


def home_for(*, user: Any) -> str | None:
    """core.hooks.home_redirects: a bank user's home is the bank's queue."""
    if getattr(user, "is_bank", False):
        return reverse("financing:bank_queue")
    return None


# --- who sees what -----------------------------------------------------------------------------


def consent_covers(*, bank_field: str = "bank_id", referral_field: str = "referral_id") -> Exists:
    """A consent in force on the referral that names the bank (an Exists for a filter)."""
    return Exists(
        Consent.objects.filter(
            referral_id=OuterRef(referral_field),
            withdrawn_at__isnull=True,
            banks=OuterRef(bank_field),
        )
    )


def cases_for_bank(*, user: Any) -> QuerySet[BankReferral]:
    """The referrals sent to the user's bank, while the business's consent names that bank.
    None for anyone who is not a bank user with a bank."""
    bank = bank_of(user)
    if bank is None:
        return BankReferral.objects.none()
    return (
        BankReferral.objects.filter(bank=bank)
        .filter(consent_covers())
        .select_related("referral__business", "bank", "claimed_by")
    )


def case_for_bank(*, user: Any, pk: int) -> BankReferral:
    """One referral of the user's bank; 404 for anything else (another bank's, no consent)."""
    case = cases_for_bank(user=user).filter(pk=pk).first()
    if case is None:
        raise Http404
    return case


def referrals_for(*, user: Any) -> QuerySet[Referral]:
    """The city's side: officers see every referral, a business's members their own."""
    qs = Referral.objects.select_related("business").order_by("-created_at")
    if user.is_officer:
        return qs
    if not user.is_authenticated or user.is_bank:
        return qs.none()
    return qs.filter(business_id__in=Membership.objects.filter(user=user).values("business_id"))


def referral_for(*, user: Any, pk: int) -> Referral:
    referral = referrals_for(user=user).filter(pk=pk).first()
    if referral is None:
        raise Http404
    return referral


def consent_of(*, referral: Referral) -> Consent | None:
    return referral.consents.filter(withdrawn_at__isnull=True).prefetch_related("banks").first()


def referral_actions(*, referral: Referral, user: Any) -> list[Action]:
    return REFERRAL_FLOW.available(referral, user)


def case_actions(*, case: BankReferral, user: Any) -> list[Action]:
    return BANK_FLOW.available(case, user)


def tier_of(*, referral: Referral) -> kur.Tier | None:
    return kur.tier_by_code(referral.tier)


def businesses_for_request(*, user: Any) -> list:
    """The micro and small businesses a user may ask financing for (verified ones)."""
    from jalinmitra.businesses.choices import SMALL_SIZES, VerificationStatus
    from jalinmitra.businesses.models import Business

    qs = Business.objects.filter(status=VerificationStatus.VERIFIED, size_class__in=SMALL_SIZES)
    if not user.is_officer:
        qs = qs.filter(memberships__user=user)
    return list(qs.order_by("name")[:500])


def active_banks() -> QuerySet[Bank]:
    return Bank.objects.filter(is_active=True)


# --- the bank's queue --------------------------------------------------------------------------


@dataclass
class QueueRow:
    case: BankReferral
    age_days: int
    overdue: bool
    sector: str


def _sector_by_business(business_ids: list[int]) -> dict[int, str]:
    links = BusinessKbli.objects.filter(business_id__in=business_ids, is_primary=True).values_list(
        "business_id", "kbli__category"
    )
    return dict(links)


def sector_choices() -> list[tuple[str, str]]:
    return [
        (k.code, f"{k.code} {k.title}")
        for k in KbliCode.objects.filter(version=DEFAULT_KBLI_VERSION, level="kategori").order_by(
            "code"
        )
    ]


def bank_queue(*, user: Any, params: dict, today: dt.date | None = None) -> list[QueueRow]:
    """The bank's referrals, oldest first, with their age since forwarding and the SLA."""
    today = today or timezone.localdate()
    qs = cases_for_bank(user=user)
    if params.get("status"):
        qs = qs.filter(status=params["status"])
    if params.get("tier"):
        qs = qs.filter(referral__tier=params["tier"])
    if params.get("sector"):
        qs = qs.filter(
            referral__business_id__in=BusinessKbli.objects.filter(
                is_primary=True, kbli__category=params["sector"]
            ).values("business_id")
        )
    cases = list(qs.order_by("forwarded_at", "pk")[:500])
    sectors = _sector_by_business([c.referral.business_id for c in cases])
    limit = sla_days()
    rows = []
    for case in cases:
        age = (today - timezone.localtime(case.forwarded_at).date()).days
        open_case = case.status in {
            BankStatus.MENUNGGU,
            BankStatus.DIPROSES,
            BankStatus.PERLU_DOKUMEN,
        }
        rows.append(
            QueueRow(
                case=case,
                age_days=age,
                overdue=open_case and age > limit,
                sector=sectors.get(case.referral.business_id, ""),
            )
        )
    if params.get("overdue"):
        rows = [r for r in rows if r.overdue]
    return rows


@dataclass
class Totals:
    referred: int = 0
    referred_amount: int = 0
    approved: int = 0
    approved_amount: int = 0
    disbursed: int = 0
    disbursed_amount: int = 0


def _totals(qs: QuerySet[BankReferral], key: str) -> dict[str, Totals]:
    out: dict[str, Totals] = defaultdict(Totals)
    rows = qs.values(key).annotate(
        n=Count("pk"),
        amount=Sum("referral__amount"),
        approved=Count("pk", filter=Q(status__in=[BankStatus.DISETUJUI, BankStatus.DICAIRKAN])),
        approved_amount=Sum(
            "approved_amount", filter=Q(status__in=[BankStatus.DISETUJUI, BankStatus.DICAIRKAN])
        ),
        disbursed=Count("pk", filter=Q(status=BankStatus.DICAIRKAN)),
        disbursed_amount=Sum("disbursed_amount", filter=Q(status=BankStatus.DICAIRKAN)),
    )
    for r in rows:
        t = out[r[key] or ""]
        t.referred += r["n"]
        t.referred_amount += r["amount"] or 0
        t.approved += r["approved"]
        t.approved_amount += r["approved_amount"] or 0
        t.disbursed += r["disbursed"]
        t.disbursed_amount += r["disbursed_amount"] or 0
    return dict(out)


def bank_totals(*, user: Any) -> dict:
    """The bank's own totals: all, by KUR tier, by sector (KBLI kategori)."""
    qs = cases_for_bank(user=user)
    sector = BusinessKbli.objects.filter(
        business_id=OuterRef("referral__business_id"), is_primary=True
    ).values("kbli__category")[:1]
    by_tier = _totals(qs, "referral__tier")
    by_sector = _totals(qs.annotate(sector=Subquery(sector)), "sector")
    overall = Totals()
    for t in by_tier.values():
        for f in vars(overall):
            setattr(overall, f, getattr(overall, f) + getattr(t, f))
    tier_labels = dict(kur.TIER_CHOICES)
    return {
        "all": overall,
        "by_tier": [(tier_labels.get(k, k), v) for k, v in sorted(by_tier.items())],
        "by_sector": sorted(by_sector.items()),
    }


# --- the dossier -------------------------------------------------------------------------------


def running_agreements(*, business_id: int) -> list[Agreement]:
    return list(
        Agreement.objects.filter(
            Q(small_party_id=business_id) | Q(large_party_id=business_id), status__in=RUNNING
        )
        .select_related("small_party", "large_party")
        .order_by("start_date", "pk")
    )


def realisation_summary(*, agreements: list[Agreement]) -> dict:
    """Delivered and paid (confirmed entries only) and the late deliveries, per agreement and
    in total, from monitoring."""
    if not agreements:
        return {"per_agreement": {}, "delivered": 0, "paid": 0, "late": 0, "has_data": False}
    ids = [a.pk for a in agreements]
    sums = (
        counted_entries()
        .filter(agreement_id__in=ids)
        .values("agreement_id", "kind")
        .annotate(total=Sum("value"), n=Count("pk"))
    )
    per: dict[int, dict] = {pk: {"delivered": 0, "paid": 0, "late": 0, "health": ""} for pk in ids}
    for row in sums:
        side = "delivered" if row["kind"] == EntryKind.DELIVERY else "paid"
        per[row["agreement_id"]][side] += row["total"] or 0
    health = health_for_agreements(agreements)
    for pk, result in health.items():
        per[pk]["late"] = result.late_count
        per[pk]["health"] = str(health_label(result.status))
    return {
        "per_agreement": per,
        "delivered": sum(p["delivered"] for p in per.values()),
        "paid": sum(p["paid"] for p in per.values()),
        "late": sum(p["late"] for p in per.values()),
        "has_data": any(p["delivered"] or p["paid"] for p in per.values()),
    }


def consented_items(*, case: BankReferral) -> set[str]:
    consent = consent_of(referral=case.referral)
    return set(consent.items) if consent else set()


# --- programme figures -------------------------------------------------------------------------


def financing_figures(*, start: dt.date, end: dt.date) -> dict:
    """Referrals asked, forwarded, approved and disbursed between `start` and `end` (inclusive),
    with amounts and by tier: counts and sums only, no business or person named."""
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    # Two queries whatever the data: conditional aggregates over the period's referrals and
    # over the banks' cases (the dashboard's query count must not grow with the data).
    referrals = Referral.objects.filter(created_at__gte=since, created_at__lt=until)
    asked = referrals.aggregate(
        n=Count("pk"),
        amount=Sum("amount"),
        forwarded=Count("pk", filter=Q(forwarded_at__isnull=False)),
        withdrawn=Count("pk", filter=Q(status=Status.DITARIK)),
        **{f"asked_{t.code}": Count("pk", filter=Q(tier=t.code)) for t in kur.TIERS},
    )
    decided = Q(
        status__in=[BankStatus.DISETUJUI, BankStatus.DICAIRKAN],
        decided_at__gte=since,
        decided_at__lt=until,
    )
    paid_out = Q(status=BankStatus.DICAIRKAN, disbursed_on__gte=start, disbursed_on__lte=end)
    cases = BankReferral.objects.aggregate(
        approved_n=Count("pk", filter=decided),
        approved_sum=Sum("approved_amount", filter=decided),
        disbursed_n=Count("pk", filter=paid_out),
        disbursed_sum=Sum("disbursed_amount", filter=paid_out),
        **{
            f"tier_disbursed_{t.code}": Sum(
                "disbursed_amount", filter=paid_out & Q(referral__tier=t.code)
            )
            for t in kur.TIERS
        },
    )
    forwarded = asked["forwarded"]
    approved = {"n": cases["approved_n"], "amount": cases["approved_sum"]}
    disbursed = {"n": cases["disbursed_n"], "amount": cases["disbursed_sum"]}
    by_tier = {
        t.code: {
            "label": t.label,
            "asked": asked[f"asked_{t.code}"],
            "disbursed_amount": cases[f"tier_disbursed_{t.code}"] or 0,
        }
        for t in kur.TIERS
    }
    return {
        "referrals": asked["n"],
        "referrals_amount": asked["amount"] or 0,
        "forwarded": forwarded,
        "withdrawn": asked["withdrawn"],
        "approved": approved["n"],
        "approved_amount": approved["amount"] or 0,
        "disbursed": disbursed["n"],
        "disbursed_amount": disbursed["amount"] or 0,
        "by_tier": by_tier,
    }


def financing_figures_rows(*, start: dt.date, end: dt.date) -> list[tuple[str, int, str]]:
    """monitoring.hooks.programme_figures: (label, value, unit) rows for the dashboard."""
    f = financing_figures(start=start, end=end)
    return [
        (_("Rujukan KUR diajukan"), f["referrals"], "count"),
        (_("Rujukan KUR diteruskan ke bank"), f["forwarded"], "count"),
        (_("KUR disetujui bank"), f["approved"], "count"),
        (_("Nilai KUR disetujui"), f["approved_amount"], "rupiah"),
        (_("KUR dicairkan"), f["disbursed"], "count"),
        (_("Nilai KUR dicairkan"), f["disbursed_amount"], "rupiah"),
    ]

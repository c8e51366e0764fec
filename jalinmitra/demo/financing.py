"""Demo data of the financing app for `python manage.py demo`: two partner banks, each with
its demo login (`bank`, `bank2`), and KUR referrals in every state, from a request the
officers have not looked at yet to a disbursed loan.

Built through the financing services, on micro businesses with a running partnership. The
`umkm` login's business has a referral waiting for documents at the first bank, so the owner
can upload one and the `bank` login can decide. Idempotent: each story is found again by its
description and not made twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from django.db import transaction
from django.utils import timezone

from jalinmitra.accounts.models import User
from jalinmitra.agreements.choices import Status as AgreementStatus
from jalinmitra.agreements.models import Agreement
from jalinmitra.businesses.choices import SMALL_SIZES, VerificationStatus
from jalinmitra.businesses.models import Business
from jalinmitra.demo import data
from jalinmitra.financing import services
from jalinmitra.financing.choices import DataItem
from jalinmitra.financing.models import Bank, BankReferral, Referral
from jalinmitra.privacy.models import DeletionRequest

BANKS = (
    {
        "code": "BMD",
        "name": "Bank Mitra Daerah (demo)",
        "branch": "Cabang Metro",
        "contact_name": "Deni Firmansyah",
        "contact_email": "kur.metro@bank-mitra-daerah.example",
        "contact_phone": "0725-41000",
    },
    {
        "code": "BRS",
        "name": "Bank Rakyat Sejahtera (demo)",
        "branch": "Unit Metro Pusat",
        "contact_name": "Maya Lestari",
        "contact_email": "kur.metro@bank-rakyat-sejahtera.example",
        "contact_phone": "0725-42000",
    },
)
BANK_LOGINS = {"bank": "BMD", "bank2": "BRS"}
ALL_ITEMS = list(DataItem.values)
# Forwarded this long ago, so the first bank's queue shows a referral past the 14-day SLA.
OVERDUE_AGO = dt.timedelta(days=20)


@dataclass(frozen=True)
class Story:
    state: str  # what the demo shows; the description says it too
    amount: int
    purpose: str
    banks: tuple[str, ...] = ()  # bank codes the referral goes to
    owner_login: bool = False  # the `umkm` login's business, consenting itself


STORIES = (
    Story("diajukan", 8_000_000, "modal_kerja"),
    Story("dikembalikan", 35_000_000, "investasi"),
    Story("diperiksa", 50_000_000, "modal_kerja", ("BMD",)),
    Story("menunggu", 75_000_000, "modal_kerja", ("BMD", "BRS")),
    Story("diproses", 20_000_000, "modal_kerja", ("BRS",)),
    Story("perlu_dokumen", 25_000_000, "modal_kerja", ("BMD",), owner_login=True),
    Story("disetujui", 150_000_000, "investasi", ("BMD",)),
    Story("ditolak", 60_000_000, "modal_kerja", ("BRS",)),
    Story("dicairkan", 40_000_000, "modal_kerja", ("BMD",)),
    Story("ditarik", 10_000_000, "modal_kerja", ("BRS",)),
)
DESCRIPTIONS = {
    "diajukan": "Beli bahan baku untuk pesanan bulanan mitra",
    "dikembalikan": "Mesin pengemas vakum",
    "diperiksa": "Modal kerja menjelang Lebaran",
    "menunggu": "Tambah stok untuk pesanan mitra yang naik",
    "diproses": "Bahan baku dan kemasan",
    "perlu_dokumen": "Modal kerja untuk pesanan 200 kg per bulan dari mitra",
    "disetujui": "Renovasi dapur produksi dan peralatan",
    "ditolak": "Tambah modal kerja",
    "dicairkan": "Bahan baku tiga bulan",
    "ditarik": "Modal kerja (sudah tidak diperlukan)",
}


@dataclass
class FinancingDemoSummary:
    created: int = 0
    existing: int = 0
    by_state: dict[str, int] = field(default_factory=dict)


def _banks(admin: User) -> dict[str, Bank]:
    banks = {}
    for spec in BANKS:
        bank = Bank.objects.filter(code=spec["code"]).first()
        banks[spec["code"]] = bank or services.bank_save(actor=admin, data=dict(spec))
    for username, code in BANK_LOGINS.items():
        user = User.objects.filter(username=username).first()
        if user is not None and user.is_bank:
            services.bank_member_set(actor=admin, user=user, bank=banks[code])
    return banks


def _candidates(owner: User | None) -> list[Business]:
    """Verified micro and small businesses with a running partnership (the `umkm` login's
    first), none with a pending deletion request."""
    running = Agreement.objects.filter(status=AgreementStatus.ACTIVE).values("small_party_id")
    qs = (
        Business.objects.filter(
            pk__in=running, status=VerificationStatus.VERIFIED, size_class__in=SMALL_SIZES
        )
        .exclude(
            pk__in=DeletionRequest.objects.filter(business__isnull=False).values("business_id")
        )
        .order_by("pk")
    )
    businesses = list(qs)
    if owner is not None:
        mine = [b for b in businesses if b.memberships.filter(user=owner).exists()]
        businesses = mine[:1] + [b for b in businesses if b not in mine]
    return businesses


def _tell(story: Story, business: Business, *, officer, owner, bank_users, banks) -> None:
    actor = owner if story.owner_login else officer
    chosen = [banks[c] for c in story.banks]
    referral = services.referral_create(
        actor=actor,
        business=business,
        amount=story.amount,
        purpose=story.purpose,
        description=DESCRIPTIONS[story.state],
        banks=chosen,
    )
    if chosen:
        services.consent_give(
            actor=actor,
            referral=referral,
            banks=chosen,
            items=ALL_ITEMS,
            in_person=not story.owner_login,
        )
    if story.state == "diajukan":
        return
    if story.state == "dikembalikan":
        services.referral_return(
            actor=officer,
            referral=referral,
            notes="Mohon jelaskan harga dan pemasok mesin, lampirkan penawaran harganya.",
        )
        return
    services.referral_check(
        actor=officer,
        referral=referral,
        recommendation=(
            "Usaha mikro terverifikasi dengan perjanjian kemitraan yang berjalan; realisasi "
            "pengiriman tercatat rutin. Direkomendasikan untuk KUR."
        ),
    )
    if story.state == "diperiksa":
        return
    cases = {c.bank.code: c for c in services.referral_forward(actor=officer, referral=referral)}
    if story.state == "menunggu":
        # The demo's clock: forwarded earlier, so the SLA highlight shows (no service moves time).
        BankReferral.objects.filter(referral=referral).update(
            forwarded_at=timezone.now() - OVERDUE_AGO
        )
        return
    if story.state == "ditarik":
        services.referral_withdraw(actor=actor, referral=referral)
        return
    code = story.banks[0]
    case, banker = cases[code], bank_users[code]
    services.case_claim(actor=banker, case=case)
    if story.state == "diproses":
        return
    if story.state == "perlu_dokumen":
        services.case_ask_documents(
            actor=banker,
            case=case,
            request="Foto KTP pemilik dan nota pembelian bahan baku tiga bulan terakhir.",
        )
        return
    if story.state == "ditolak":
        services.case_reject(
            actor=banker,
            case=case,
            reason="kur_lain",
            text="Pemohon tercatat masih menerima KUR di bank lain (SLIK).",
        )
        return
    services.case_approve(
        actor=banker,
        case=case,
        amount=story.amount,
        tenor_months=36 if story.purpose == "investasi" else 24,
        scheme="kur_klaster",
    )
    if story.state == "dicairkan":
        services.case_disburse(
            actor=banker, case=case, amount=story.amount, on=timezone.localdate()
        )


@transaction.atomic
def financing_demo_create(*, officer: User) -> FinancingDemoSummary:
    summary = FinancingDemoSummary()
    admin = User.objects.get(username=data.ADMIN_LOGIN)
    banks = _banks(admin)
    bank_users = {
        code: User.objects.get(username=username) for username, code in BANK_LOGINS.items()
    }
    owner = User.objects.filter(username="umkm").first()
    businesses = _candidates(owner)
    if not businesses:
        return summary
    mine = owner is not None and businesses[0].memberships.filter(user=owner).exists()
    owner_business = businesses[0] if mine else None
    others = businesses[1:] if mine and len(businesses) > 1 else businesses
    for i, story in enumerate(STORIES):
        if Referral.objects.filter(description=DESCRIPTIONS[story.state]).exists():
            summary.existing += 1
            continue
        if story.owner_login and owner_business is None:
            story = replace(story, owner_login=False)
        business = owner_business if story.owner_login else others[i % len(others)]
        _tell(story, business, officer=officer, owner=owner, bank_users=bank_users, banks=banks)
        summary.created += 1
        summary.by_state[story.state] = summary.by_state.get(story.state, 0) + 1
    return summary

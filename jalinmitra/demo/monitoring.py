"""Demo realisation records for `python manage.py demo`: deliveries and payments on the demo's
running agreements, so every health flag, the worklist and the dashboard show something real.

Four partnerships made for the purpose (through the agreements services, like the others),
each with a story over the eleven months before the day the demo is loaded:

- Kemplang → Hotel Griya Wawai: going well (monthly deliveries, paid within the 14-day term);
  the micro partner's quarterly growth reports, filled in with an officer's help;
- Gula aren → PT Rasa Ragom Kuliner: the partner pays 10–25 days late, again and again (the
  KPPU signal), one delivery unpaid past its term; an officer's coaching visit on record;
- Abon sapi → CV Sentra Oleh-Oleh Ruwa Jurai: the latest delivery disputed by the partner and
  waiting for an officer; the agreement ends within 60 days with no follow-up;
- Keripik tempe → CV Dapur Kampus Nusantara: deliveries stopped five months ago (dormant).

The demo's other running agreements get steady monthly records from their start; on the
Keripik Pisang Bu Sri addendum the two demo logins (`umkm`, `mitra`) each have an entry waiting
for the other's confirmation.

Dates are relative to the day the demo is loaded (`timezone.localdate()`), not fixed: the late,
dormant and ending-soon flags show whenever the demo is loaded (they age afterwards, as real
ones would). The made agreements start 330 days back, not 365: the demo's agreements all start
in the demo's years (2026–2027, see demo/tests). Parties without a login are served by the
officers: the second officer (`petugas2`) records on their behalf and the officer (`petugas`)
confirms for the other party, never an entry they recorded themselves.

Idempotent: an agreement that already has records gets none; a made agreement is made only when
its two parties have none yet.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from jalinmitra.agreements.choices import Party, Pattern, Status, Support
from jalinmitra.agreements.models import Agreement
from jalinmitra.businesses.models import Business
from jalinmitra.demo.agreements import (
    ACTIVE,
    HOTEL,
    KAMPUS,
    RAGOM,
    SENTRA,
    SWALAYAN,
    AgreementSpec,
    Seller,
    _clerk,
    _Context,
    _create,
)
from jalinmitra.monitoring import services
from jalinmitra.monitoring.choices import EntryKind
from jalinmitra.monitoring.models import Entry

START_AGO = 330  # days before the load day the made agreements start
MONTH = 30


@dataclass
class MonitoringDemoSummary:
    agreements: int = 0  # agreements made for the monitoring demo in this run
    entries: int = 0  # realisation entries recorded in this run
    existing: int = 0  # agreements that already had records


@dataclass(frozen=True)
class Story:
    spec: AgreementSpec
    unit: str
    product: str
    quantity: int  # per delivery
    late_by: tuple[int, ...] = ()  # payment days after the due date, cycling; () = on time
    stop_after_days: int | None = None  # no entry after this many days from the start
    unpaid_last: int = 0  # the last N deliveries unpaid
    dispute_last: str = ""  # the partner disputes the last delivery with this reason
    visit: str = ""  # an officer's coaching visit, 20 days ago
    growth: bool = False  # quarterly growth reports of the micro partner


def _spec(today: dt.date, **kw) -> AgreementSpec:
    end_in = kw.pop("end_in")
    return AgreementSpec(
        stage=ACTIVE,
        start=today - dt.timedelta(days=START_AGO),
        end=today + dt.timedelta(days=end_in),
        support=(Support.PEMASARAN,),
        development_text="PIHAK KEDUA memasarkan produk PIHAK PERTAMA di jaringannya.",
        rights_obligations=(
            "PIHAK PERTAMA wajib memasok sesuai jumlah dan mutu. PIHAK KEDUA wajib membayar "
            "dalam tempo yang disepakati."
        ),
        **kw,
    )


def stories(today: dt.date) -> list[Story]:
    return [
        Story(
            spec=_spec(
                today,
                seller=Seller(offers=("Kemplang",)),
                buyer=HOTEL,
                pattern=Pattern.RANTAI_PASOK,
                subject=(
                    "PIHAK PERTAMA memasok kemplang panggang ikan tenggiri 60 kg per bulan untuk "
                    "suguhan kamar dan toko suvenir PIHAK KEDUA, harga Rp120.000 per kg."
                ),
                value=86_400_000,  # 60 kg × Rp120.000 × 12
                payment_term_days=14,
                end_in=200,
            ),
            unit="kg",
            product="Kemplang panggang ikan tenggiri",
            quantity=60,
            growth=True,
        ),
        Story(
            spec=_spec(
                today,
                seller=Seller(offers=("Gula aren",)),
                buyer=RAGOM,
                pattern=Pattern.RANTAI_PASOK,
                subject=(
                    "PIHAK PERTAMA memasok gula aren cetak murni 150 kg per bulan ke dapur pusat "
                    "PIHAK KEDUA, harga Rp32.000 per kg."
                ),
                value=57_600_000,  # 150 kg × Rp32.000 × 12
                payment_term_days=30,
                end_in=210,
            ),
            unit="kg",
            product="Gula aren cetak murni",
            quantity=150,
            late_by=(12, 18, 25, 10, 21),
            unpaid_last=2,
            visit=(
                "Kunjungan ke bagian keuangan PT Rasa Ragom Kuliner: pembayaran gula aren lima kali "
                "melewati tempo 30 hari. Disepakati pembayaran tiap tanggal 10; bila terulang, "
                "petugas menerbitkan teguran tertulis."
            ),
        ),
        Story(
            spec=_spec(
                today,
                seller=Seller(offers=("Abon sapi",)),
                buyer=SENTRA,
                pattern=Pattern.PERDAGANGAN_UMUM,
                subject=(
                    "PIHAK PERTAMA memasok abon sapi kemasan 100 g sebanyak 200 pak per bulan "
                    "untuk etalase oleh-oleh PIHAK KEDUA, harga Rp35.000 per pak."
                ),
                value=84_000_000,  # 200 pak × Rp35.000 × 12
                payment_term_days=21,
                end_in=45,
            ),
            unit="pak",
            product="Abon sapi 100 g",
            quantity=200,
            dispute_last=(
                "Yang kami terima 160 pak, bukan 200 pak; 40 pak kembali karena kemasan bocor."
            ),
        ),
        Story(
            spec=_spec(
                today,
                seller=Seller(offers=("Keripik tempe", "Tempe chips")),
                buyer=KAMPUS,
                pattern=Pattern.PERDAGANGAN_UMUM,
                subject=(
                    "PIHAK PERTAMA memasok keripik tempe sagu 40 kg per bulan untuk kantin "
                    "PIHAK KEDUA, harga Rp70.000 per kg."
                ),
                value=33_600_000,  # 40 kg × Rp70.000 × 12
                payment_term_days=14,
                end_in=150,
            ),
            unit="kg",
            product="Keripik tempe sagu",
            quantity=40,
            stop_after_days=START_AGO - 150,
        ),
    ]


class _Recorder:
    """Records as the party would: its login if it has one, else an officer on its behalf (the
    second officer records, the officer confirms for the other party)."""

    def __init__(self, ctx: _Context, summary: MonitoringDemoSummary) -> None:
        self.ctx = ctx
        self.summary = summary

    def _member(self, agreement: Agreement, party: str):
        return self.ctx.member(
            agreement.small_party if party == Party.SMALL else agreement.large_party
        )

    def record(self, agreement: Agreement, kind: str, party: str, data: dict) -> Entry:
        member = self._member(agreement, party)
        entry = services.entry_record(
            actor=member or self.ctx.clerk,
            agreement=agreement,
            kind=kind,
            data=data,
            party=party if member is None else None,
            by_officer=member is None,
        )
        self.summary.entries += 1
        return entry

    def _other(self, agreement: Agreement, entry: Entry):
        other = Party.LARGE if entry.party == Party.SMALL else Party.SMALL
        return self._member(agreement, other)

    def confirm(self, agreement: Agreement, entry: Entry) -> None:
        member = self._other(agreement, entry)
        services.entry_confirm(
            actor=member or self.ctx.officer, entry=entry, by_officer=member is None
        )

    def dispute(self, agreement: Agreement, entry: Entry, reason: str) -> None:
        member = self._other(agreement, entry)
        services.entry_dispute(
            actor=member or self.ctx.officer, entry=entry, reason=reason, by_officer=member is None
        )


def _deliveries(start: dt.date, last: dt.date, every: int = MONTH) -> list[dt.date]:
    dates, d = [], start + dt.timedelta(days=3)
    while d <= last:
        dates.append(d)
        d += dt.timedelta(days=every)
    return dates


def _tell(rec: _Recorder, agreement: Agreement, story: Story, today: dt.date) -> None:
    """The story's twelve months (or fewer) of deliveries and payments."""
    last = today - dt.timedelta(days=1)
    if story.stop_after_days is not None:
        last = min(last, agreement.start_date + dt.timedelta(days=story.stop_after_days))
    price = agreement.estimated_value // 12
    dates = _deliveries(agreement.start_date, last)
    term = agreement.payment_term_days
    for i, d in enumerate(dates):
        delivery = rec.record(
            agreement,
            EntryKind.DELIVERY,
            Party.SMALL,
            {
                "date": d,
                "product": story.product,
                "quantity": story.quantity,
                "unit": story.unit,
                "value": price,
            },
        )
        is_last = i == len(dates) - 1
        if is_last and story.dispute_last:
            rec.dispute(agreement, delivery, story.dispute_last)
            continue
        rec.confirm(agreement, delivery)
        if i >= len(dates) - story.unpaid_last:
            continue
        late = story.late_by[i % len(story.late_by)] if story.late_by else 0
        paid = d + dt.timedelta(days=(term + late) if late else max(term - 4, 1))
        if paid > last:
            continue  # not yet due: paid later
        payment = rec.record(
            agreement,
            EntryKind.PAYMENT,
            Party.LARGE,
            {"date": paid, "value": price, "method": "transfer"},
        )
        rec.confirm(agreement, payment)
    if story.visit:
        services.intervention_record(
            actor=rec.ctx.officer,
            agreement=agreement,
            kind="visit",
            date=today - dt.timedelta(days=20),
            notes=story.visit,
        )
    if story.growth:
        _growth(rec, agreement.small_party, today)


def _growth(rec: _Recorder, business: Business, today: dt.date) -> None:
    """Four quarters of a growing micro business, filled in with the officer's help."""
    baseline = (business.hasil_penjualan or 200_000_000) // 4
    year, quarter = today.year, (today.month - 1) // 3 + 1
    quarters = []
    for _ in range(4):
        quarter -= 1
        if quarter == 0:
            year, quarter = year - 1, 4
        quarters.append((year, quarter))
    for n, (y, q) in enumerate(reversed(quarters)):
        services.growth_report_save(
            actor=rec.ctx.officer,
            business=business,
            year=y,
            quarter=q,
            omzet=baseline * (100 + 8 * (n + 1)) // 100,
            workers=3 + n // 2,
            new_buyers=1 + n,
        )


def _monthly_quantity(subject: str, unit: str) -> int:
    """The first "<number> <unit>" the subject names (200 kg per bulan -> 200), else 1."""
    words = {"pcs": r"(?:pcs|buah)", "kotak": r"(?:kotak|dus)"}.get(unit, re.escape(unit))
    match = re.search(r"(\d[\d.]*)\s+" + words + r"\b", subject)
    return int(match.group(1).replace(".", "")) if match else 1


def _steady(rec: _Recorder, agreement: Agreement, today: dt.date) -> None:
    """Monthly deliveries from the start, each paid within its term."""
    months = max((agreement.end_date - agreement.start_date).days // MONTH, 1)
    price = max(agreement.estimated_value // months, 1)
    units = services.agreement_units(agreement) or ["kali"]
    quantity = _monthly_quantity(agreement.subject, units[0])
    last = min(today - dt.timedelta(days=1), agreement.end_date)
    for d in _deliveries(agreement.start_date, last):
        delivery = rec.record(
            agreement,
            EntryKind.DELIVERY,
            Party.SMALL,
            {"date": d, "quantity": quantity, "unit": units[0], "value": price},
        )
        rec.confirm(agreement, delivery)
        paid = d + dt.timedelta(days=max(agreement.payment_term_days - 3, 1))
        if paid <= last:
            payment = rec.record(
                agreement,
                EntryKind.PAYMENT,
                Party.LARGE,
                {"date": paid, "value": price, "method": "transfer"},
            )
            rec.confirm(agreement, payment)


def _waiting_for_the_logins(rec: _Recorder, today: dt.date) -> None:
    """On the Bu Sri – Swalayan addendum: one entry by each login, waiting for the other."""
    agreement = (
        Agreement.objects.filter(
            status=Status.ACTIVE,
            small_party__memberships__user__username="umkm",
            large_party__name=SWALAYAN,
        )
        .select_related("small_party", "large_party")
        .first()
    )
    if agreement is None or agreement.entries.exists():
        return
    _steady(rec, agreement, today - dt.timedelta(days=7))
    if agreement.start_date <= today - dt.timedelta(days=2) <= agreement.end_date:
        units = services.agreement_units(agreement) or ["kg"]
        rec.record(
            agreement,
            EntryKind.DELIVERY,
            Party.SMALL,
            {
                "date": today - dt.timedelta(days=2),
                "product": "Keripik pisang kepok",
                "quantity": 50,
                "unit": units[0],
                "value": 2_900_000,
            },
        )
        rec.record(
            agreement,
            EntryKind.PAYMENT,
            Party.LARGE,
            {"date": today - dt.timedelta(days=1), "value": 2_900_000, "method": "transfer"},
        )


def monitoring_demo_create(*, officer) -> MonitoringDemoSummary:
    """Record the demo's deliveries and payments that are missing. Safe to run again.

    Needs the demo's businesses and agreements (`demo_load`, `agreements_demo_create`)."""
    summary = MonitoringDemoSummary()
    today = timezone.localdate()
    ctx = _Context(officer, _clerk(officer))
    rec = _Recorder(ctx, summary)
    buyers = {b.name: b for b in Business.objects.filter(name__in=[HOTEL, RAGOM, SENTRA, KAMPUS])}
    made: set[int] = set()
    for story in stories(today):
        large = buyers.get(story.spec.buyer)
        small = ctx.seller(story.spec.seller, large) if large is not None else None
        if small is None or large is None:
            continue
        existing = Agreement.objects.filter(small_party=small, large_party=large).first()
        if existing is not None:
            made.add(existing.pk)
            summary.existing += 1
            continue
        with transaction.atomic():
            _create(ctx, story.spec, small, large)
            agreement = Agreement.objects.get(small_party=small, large_party=large)
            made.add(agreement.pk)
            summary.agreements += 1
            _tell(rec, agreement, story, today)
    with transaction.atomic():
        _waiting_for_the_logins(rec, today)
    for agreement in (
        Agreement.objects.filter(status=Status.ACTIVE)
        .exclude(pk__in=made)
        .select_related("small_party", "large_party")
    ):
        if agreement.entries.exists() or agreement.start_date >= today:
            continue
        with transaction.atomic():
            _steady(rec, agreement, today)
    return summary

"""The demo temu usaha, built through the real services."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from jalinmitra.businesses.choices import LARGE_SIZES, SMALL_SIZES, VerificationStatus
from jalinmitra.businesses.models import Business
from jalinmitra.events.choices import EventStatus, RegisteredHow
from jalinmitra.events.models import Event
from jalinmitra.events.services.events import event_create
from jalinmitra.events.services.participants import (
    participant_add,
    participant_check_in,
    participant_mark_no_show,
)
from jalinmitra.events.services.requests import (
    _pair_request,
    meeting_request_accept,
    meeting_request_create,
    must_meet_add,
)
from jalinmitra.events.services.schedule import schedule_publish, schedule_run_create

if TYPE_CHECKING:
    from jalinmitra.accounts.models import User

DEMO_KEY = "kota-metro-temu-usaha"


def event_demo_create(*, actor: User, today: dt.date | None = None) -> Event:
    """The Kota Metro temu usaha of the demo: 100 sellers, 6 buyers × 2 tables, 16 slots,
    some accepted requests, the schedule solved and published; beside it a small event held
    today (``event_demo_today_create``). Idempotent: a second call returns the existing
    event."""
    existing = Event.objects.filter(demo_key=DEMO_KEY).first()
    if existing is not None:
        event_demo_today_create(actor=actor, today=today)
        return existing
    today = today or timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
        event = event_create(
            actor=actor,
            data={
                "name": "Temu Usaha Kemitraan Kota Metro",
                "date": today + dt.timedelta(days=14),
                "venue": "Aula Pemerintah Kota Metro, Jl. AH Nasution No. 3",
                # 9 slots in the morning, 7 in the afternoon: 16 slots of 20 minutes.
                "sessions": [
                    {"start": "09:00", "end": "12:00"},
                    {"start": "13:00", "end": "15:20"},
                ],
                "meeting_minutes": 20,
                "break_minutes": 0,
                "max_meetings_per_participant": 16,
                "registration_opens": now - dt.timedelta(days=7),
                "registration_closes": now + dt.timedelta(days=7),
                "request_expiry_hours": 72,
                "max_open_requests": 10,
                "coverage_bonus": 0.3,
            },
        )
        event.demo_key = DEMO_KEY
        event.status = EventStatus.OPEN
        event.save(update_fields=["demo_key", "status"])
        small = Business.objects.filter(size_class__in=SMALL_SIZES)
        verified = small.filter(status=VerificationStatus.VERIFIED)
        pool = verified if verified.count() >= 100 else small
        sellers_b = list(pool.order_by("id")[:100])
        large = Business.objects.filter(size_class__in=LARGE_SIZES)
        buyers_b = list(large.filter(status=VerificationStatus.VERIFIED).order_by("id")[:6])
        if len(buyers_b) < 6:
            buyers_b += list(
                large.exclude(pk__in=[b.pk for b in buyers_b]).order_by("id")[: 6 - len(buyers_b)]
            )
        sellers = [
            participant_add(
                actor=actor, event=event, business=b, how=RegisteredHow.INVITED, notify=False
            )
            for b in sellers_b
        ]
        buyers = [
            participant_add(
                actor=actor,
                event=event,
                business=b,
                how=RegisteredHow.INVITED,
                tables=2,
                notify=False,
            )
            for b in buyers_b
        ]
        # Each seller asks two buyers (deterministic rotation); most are accepted.
        for i, seller in enumerate(sellers):
            if not buyers:
                break
            for k in sorted({0, 3 % len(buyers) or 1 % len(buyers)}):
                buyer = buyers[(i + k) % len(buyers)]
                # The pair may already have a request made from an "ajak bertemu".
                if _pair_request(seller, buyer).exists():
                    continue
                request = meeting_request_create(
                    actor=actor,
                    from_participant=seller,
                    to_participant=buyer,
                    reason="Menawarkan produk untuk kebutuhan pembeli",
                    notify=False,
                )
                if (i + k) % 5 != 4:
                    meeting_request_accept(actor=actor, request=request, notify=False)
        if sellers and buyers:
            must_meet_add(
                actor=actor, seller=sellers[0], buyer=buyers[0], reason="Produk unggulan kota"
            )
    if buyers_b and sellers_b:
        schedule_run_create(actor=actor, event=event, background=False)
        schedule_publish(actor=actor, event=event, notify=False)
    event_demo_today_create(actor=actor, today=today)
    event.refresh_from_db()
    return event


DEMO_TODAY_KEY = "kota-metro-temu-hari-ini"


def event_demo_today_create(*, actor: User, today: dt.date | None = None) -> Event | None:
    """A small temu usaha held on the day the demo is loaded, so the day's work can be tried:
    check-in, "tidak hadir" with its confirmation and undo (one seller is already marked
    absent), and outcomes. 8 sellers, 2 buyers, 6 slots, schedule published. Idempotent;
    None when the registry has too few verified businesses."""
    existing = Event.objects.filter(demo_key=DEMO_TODAY_KEY).first()
    if existing is not None:
        return existing
    today = today or timezone.localdate()
    now = timezone.now()
    verified = Business.objects.filter(status=VerificationStatus.VERIFIED).order_by("id")
    sellers_b = list(verified.filter(size_class__in=SMALL_SIZES)[:8])
    buyers_b = list(verified.filter(size_class__in=LARGE_SIZES)[:2])
    if len(sellers_b) < 4 or len(buyers_b) < 2:
        return None
    with transaction.atomic():
        event = event_create(
            actor=actor,
            data={
                "name": "Temu Usaha Kuliner Hari Ini",
                "date": today,
                "venue": "Gedung Sesat Agung Bumi Sai Wawai, Kota Metro",
                "sessions": [{"start": "09:00", "end": "11:00"}],
                "meeting_minutes": 20,
                "break_minutes": 0,
                "max_meetings_per_participant": 6,
                "registration_opens": now - dt.timedelta(days=7),
                "registration_closes": now - dt.timedelta(minutes=1),
                "request_expiry_hours": 72,
            },
            today=today,
        )
        event.demo_key = DEMO_TODAY_KEY
        event.status = EventStatus.OPEN
        event.save(update_fields=["demo_key", "status"])
        sellers = [
            participant_add(
                actor=actor, event=event, business=b, how=RegisteredHow.INVITED, notify=False
            )
            for b in sellers_b
        ]
        buyers = [
            participant_add(
                actor=actor, event=event, business=b, how=RegisteredHow.INVITED, notify=False
            )
            for b in buyers_b
        ]
        for i, seller in enumerate(sellers):
            for buyer in (buyers[i % 2], buyers[(i + 1) % 2]) if i < 4 else (buyers[i % 2],):
                if _pair_request(seller, buyer).exists():
                    continue
                request = meeting_request_create(
                    actor=actor,
                    from_participant=seller,
                    to_participant=buyer,
                    reason="Menawarkan produk olahan untuk dijual di gerai pembeli",
                    notify=False,
                )
                meeting_request_accept(actor=actor, request=request, notify=False)
    schedule_run_create(actor=actor, event=event, background=False)
    schedule_publish(actor=actor, event=event, notify=False)
    # The morning so far: two sellers and one buyer arrived, one seller did not come.
    for participant in (sellers[0], sellers[1], buyers[0]):
        participant_check_in(actor=actor, participant=participant, today=today)
    participant_mark_no_show(actor=actor, participant=sellers[-1], today=today)
    event.refresh_from_db()
    return event

"""Events fixtures: a small temu usaha with micro sellers and medium buyers."""

import datetime as dt

import pytest
from django.utils import timezone

from jalinmitra import testing
from jalinmitra.events import services
from jalinmitra.events.choices import EventStatus, RegisteredHow
from jalinmitra.events.models import Event


def make_business(officer, name: str, *, large: bool = False, nib: str | None = None):
    """An unverified business of the shared test owner (imported by the events tests)."""
    return testing.make_business(officer=officer, name=name, large=large, nib=nib)


def on_the_day(event: Event) -> Event:
    """Time passes: the event's day is today (check-in, "tidak hadir" and outcomes are only
    accepted from then on). Stored directly: the service refuses planning a date in the past
    or a registration closing after it, and this is the calendar moving, not an officer."""
    event.date = timezone.localdate()
    Event.objects.filter(pk=event.pk).update(date=event.date)
    return event


@pytest.fixture
def event(officer):
    now = timezone.now()
    event = services.event_create(
        actor=officer,
        data={
            "name": "Temu Usaha Uji",
            "date": timezone.localdate() + dt.timedelta(days=10),
            "venue": "Aula Kota",
            "sessions": [{"start": "09:00", "end": "10:00"}, {"start": "13:00", "end": "14:00"}],
            "meeting_minutes": 20,
            "break_minutes": 0,
            "max_meetings_per_participant": 4,
            "registration_opens": now - dt.timedelta(days=1),
            "registration_closes": now + dt.timedelta(days=5),
            "request_expiry_hours": 24,
            "max_open_requests": 3,
        },
    )
    return services.event_set_status(actor=officer, event=event, status=EventStatus.OPEN)


@pytest.fixture
def cast(officer, event, alice, bob, carol):
    """alice and bob sell, carol buys with 2 tables, plus another buyer and three sellers."""
    p = {}
    p["alice"] = services.participant_add(
        actor=officer, event=event, business=alice[1], how=RegisteredHow.INVITED
    )
    p["bob"] = services.participant_add(
        actor=officer, event=event, business=bob[1], how=RegisteredHow.INVITED
    )
    p["carol"] = services.participant_add(
        actor=officer, event=event, business=carol[1], how=RegisteredHow.INVITED, tables=2
    )
    dina = make_business(officer, "PT Dina Retail", large=True, nib="5555555555556")
    p["dina"] = services.participant_add(
        actor=officer, event=event, business=dina, how=RegisteredHow.INVITED
    )
    for i in range(3):
        b = make_business(officer, f"UMKM Uji {i}")
        p[f"s{i}"] = services.participant_add(
            actor=officer, event=event, business=b, how=RegisteredHow.INVITED
        )
    return p

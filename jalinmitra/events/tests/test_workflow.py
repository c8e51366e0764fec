"""The event workflow table (events/workflow.py): event_set_status, the schedule run and
publishing follow it, and the event page's status buttons are exactly its allowed moves."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from jalinmitra.core.models import AuditLog
from jalinmitra.events import services
from jalinmitra.events.choices import EventStatus
from jalinmitra.events.models import Event
from jalinmitra.events.workflow import EVENT_FLOW, transition_to


def _buttons(client, event) -> list[str]:
    html = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    return re.findall(r'data-action="([a-z_]+)"', html)


def test_every_status_is_reached_from_draft():
    assert EVENT_FLOW.states_reached(EventStatus.DRAFT) == set(EventStatus.values)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (EventStatus.DRAFT, EventStatus.FINISHED),
        (EventStatus.DRAFT, EventStatus.PUBLISHED),
        (EventStatus.OPEN, EventStatus.SCHEDULED),  # only a schedule run does that
        (EventStatus.FINISHED, EventStatus.DRAFT),
    ],
)
def test_set_status_refuses_a_change_not_in_the_table(officer, event, old, new):
    Event.objects.filter(pk=event.pk).update(status=old)
    event.refresh_from_db()
    before = AuditLog.objects.count()
    assert transition_to(old, new) is None
    with pytest.raises(ValidationError) as e:
        services.event_set_status(actor=officer, event=event, status=new)
    assert e.value.code == "state"
    event.refresh_from_db()
    assert event.status == old
    assert AuditLog.objects.count() == before


def test_set_status_takes_each_button_of_the_table(officer, event):
    for t in EVENT_FLOW.buttons():
        start = sorted(t.src)[0]
        Event.objects.filter(pk=event.pk).update(status=start)
        event.refresh_from_db()
        services.event_set_status(actor=officer, event=event, status=t.dst)
        event.refresh_from_db()
        assert event.status == t.dst
        log = AuditLog.objects.filter(action="event.status").latest("pk")
        assert log.changes == {"status": [start, t.dst]}


def test_set_status_refusals_say_which(officer, event, alice):
    with pytest.raises(PermissionDenied, match="Hanya petugas"):
        services.event_set_status(actor=alice[0], event=event, status=EventStatus.DRAFT)
    with pytest.raises(ValidationError) as e:
        services.event_set_status(actor=officer, event=event, status="ngawur")
    assert e.value.code == "unknown"


def test_schedule_and_publish_are_moves_of_the_table():
    assert EVENT_FLOW["schedule"].dst == EventStatus.SCHEDULED
    assert EVENT_FLOW["publish"].src == {EventStatus.OPEN, EventStatus.SCHEDULED}
    assert not EVENT_FLOW["publish"].button and not EVENT_FLOW["schedule"].button


@pytest.mark.parametrize("status", EventStatus.values)
def test_page_buttons_are_exactly_the_allowed_moves(client_of, officer, event, status):
    Event.objects.filter(pk=event.pk).update(status=status)
    event.refresh_from_db()
    allowed = [a.name for a in EVENT_FLOW.available(event, officer)]
    assert _buttons(client_of(officer), event) == allowed
    assert allowed == [t.name for t in EVENT_FLOW.buttons() if status in t.src]


def test_a_posted_button_moves_the_event(client_of, officer, event):
    response = client_of(officer).post(
        reverse("events:status", args=[event.pk]), {"status": EVENT_FLOW["finish"].dst}
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == EventStatus.FINISHED
    response = client_of(officer).post(
        reverse("events:status", args=[event.pk]), {"status": EventStatus.DRAFT}
    )
    assert response.status_code == 400
    event.refresh_from_db()
    assert event.status == EventStatus.FINISHED

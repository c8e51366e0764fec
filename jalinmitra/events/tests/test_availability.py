"""Editing a participant's available slots; the next schedule run keeps to them."""

import pytest
from django.urls import reverse

from jalinmitra.core.models import AuditLog
from jalinmitra.events import services
from jalinmitra.events.choices import RunStatus
from jalinmitra.events.models import Meeting

pytestmark = pytest.mark.django_db


def _accepted_and_scheduled(officer, cast, event):
    for s in ("alice", "bob"):
        r = services.meeting_request_create(
            actor=officer, from_participant=cast[s], to_participant=cast["carol"]
        )
        services.meeting_request_accept(actor=officer, request=r)
    return services.schedule_run_create(actor=officer, event=event, background=False)


def _alice_slot(cast):
    return Meeting.objects.get(seller=cast["alice"]).slot


def test_owner_marks_a_slot_unavailable_and_the_rerun_avoids_it(
    client_of, officer, alice, cast, event
):
    _accepted_and_scheduled(officer, cast, event)
    taken = _alice_slot(cast)
    c = client_of(alice[0])
    url = reverse("events:availability", args=[event.pk, cast["alice"].pk])
    page = c.get(url)
    assert page.status_code == 200 and f'value="{taken}"' in page.content.decode()
    keep = [s for s in event.slots if s != taken]
    response = c.post(url, {"slots": keep})
    assert response.status_code == 302
    cast["alice"].refresh_from_db()
    assert cast["alice"].available_slots == keep
    log = AuditLog.objects.get(action="event.participant_update")
    assert log.actor == alice[0] and log.changes["available_slots"] == [[], keep]
    run = services.schedule_run_create(actor=officer, event=event, background=False)
    assert run.status == RunStatus.DONE
    assert _alice_slot(cast) != taken


def test_every_slot_is_stored_as_all_and_none_is_refused(client_of, alice, cast, event):
    c = client_of(alice[0])
    url = reverse("events:availability", args=[event.pk, cast["alice"].pk])
    c.post(url, {"slots": event.slots[:2]})
    cast["alice"].refresh_from_db()
    assert cast["alice"].available_slots == event.slots[:2]
    c.post(url, {"slots": event.slots})
    cast["alice"].refresh_from_db()
    assert cast["alice"].available_slots == []
    response = c.post(url, {})
    assert (
        response.status_code == 200
        and "Pilih paling sedikit satu slot" in response.content.decode()
    )
    response = c.post(url, {"slots": ["23:00"]})
    assert response.status_code == 200
    cast["alice"].refresh_from_db()
    assert cast["alice"].available_slots == []


def test_officer_edits_anyone_others_get_403(client_of, officer, bob, cast, event):
    url = reverse("events:availability", args=[event.pk, cast["alice"].pk])
    assert client_of(bob[0]).get(url).status_code == 403
    assert client_of(bob[0]).post(url, {"slots": event.slots[:1]}).status_code == 403
    cast["alice"].refresh_from_db()
    assert cast["alice"].available_slots == []
    response = client_of(officer).post(url, {"slots": event.slots[:1]})
    assert response.status_code == 302 and response.url == reverse("events:detail", args=[event.pk])
    cast["alice"].refresh_from_db()
    assert cast["alice"].available_slots == event.slots[:1]


def test_a_published_meeting_stays_until_moving_is_allowed(officer, cast, event):
    _accepted_and_scheduled(officer, cast, event)
    services.schedule_publish(actor=officer, event=event)
    taken = _alice_slot(cast)
    services.participant_update(
        actor=officer,
        participant=cast["alice"],
        tables=1,
        available_slots=[s for s in event.slots if s != taken],
    )
    run = services.schedule_run_create(actor=officer, event=event, background=False)
    assert run.status == RunStatus.DONE and _alice_slot(cast) == taken
    run = services.schedule_run_create(
        actor=officer, event=event, allow_move_published=True, background=False
    )
    assert run.status == RunStatus.DONE and _alice_slot(cast) != taken

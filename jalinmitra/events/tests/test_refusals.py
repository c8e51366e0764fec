"""Who may act (PermissionDenied, with the reason) against what is valid (ValidationError, with
a code), in the events services."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jalinmitra.events import services
from jalinmitra.events.choices import EventStatus, RegisteredHow
from jalinmitra.events.models import Event, MeetingRequest


def test_only_officers_plan(event, alice):
    with pytest.raises(PermissionDenied, match="Hanya petugas"):
        services.event_update(actor=alice[0], event=event, data={"venue": "Lain"})


def test_a_business_registers_only_itself_and_only_while_open(event, alice, bob, officer):
    with pytest.raises(PermissionDenied, match="usaha Anda sendiri"):
        services.participant_add(
            actor=bob[0], event=event, business=alice[1], how=RegisteredHow.SELF
        )
    Event.objects.filter(pk=event.pk).update(status=EventStatus.DRAFT)
    event.refresh_from_db()
    with pytest.raises(ValidationError) as e:
        services.participant_add(
            actor=alice[0], event=event, business=alice[1], how=RegisteredHow.SELF
        )
    assert e.value.code == "state"


def test_requests_refuse_the_wrong_person_the_duplicate_and_bad_input(cast, alice, bob):
    with pytest.raises(PermissionDenied, match="usaha Anda sendiri"):
        services.meeting_request_create(
            actor=bob[0], from_participant=cast["alice"], to_participant=cast["carol"]
        )
    services.meeting_request_create(
        actor=alice[0], from_participant=cast["alice"], to_participant=cast["carol"]
    )
    with pytest.raises(ValidationError) as e:
        services.meeting_request_create(
            actor=alice[0], from_participant=cast["alice"], to_participant=cast["carol"]
        )
    assert e.value.code == "duplicate"
    with pytest.raises(ValidationError) as e:
        services.meeting_request_create(
            actor=alice[0], from_participant=cast["alice"], to_participant=cast["bob"]
        )
    assert e.value.code == "invalid"
    assert MeetingRequest.objects.count() == 1


def test_an_answered_request_is_not_answered_again(cast, alice, carol):
    request = services.meeting_request_create(
        actor=alice[0], from_participant=cast["alice"], to_participant=cast["carol"]
    )
    services.meeting_request_decline(actor=carol[0], request=request)
    with pytest.raises(ValidationError) as e:
        services.meeting_request_accept(actor=carol[0], request=request)
    assert e.value.code == "state"
    with pytest.raises(PermissionDenied):
        services.meeting_request_accept(actor=alice[0], request=request)

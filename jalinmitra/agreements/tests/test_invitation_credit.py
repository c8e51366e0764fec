"""An "ajak bertemu" that already became a partnership agreement is done: it does not come
back as a meeting request at every new event (issue 8, item 4)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from jalinmitra.businesses.services import need_create, offer_create
from jalinmitra.events import selectors, services
from jalinmitra.events.choices import EventStatus, RegisteredHow
from jalinmitra.events.models import Meeting, MeetingRequest
from jalinmitra.matching.services import meeting_invitation_create

pytestmark = pytest.mark.django_db


def _invite(officer, buyer_business, seller_business, title="Keripik pisang"):
    need = need_create(actor=officer, business=buyer_business, data={"title": f"Pasokan {title}"})
    offer = offer_create(actor=officer, business=seller_business, data={"title": title})
    return meeting_invitation_create(actor=officer, need=need, offer=offer, message="Mari")


def _agreement(officer, small, large, **origin):
    # The agreements app sits above events; only this test reaches up to make its data.
    from jalinmitra.agreements.services import agreement_create

    return agreement_create(
        actor=officer,
        small_party=small,
        large_party=large,
        data={
            "pattern": "perdagangan_umum",
            "subject": "Keripik pisang 200 kg per bulan, Rp25.000/kg, dikirim tiap Senin.",
            "rights_obligations": "Pihak Pertama memasok; Pihak Kedua membayar tepat waktu.",
            "start_date": timezone.localdate() + dt.timedelta(days=30),
            "end_date": timezone.localdate() + dt.timedelta(days=395),
            "payment_term_days": 14,
            "estimated_value": 1_250_000,
        },
        **origin,
    )


def _new_event(officer, name="Temu Usaha Berikutnya"):
    now = timezone.now()
    event = services.event_create(
        actor=officer,
        data={
            "name": name,
            "date": timezone.localdate() + dt.timedelta(days=20),
            "venue": "Aula",
            "sessions": [{"start": "09:00", "end": "10:00"}],
            "registration_opens": now - dt.timedelta(days=1),
            "registration_closes": now + dt.timedelta(days=5),
        },
    )
    return services.event_set_status(actor=officer, event=event, status=EventStatus.OPEN)


def _register_both(officer, event, seller_business, buyer_business):
    seller = services.participant_add(
        actor=officer, event=event, business=seller_business, how=RegisteredHow.INVITED
    )
    buyer = services.participant_add(
        actor=officer, event=event, business=buyer_business, how=RegisteredHow.INVITED
    )
    return seller, buyer


def test_an_invitation_that_became_an_agreement_is_not_requested_again(
    client_of, officer, alice, carol
):
    invitation = _invite(officer, carol[1], alice[1])
    _agreement(officer, alice[1], carol[1], origin_invitation=invitation)
    other = _invite(officer, carol[1], alice[1], title="Kemplang")
    event = _new_event(officer)
    seller, buyer = _register_both(officer, event, alice[1], carol[1])
    # Only the invitation without an agreement became a request on registration.
    assert [r.invitation for r in MeetingRequest.objects.filter(event=event)] == [other]
    assert selectors.invitations_open_for(participant=buyer) == []
    # Nor can it be made into one by hand, and the officer's page does not offer it.
    MeetingRequest.objects.all().delete()
    with pytest.raises(ValidationError, match="sudah menjadi perjanjian"):
        services.meeting_request_from_invitation(actor=officer, invitation=invitation, event=event)
    with pytest.raises(ValidationError, match="sudah menjadi perjanjian"):
        services.meeting_invitation_accept(actor=officer, invitation=invitation, event=event)
    page = client_of(officer).get(reverse("events:detail", args=[event.pk])).content.decode()
    assert reverse("events:from_invitation", args=[event.pk, invitation.pk]) not in page
    assert reverse("events:from_invitation", args=[event.pk, other.pk]) in page


def test_an_agreement_from_the_meeting_it_led_to_counts_too(officer, alice, carol):
    invitation = _invite(officer, carol[1], alice[1])
    first = _new_event(officer, "Temu Usaha Pertama")
    seller, buyer = _register_both(officer, first, alice[1], carol[1])
    request = MeetingRequest.objects.get(event=first)
    assert request.invitation == invitation
    meeting = Meeting.objects.create(
        event=first, seller=seller, buyer=buyer, slot="09:00", table=1, published=True
    )
    _agreement(officer, alice[1], carol[1], origin_meeting=meeting)
    second = _new_event(officer, "Temu Usaha Kedua")
    _register_both(officer, second, alice[1], carol[1])
    assert not MeetingRequest.objects.filter(event=second).exists()


def test_without_an_agreement_the_invitation_still_comes_to_the_next_event(officer, alice, carol):
    invitation = _invite(officer, carol[1], alice[1])
    first = _new_event(officer, "Temu Usaha Pertama")
    _register_both(officer, first, alice[1], carol[1])
    second = _new_event(officer, "Temu Usaha Kedua")
    _register_both(officer, second, alice[1], carol[1])
    assert MeetingRequest.objects.get(event=second).invitation == invitation

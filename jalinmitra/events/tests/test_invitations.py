"""'Ajak bertemu' at an event: the buyer turns its own into requests, the supplier accepts
them, and registering turns them into pending requests up to the open-request cap."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jalinmitra.businesses.services import business_verify, need_create, offer_create
from jalinmitra.core.models import AuditLog
from jalinmitra.events import services
from jalinmitra.events.choices import EventStatus, RegisteredHow, RequestStatus
from jalinmitra.events.models import MeetingRequest
from jalinmitra.events.tests.conftest import make_business
from jalinmitra.matching.services import meeting_invitation_create

pytestmark = pytest.mark.django_db


def _invite(officer, buyer_business, seller_business, message="Mari bertemu", title="Keripik"):
    need = need_create(actor=officer, business=buyer_business, data={"title": f"Pasokan {title}"})
    offer = offer_create(actor=officer, business=seller_business, data={"title": title})
    return meeting_invitation_create(actor=officer, need=need, offer=offer, message=message)


def _requests_page(event, participant):
    return f"{reverse('events:requests', args=[event.pk])}?p={participant.pk}"


def test_buyer_sees_own_invitations_to_participants_and_makes_a_request(
    client_of, officer, alice, carol, cast, event
):
    invitation = _invite(officer, carol[1], alice[1], title="Keripik pisang")
    outsider = make_business(officer, "UMKM Di Luar Acara")
    _invite(officer, carol[1], outsider, title="Kopi robusta")
    c = client_of(carol[0])
    page = c.get(_requests_page(event, cast["carol"])).content.decode()
    url = reverse("events:from_invitation", args=[event.pk, invitation.pk])
    assert "Keripik pisang" in page and url in page
    assert "Kopi robusta" not in page  # its supplier does not take part
    assert c.get(url).status_code == 405
    response = c.post(url)
    assert response.status_code == 302 and response.url == _requests_page(event, cast["carol"])
    r = MeetingRequest.objects.get()
    assert (r.from_participant, r.to_participant) == (cast["carol"], cast["alice"])
    assert r.status == RequestStatus.PENDING and r.invitation == invitation
    assert url not in c.get(_requests_page(event, cast["carol"])).content.decode()


def test_seller_sees_invitations_to_its_offers_and_accepts_one(
    client_of, officer, alice, carol, cast, event
):
    invitation = _invite(officer, carol[1], alice[1])
    c = client_of(alice[0])
    page = c.get(_requests_page(event, cast["alice"])).content.decode()
    url = reverse("events:invitation_accept", args=[event.pk, invitation.pk])
    assert "Pasokan Keripik" in page and url in page
    assert c.get(url).status_code == 405
    response = c.post(url)
    assert response.status_code == 302 and response.url == _requests_page(event, cast["alice"])
    r = MeetingRequest.objects.get()
    assert (r.from_participant, r.to_participant) == (cast["carol"], cast["alice"])
    assert r.status == RequestStatus.ACCEPTED and r.responded_at and r.invitation == invitation
    assert AuditLog.objects.filter(action="event.invitation_accept", actor=alice[0]).exists()
    # Accepting twice is refused with a message, not a second request.
    c.post(url)
    assert MeetingRequest.objects.count() == 1


def test_only_the_own_side_may_act_on_an_invitation(
    client_of, officer, alice, bob, carol, cast, event
):
    invitation = _invite(officer, carol[1], alice[1])
    make_request = reverse("events:from_invitation", args=[event.pk, invitation.pk])
    accept = reverse("events:invitation_accept", args=[event.pk, invitation.pk])
    assert client_of(bob[0]).post(make_request).status_code == 403
    assert client_of(bob[0]).post(accept).status_code == 403
    assert client_of(alice[0]).post(make_request).status_code == 403  # that is the buyer's
    assert client_of(carol[0]).post(accept).status_code == 403  # that is the supplier's
    assert not MeetingRequest.objects.exists()
    # Bob's requests page lists none of it.
    page = client_of(bob[0]).get(_requests_page(event, cast["bob"])).content.decode()
    assert accept not in page and make_request not in page


def test_a_request_from_an_invitation_respects_the_open_request_cap(
    officer, alice, carol, cast, event
):
    for s in ("s0", "s1", "s2"):
        services.meeting_request_create(
            actor=officer, from_participant=cast["carol"], to_participant=cast[s]
        )
    invitation = _invite(officer, carol[1], alice[1])
    with pytest.raises(ValidationError, match="batas"):
        services.meeting_request_from_invitation(actor=carol[0], invitation=invitation, event=event)
    assert MeetingRequest.objects.count() == 3


def test_registration_turns_open_invitations_into_requests_up_to_the_cap(
    officer, event, alice, bob, carol
):
    sellers = [alice[1], bob[1]] + [make_business(officer, f"UMKM Undangan {i}") for i in range(3)]
    for i, b in enumerate(sellers):
        services.participant_add(actor=officer, event=event, business=b, how=RegisteredHow.INVITED)
        _invite(officer, carol[1], b, title=f"Produk {i}")
    buyer = services.participant_add(
        actor=officer, event=event, business=carol[1], how=RegisteredHow.INVITED
    )
    made = MeetingRequest.objects.filter(from_participant=buyer)
    assert made.count() == event.max_open_requests == 3
    assert all(r.status == RequestStatus.PENDING and r.invitation for r in made)
    # The oldest invitations go first; the rest are skipped, audited, and still on offer.
    assert {r.to_participant.business for r in made} == set(sellers[:3])
    assert AuditLog.objects.filter(action="event.request_from_invitation").count() == 3
    assert AuditLog.objects.filter(action="event.invitation_skip").count() == 2
    from jalinmitra.events import selectors

    assert [
        i.seller.business for i in selectors.invitations_open_for(participant=buyer)
    ] == sellers[3:]


def test_self_registration_turns_invitations_into_requests(client_of, officer, event, alice, carol):
    business_verify(actor=officer, business=alice[1])
    buyer = services.participant_add(
        actor=officer, event=event, business=carol[1], how=RegisteredHow.INVITED
    )
    invitation = _invite(officer, carol[1], alice[1])
    declined = _invite(officer, carol[1], alice[1], title="Kemplang")
    declined.status = "declined"
    declined.save(update_fields=["status"])
    response = client_of(alice[0]).post(
        reverse("events:register", args=[event.pk]), {"business": alice[1].pk}
    )
    assert response.status_code == 302
    r = MeetingRequest.objects.get()
    assert r.from_participant == buyer and r.to_participant.business == alice[1]
    assert r.invitation == invitation and r.status == RequestStatus.PENDING
    log = AuditLog.objects.get(action="event.request_from_invitation")
    assert log.actor == alice[0] and log.changes["on_registration"] == [None, True]


def test_draft_event_converts_invitations_when_it_opens(officer, event, alice, carol):
    services.event_set_status(actor=officer, event=event, status=EventStatus.DRAFT)
    for b in (alice[1], carol[1]):
        services.participant_add(actor=officer, event=event, business=b, how=RegisteredHow.INVITED)
    invitation = _invite(officer, carol[1], alice[1])
    assert not MeetingRequest.objects.exists()
    services.event_set_status(actor=officer, event=event, status=EventStatus.OPEN)
    assert MeetingRequest.objects.get().invitation == invitation


def test_requests_page_queries_do_not_grow_with_invitations(client_of, officer, carol, cast, event):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = client_of(carol[0])
    url = _requests_page(event, cast["carol"])

    def queries():
        with CaptureQueriesContext(connection) as q:
            assert c.get(url).status_code == 200
        return len(q)

    _invite(officer, carol[1], cast["s0"].business, title="Produk 0")
    before = queries()
    for i in (1, 2):
        _invite(officer, carol[1], cast[f"s{i}"].business, title=f"Produk {i}")
    assert "Produk 2" in c.get(url).content.decode()
    assert queries() <= before

"""A page only reads: opening the event page or the requests page writes no row. A pending
request past its time shows as expired all the same; the periodic command records it."""

import datetime as dt

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from jalinmitra.core.models import AuditLog
from jalinmitra.events import selectors, services
from jalinmitra.events.models import MeetingRequest


def _stale_request(officer, cast):
    request = services.meeting_request_create(
        actor=officer, from_participant=cast["carol"], to_participant=cast["alice"]
    )
    MeetingRequest.objects.filter(pk=request.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    return request


def _snapshot():
    return (
        AuditLog.objects.count(),
        list(MeetingRequest.objects.order_by("pk").values_list("pk", "status")),
    )


def test_opening_the_event_page_writes_nothing(client, officer, event, cast):
    request = _stale_request(officer, cast)
    before = _snapshot()
    client.force_login(officer)
    page = client.get(reverse("events:detail", args=[event.pk]))
    assert page.status_code == 200
    assert _snapshot() == before
    assert page.context["request_counts"]["expired"] == 1
    assert page.context["request_counts"]["pending"] == 0
    request.refresh_from_db()
    assert request.status == "pending" and request.status_shown == "expired"


def test_opening_the_requests_page_writes_nothing(client_of, officer, event, cast, alice):
    _stale_request(officer, cast)
    before = _snapshot()
    page = client_of(alice[0]).get(
        reverse("events:requests", args=[event.pk]) + f"?p={cast['alice'].pk}"
    )
    assert page.status_code == 200
    assert _snapshot() == before
    html = page.content.decode()
    assert "Kedaluwarsa" in html and "Terima</button>" not in html


def test_a_stale_request_no_longer_blocks_the_pair_and_the_command_records_it(officer, event, cast):
    request = _stale_request(officer, cast)
    assert cast["alice"] in selectors.request_targets(participant=cast["carol"])
    assert selectors.open_request_count(participant=cast["carol"]) == 0
    call_command("expire_meeting_requests")
    request.refresh_from_db()
    assert request.status == "expired"
    assert AuditLog.objects.filter(action="event.request_expire").count() == 1

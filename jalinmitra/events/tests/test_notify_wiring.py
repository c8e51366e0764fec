"""Notifications (issue 11): a meeting request reaches the inbox of the side asked, a
published schedule each present participant's members with their own agenda, and nobody
else."""

import pytest

from jalinmitra.events import services
from jalinmitra.notifications.models import Delivery, Notification, Preference

pytestmark = pytest.mark.django_db


def test_request_received_reaches_the_asked_side_only(officer, cast, alice, bob, carol):
    services.meeting_request_create(
        actor=alice[0], from_participant=cast["alice"], to_participant=cast["carol"]
    )
    notes = list(Notification.objects.all())
    assert [n.recipient for n in notes] == [carol[0]]
    assert notes[0].event == "meeting_request.received"
    assert notes[0].title == f"{alice[1].name} meminta bertemu di Temu Usaha Uji"
    assert notes[0].url.endswith(f"?p={cast['carol'].pk}")
    assert not Delivery.objects.filter(channel="email").exists()  # the app mails itself


def test_request_received_by_whatsapp_with_consent(officer, cast, alice, carol):
    from django.utils import timezone

    Preference.objects.create(user=carol[0], whatsapp=True, whatsapp_consent_at=timezone.now())
    services.meeting_request_create(
        actor=alice[0], from_participant=cast["alice"], to_participant=cast["carol"]
    )
    d = Delivery.objects.get()
    assert d.channel == "whatsapp" and d.address == "6281234567891"  # carol's business number


def test_schedule_published_each_participant_own_agenda(officer, cast, event, alice, bob, carol):
    for s in ("alice", "bob"):
        r = services.meeting_request_create(
            actor=officer, from_participant=cast[s], to_participant=cast["carol"], notify=False
        )
        services.meeting_request_accept(actor=officer, request=r, notify=False)
    services.schedule_run_create(actor=officer, event=event, background=False)
    assert not Notification.objects.exists()
    services.schedule_publish(actor=officer, event=event)
    notes = {n.recipient: n for n in Notification.objects.filter(event="schedule.published")}
    # Only alice, bob and carol have logins; the other participants' businesses have none.
    assert set(notes) == {alice[0], bob[0], carol[0]}
    assert notes[alice[0]].url.endswith(f"/agenda/{cast['alice'].pk}/")
    assert "mendapat 1 pertemuan" in notes[alice[0]].body
    assert "mendapat 2 pertemuan" in notes[carol[0]].body


def test_meeting_request_conversation_between_both_sides_only(cast, alice, bob, carol, officer):
    from django.core.exceptions import PermissionDenied

    from jalinmitra.notifications import services as notifications

    r = services.meeting_request_create(
        actor=alice[0], from_participant=cast["alice"], to_participant=cast["carol"]
    )
    notifications.message_post(actor=carol[0], target=r, body="Bisa jam 10?")
    notifications.message_post(actor=officer, target=r, body="Meja 3 kosong jam 10.")
    assert notifications.thread_may_read(user=alice[0], target=r)
    assert not notifications.thread_may_read(user=bob[0], target=r)
    with pytest.raises(PermissionDenied):
        notifications.message_post(actor=bob[0], target=r, body="Halo")
    told = Notification.objects.filter(event="conversation.message")
    assert sorted(n.recipient.username for n in told) == ["alice", "alice", "carol"]


def test_reminder_reaches_those_who_asked_nothing(officer, cast, alice, bob, carol):
    services.meeting_request_create(
        actor=officer, from_participant=cast["bob"], to_participant=cast["carol"]
    )
    Notification.objects.all().delete()
    services.participants_remind(event=cast["alice"].event)
    notes = Notification.objects.filter(event="event.reminder")
    # bob asked; alice and carol (asked, but asking nobody) did not; the other participants'
    # businesses have no login.
    by_user = {n.recipient: n for n in notes}
    assert set(by_user) == {alice[0], carol[0]} and notes.count() == 2
    assert alice[1].name in by_user[alice[0]].body

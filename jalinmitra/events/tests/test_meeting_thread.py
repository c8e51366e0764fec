"""Issue 11 item 4: a conversation on a scheduled meeting, between the seller's and the
buyer's members (and officers) only, shown as chat bubbles and linked from the agenda."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from jalinmitra.events import services
from jalinmitra.events.models import Meeting
from jalinmitra.notifications import services as notifications
from jalinmitra.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(officer, cast, event):
    r = services.meeting_request_create(
        actor=officer, from_participant=cast["alice"], to_participant=cast["carol"], notify=False
    )
    services.meeting_request_accept(actor=officer, request=r, notify=False)
    services.schedule_run_create(actor=officer, event=event, background=False)
    services.schedule_publish(actor=officer, event=event, notify=False)
    return Meeting.objects.get()


def test_meeting_conversation_between_both_sides_only(meeting, alice, bob, carol, officer):
    notifications.message_post(actor=carol[0], target=meeting, body="Bawa sampel ya")
    notifications.message_post(actor=officer, target=meeting, body="Meja 2.")
    assert notifications.thread_may_read(user=alice[0], target=meeting)
    assert not notifications.thread_may_read(user=bob[0], target=meeting)
    with pytest.raises(PermissionDenied):
        notifications.message_post(actor=bob[0], target=meeting, body="Halo")
    told = Notification.objects.filter(event="conversation.message")
    assert sorted(n.recipient.username for n in told) == ["alice", "alice", "carol"]


def test_meeting_thread_page_is_a_chat_linked_from_the_agenda(
    client, meeting, cast, event, alice, bob, carol
):
    notifications.message_post(actor=carol[0], target=meeting, body="Bawa sampel ya")
    notifications.message_post(actor=alice[0], target=meeting, body="Siap")
    url = reverse("notifications:thread", args=["events.meeting", meeting.pk])
    client.force_login(alice[0])
    agenda = client.get(reverse("events:agenda", args=[event.pk, cast["alice"].pk]))
    assert url in agenda.content.decode()
    page = client.get(url).content.decode()
    assert page.count('class="message mine') == 1 and page.count('class="message') == 2
    assert "notifications/chat.css" in page and "<script>" not in page
    client.force_login(bob[0])
    assert client.get(url).status_code == 403

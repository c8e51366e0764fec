"""Emails: the agenda link when a schedule is published, and a note to the other side when a
meeting request is made or answered. Sent after the change commits."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from jalinmitra.core.dates import format_tanggal
from jalinmitra.events import services
from jalinmitra.events.models import Meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def emails(alice, bob, carol):
    for user, _business in (alice, bob, carol):
        user.email = f"{user.username}@example.com"
        user.save(update_fields=["email"])
    carol[1].email = "kantor@sarirasa.example"
    carol[1].save(update_fields=["email"])


def _to(mailoutbox, address):
    return [m for m in mailoutbox if address in m.to]


def test_publish_mails_each_participant_its_agenda(
    officer, cast, event, emails, mailoutbox, django_capture_on_commit_callbacks
):
    for s in ("alice", "bob"):
        r = services.meeting_request_create(
            actor=officer, from_participant=cast[s], to_participant=cast["carol"], notify=False
        )
        services.meeting_request_accept(actor=officer, request=r, notify=False)
    services.schedule_run_create(actor=officer, event=event, background=False)
    assert not mailoutbox
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_publish(actor=officer, event=event)
    # Only alice, bob and carol have an address; the others get no mail.
    assert len(mailoutbox) == 3
    (mail,) = _to(mailoutbox, "alice@example.com")
    count = Meeting.objects.filter(seller=cast["alice"], published=True).count()
    link = settings.SITE_URL + reverse("events:agenda", args=[event.pk, cast["alice"].pk])
    assert event.name in mail.subject
    for text in (event.name, event.venue, format_tanggal(event.date), link):
        assert text in mail.body
    assert f"Anda mendapat {count} pertemuan" in mail.body
    (mail,) = _to(mailoutbox, "carol@example.com")
    assert mail.to == ["carol@example.com", "kantor@sarirasa.example"]
    # Publishing again with nothing new sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_publish(actor=officer, event=event)
    assert len(mailoutbox) == 3


def test_request_made_and_answered_mail_the_other_side(
    client_of,
    alice,
    bob,
    carol,
    cast,
    event,
    emails,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    url = reverse("events:requests", args=[event.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client_of(alice[0]).post(
            url, {"p": cast["alice"].pk, "to": cast["carol"].pk, "reason": "Keripik"}
        )
    (mail,) = mailoutbox
    assert set(mail.to) == {"carol@example.com", "kantor@sarirasa.example"}
    assert "Keripik Pisang Bu Alice" in mail.subject and "Keripik" in mail.body
    assert f"{settings.SITE_URL}{url}?p={cast['carol'].pk}" in mail.body
    r = cast["alice"].requests_sent.get()
    with django_capture_on_commit_callbacks(execute=True):
        client_of(carol[0]).post(reverse("events:respond", args=[event.pk, r.pk, "terima"]))
    assert mailoutbox[-1].to == ["alice@example.com"]
    assert "menerima" in mailoutbox[-1].subject
    with django_capture_on_commit_callbacks(execute=True):
        client_of(bob[0]).post(url, {"p": cast["bob"].pk, "to": cast["carol"].pk})
    r = cast["bob"].requests_sent.get()
    with django_capture_on_commit_callbacks(execute=True):
        client_of(carol[0]).post(reverse("events:respond", args=[event.pk, r.pk, "tolak"]))
    assert mailoutbox[-1].to == ["bob@example.com"] and "menolak" in mailoutbox[-1].subject
    assert len(mailoutbox) == 4


def test_a_refused_request_mails_nobody(
    officer, cast, event, emails, mailoutbox, django_capture_on_commit_callbacks
):
    r = services.meeting_request_create(
        actor=officer, from_participant=cast["alice"], to_participant=cast["carol"], notify=False
    )
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.meeting_request_create(
            actor=officer, from_participant=cast["alice"], to_participant=cast["carol"]
        )
    services.meeting_request_decline(actor=officer, request=r, notify=False)
    assert not mailoutbox


def test_an_inactive_member_gets_no_mail(
    officer, alice, cast, event, emails, mailoutbox, django_capture_on_commit_callbacks
):
    alice[0].is_active = False
    alice[0].save(update_fields=["is_active"])
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_request_create(
            actor=officer, from_participant=cast["carol"], to_participant=cast["alice"]
        )
    assert not mailoutbox


def test_each_reader_gets_the_mail_in_their_own_language(
    client_of, alice, carol, cast, event, emails, mailoutbox, django_capture_on_commit_callbacks
):
    """Carol chose English: her mail and her business's own address (she is its owner) read
    English; a staff member who kept Indonesian gets the same notice in Indonesian."""
    from jalinmitra.accounts.models import User
    from jalinmitra.businesses.choices import MembershipRole
    from jalinmitra.businesses.models import Membership

    User.objects.filter(pk=carol[0].pk).update(language="en")
    staff = User.objects.create_user(
        username="staf", password="x-rahasia-1", email="staf@sarirasa.example"
    )
    Membership.objects.create(user=staff, business=carol[1], role=MembershipRole.STAFF)
    url = reverse("events:requests", args=[event.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client_of(alice[0]).post(
            url, {"p": cast["alice"].pk, "to": cast["carol"].pk, "reason": "Keripik"}
        )
    by_to = {tuple(m.to): m for m in mailoutbox}
    assert set(by_to) == {
        ("carol@example.com", "kantor@sarirasa.example"),
        ("staf@sarirasa.example",),
    }
    english = by_to[("carol@example.com", "kantor@sarirasa.example")]
    assert english.subject == f"Keripik Pisang Bu Alice asks to meet at {event.name}"
    indonesian = by_to[("staf@sarirasa.example",)]
    assert indonesian.subject == f"Keripik Pisang Bu Alice meminta bertemu di {event.name}"

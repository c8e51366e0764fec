"""The event page offers officers a button to remind participants, not a command to run."""

import pytest
from django.urls import reverse

from jalinmitra.core.models import AuditLog

pytestmark = pytest.mark.django_db


def test_event_page_has_a_reminder_button_not_a_command(client, officer, cast, alice):
    client.force_login(officer)
    html = client.get(reverse("events:detail", args=[cast["alice"].event.pk])).content.decode()
    assert "manage.py" not in html
    assert reverse("events:remind", args=[cast["alice"].event.pk]) in html
    assert "Kirim pengingat lewat email" in html


def test_reminder_button_emails_and_is_audited(
    client, officer, cast, alice, mailoutbox, after_commit_now
):
    alice[0].email = "alice@example.com"
    alice[0].save()
    event = cast["alice"].event
    client.force_login(officer)
    response = client.post(reverse("events:remind", args=[event.pk]), follow=True)
    assert response.status_code == 200
    assert any("alice@example.com" in m.to for m in mailoutbox)
    assert "Pengingat dikirim lewat email" in response.content.decode()
    log = AuditLog.objects.get(action="event.participants_remind")
    assert log.actor == officer and log.object_id == str(event.pk)


def test_only_officers_may_remind(client, cast, alice, mailoutbox):
    client.force_login(alice[0])
    response = client.post(reverse("events:remind", args=[cast["alice"].event.pk]))
    assert response.status_code == 403
    assert not mailoutbox
    assert not AuditLog.objects.filter(action="event.participants_remind").exists()


def test_last_scheduling_run_reads_in_english(client, officer, cast, alice):
    from jalinmitra.events import services

    event = cast["alice"].event
    services.schedule_run_create(actor=officer, event=event, background=False)
    client.force_login(officer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "sellers got a meeting" in html
    assert "penjual mendapat pertemuan" not in html


def test_date_refusals_name_the_date_in_the_readers_language(officer, cast):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from jalinmitra.events import services

    event = cast["alice"].event
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.participant_check_in(actor=officer, participant=cast["alice"])
    message = " ".join(refused.value.messages)
    assert "Attendance can only be recorded on the day of the event" in message
    assert event.date.strftime("%B") in message

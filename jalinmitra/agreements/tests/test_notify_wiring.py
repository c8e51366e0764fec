"""Notifications (issue 11): an approved agreement is ready to sign; both parties' members
are told, the approving officer and everybody else are not."""

import pytest

from jalinmitra.notifications.models import Delivery, Notification

pytestmark = pytest.mark.django_db


def test_ready_to_sign_reaches_both_parties_only(ready, alice, bob, carol, officer):
    notes = {n.recipient: n for n in Notification.objects.filter(event="agreement.ready_to_sign")}
    assert set(notes) == {alice[0], carol[0]}
    note = notes[alice[0]]
    assert note.title == f"Perjanjian {ready.number} siap ditandatangani"
    assert note.url == f"/perjanjian/{ready.pk}/" and note.target == ready
    assert not Notification.objects.exclude(event="agreement.ready_to_sign").exists()


def test_ready_to_sign_mails_members_with_an_email(
    agreement, alice, carol, officer, django_capture_on_commit_callbacks, mailoutbox
):
    from jalinmitra.agreements import services

    alice[0].email = "alice@example.com"
    alice[0].save(update_fields=["email"])
    services.agreement_submit(actor=alice[0], agreement=agreement)
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_approve(actor=officer, agreement=agreement, notes="Baik")
    assert [m.to for m in mailoutbox] == [["alice@example.com"]]
    assert Delivery.objects.get().status == "sent"


def test_ending_reminder_reaches_both_parties_once(witnessed, officer, alice, bob, carol):
    import datetime as dt

    from django.utils import timezone

    from jalinmitra.agreements import services
    from jalinmitra.agreements.models import Agreement

    a = services.agreement_activate(actor=officer, agreement=witnessed)
    Agreement.objects.filter(pk=a.pk).update(
        start_date=dt.date(2020, 1, 1), end_date=timezone.localdate() + dt.timedelta(days=45)
    )
    Notification.objects.all().delete()
    services.agreements_remind_ending()
    services.agreements_remind_ending()
    notes = Notification.objects.filter(event="agreement.ending")
    assert sorted(n.recipient.username for n in notes) == ["alice", "carol"]
    assert notes[0].title == f"Perjanjian {a.number} berakhir dalam 60 hari"

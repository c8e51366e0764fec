"""The 3- and 6-month follow-up surveys are announced through the one notification service
(issue 11): the inbox, email and consenting WhatsApp of the business's members, once per
survey however often the periodic job runs."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from jalinmitra.events.models import FollowUp
from jalinmitra.events.services.notices import FOLLOWUP_NOTICE_DAYS, followups_notify
from jalinmitra.notifications.models import Delivery, Notification, Preference

pytestmark = pytest.mark.django_db


@pytest.fixture
def surveys(cast, alice, carol):
    today = timezone.localdate()
    alice[0].email = "alice@contoh.id"
    alice[0].save()
    Preference.objects.create(user=carol[0], whatsapp=True, whatsapp_consent_at=timezone.now())
    return {
        "alice": FollowUp.objects.create(participant=cast["alice"], months=3, due_on=today),
        "carol": FollowUp.objects.create(participant=cast["carol"], months=6, due_on=today),
        "answered": FollowUp.objects.create(
            participant=cast["bob"], months=3, due_on=today, answered_at=timezone.now()
        ),
        "stale": FollowUp.objects.create(
            participant=cast["alice"],
            months=6,
            due_on=today - dt.timedelta(days=FOLLOWUP_NOTICE_DAYS + 1),
        ),
    }


def test_due_surveys_reach_their_members_on_every_channel(
    surveys, alice, carol, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert followups_notify() == 2
    notes = {n.recipient: n for n in Notification.objects.filter(event="event.followup")}
    assert set(notes) == {alice[0], carol[0]}  # not bob (answered), nobody else
    assert notes[alice[0]].url == f"/temu-usaha/survei/{surveys['alice'].pk}/"
    assert notes[alice[0]].title == "Survei 3 bulan setelah Temu Usaha Uji"
    assert notes[alice[0]].target == surveys["alice"]
    assert alice[1].name in notes[alice[0]].body
    assert [m.to for m in mail.outbox] == [["alice@contoh.id"]]
    assert mail.outbox[0].subject == "Survei 3 bulan setelah Temu Usaha Uji"
    whatsapp = Delivery.objects.get(channel="whatsapp")
    assert whatsapp.notification == notes[carol[0]]
    assert whatsapp.address == "6281234567891"  # carol's business number, with her consent


def test_running_twice_on_one_day_sends_nothing_twice(
    surveys, django_capture_on_commit_callbacks, capsys
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("create_followups")
    assert "2 survei tindak lanjut diberitahukan" in capsys.readouterr().out
    counts = (Notification.objects.count(), Delivery.objects.count(), len(mail.outbox))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("create_followups")
    assert "0 survei tindak lanjut diberitahukan" in capsys.readouterr().out
    assert (Notification.objects.count(), Delivery.objects.count(), len(mail.outbox)) == counts


def test_a_stopped_events_category_keeps_the_inbox_only(surveys, alice):
    Preference.objects.create(user=alice[0], stopped=["events"])
    followups_notify()
    assert Notification.objects.filter(recipient=alice[0], event="event.followup").exists()
    assert not Delivery.objects.filter(notification__recipient=alice[0]).exists()

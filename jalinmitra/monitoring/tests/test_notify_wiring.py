"""Notifications (issue 11): an entry waits for the other side's confirmation; its members
are told, the recorder's side and everybody else are not."""

import pytest

from jalinmitra.monitoring.tests.test_records import pay
from jalinmitra.monitoring.tests.test_records import record as deliver
from jalinmitra.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_delivery_to_confirm_reaches_the_other_side_only(active, alice, bob, carol, officer):
    Notification.objects.all().delete()  # what making the agreement sent
    deliver(alice[0], active)
    notes = list(Notification.objects.all())
    assert [n.recipient for n in notes] == [carol[0]]
    assert notes[0].event == "delivery.to_confirm"
    assert notes[0].title == f"{alice[1].name} mencatat pengiriman/pesanan: mohon konfirmasi"
    assert notes[0].url == f"/pemantauan/perjanjian/{active.pk}/"


def test_payment_recorded_by_the_buyer_reaches_the_seller(active, alice, bob, carol):
    Notification.objects.all().delete()
    pay(carol[0], active)
    assert [n.recipient for n in Notification.objects.all()] == [alice[0]]

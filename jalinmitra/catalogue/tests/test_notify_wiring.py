"""Notifications (issue 11): a buyer's enquiry reaches the seller's members and nobody else."""

import pytest

from jalinmitra.catalogue import services
from jalinmitra.catalogue.tests.test_enquiries import GOOD
from jalinmitra.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_enquiry_received_reaches_the_seller_only(shop, other_shop, officer, bob, carol):
    Notification.objects.all().delete()
    services.enquiry_create(offer=shop.offer, data=GOOD, client_address="1.2.3.4")
    notes = list(Notification.objects.all())
    assert [n.recipient for n in notes] == [shop.user]
    assert notes[0].title == "Pesan pembeli tentang Keripik Pisang Coklat"
    assert "Apakah bisa kirim tiap Senin" in notes[0].body
    assert notes[0].url == f"/katalog/pesan/usaha/{shop.business.pk}/"

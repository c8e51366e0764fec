"""The second city's demo (issue 16 item 5): ``manage.py city_demo bandar-lampung`` on an
empty database configures Kota Bandar Lampung and loads its demo through the services; the
pages show the city's name and never the first city's; a second run creates nothing."""

import pytest
from django.core.management import call_command

from jalinmitra.accounts.models import User
from jalinmitra.agreements.choices import Status
from jalinmitra.agreements.models import Agreement
from jalinmitra.businesses.choices import LARGE_SIZES, SMALL_SIZES
from jalinmitra.businesses.models import Business, Need, Offer
from jalinmitra.core.models import AuditLog, City
from jalinmitra.demo.second_city import LOGINS, OFFICER
from jalinmitra.events.models import Event

pytestmark = pytest.mark.django_db


def _counts():
    return (User.objects.count(), Business.objects.count(), Offer.objects.count(),
            Need.objects.count(), Agreement.objects.count(), Event.objects.count(), AuditLog.objects.count())  # fmt: skip


def test_second_city_demo(client, capsys, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.DEBUG = True
    assert not Business.objects.exists()
    call_command("city_demo", "bandar-lampung")
    out = capsys.readouterr().out
    assert "Kota Bandar Lampung" in out and "Metro" not in out
    for login in LOGINS:
        assert f"{login.username:<12} / {login.password}" in out
    city = City.objects.get()
    assert city.region_id == "18.71" and city.short_name == "Kota Bandar Lampung"

    businesses = Business.objects.all()
    assert businesses.filter(size_class__in=SMALL_SIZES).count() == 10
    assert businesses.filter(size_class__in=LARGE_SIZES).count() == 2
    assert all(b.region_id.startswith("18.71.") for b in businesses)
    assert Offer.objects.count() >= 10 and Need.objects.count() >= 2
    assert sorted(Agreement.objects.values_list("status", flat=True)) == sorted(
        [Status.ACTIVE, Status.SUBMITTED]
    )
    event = Event.objects.get()
    assert event.meetings.filter(published=True).count() >= 8
    assert "Metro" not in event.name + event.venue
    active = Agreement.objects.get(status=Status.ACTIVE)
    assert "BDL" in active.number
    for text in businesses.values_list("name", "address", "description"):
        assert "Metro" not in " ".join(text)

    pages = ["/", "/katalog/"]
    for who in (None, OFFICER):  # the public home page, then the officer's
        if who:
            client.force_login(User.objects.get(username=who))
            pages = [
                "/",
                "/katalog/",
                "/usaha/",
                f"/perjanjian/{active.pk}/",
                f"/temu-usaha/{event.pk}/",
            ]
        for path in pages:
            r = client.get(path, follow=True)
            assert r.status_code == 200, (who, path)
            page = r.content.decode()
            assert "Bandar Lampung" in page, (who, path)
            assert "Metro" not in page, (who, path)
    assert "Kemplang Panggang Bu Siti" in client.get("/usaha/").content.decode()

    before = _counts()
    call_command("city_demo", "bandar-lampung")
    assert "Tidak ada yang berubah" in capsys.readouterr().out
    assert _counts() == before

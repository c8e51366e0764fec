"""`python manage.py demo` leaves the demo's users notifications, WhatsApp consent and
click-to-chat buttons for the officer (gateway off); a second run adds no WhatsApp message."""

from io import StringIO

import pytest
from django.core.management import call_command

from jalinmitra.accounts.models import User
from jalinmitra.notifications.models import Delivery, Notification


@pytest.fixture(autouse=True)
def demo_settings(settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.django_db
def test_demo_notifications_and_click_to_chat(client):
    call_command("demo", stdout=StringIO())
    umkm = User.objects.get(username="umkm")
    assert Notification.objects.filter(recipient=umkm).exists()
    manual = Delivery.objects.filter(channel="whatsapp", status="manual")
    assert manual.exists()
    whatsapp = manual.count()
    from jalinmitra.notifications.models import Message

    messages = Message.objects.count()
    assert messages >= 3
    call_command("demo", stdout=StringIO())
    assert Delivery.objects.filter(channel="whatsapp").count() == whatsapp
    assert Message.objects.count() == messages
    officer = User.objects.filter(role="petugas").first()
    client.force_login(officer)
    page = client.get("/pemberitahuan/whatsapp/").content.decode()
    assert "https://wa.me/62" in page
    client.force_login(umkm)
    assert "data-unread" in client.get("/pemberitahuan/").content.decode()

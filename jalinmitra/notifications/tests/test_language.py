"""Each recipient reads their notifications and mail in their own language (id or en), chosen
on the preferences page or with the site's language switcher."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from jalinmitra.core.models import AuditLog
from jalinmitra.notifications import services
from jalinmitra.notifications.models import MessageTemplate, Notification

pytestmark = pytest.mark.django_db

SIGN = {"number": "PK/2026/0007", "small": "Keripik Bu Alice", "large": "PT Sari Rasa"}


@pytest.fixture
def pair(alice, bob):
    """Alice reads Indonesian, Bob English; both have an email address."""
    a, b = alice[0], bob[0]
    a.email, b.email, b.language = "a@x.id", "b@x.id", "en"
    a.save()
    b.save()
    return a, b


def _notify(recipients):
    services.notify(
        event="agreement.ready_to_sign", recipients=recipients, context=SIGN, url="/perjanjian/1/"
    )


def test_new_users_read_indonesian(alice):
    assert alice[0].language == "id"


def test_each_recipient_gets_mail_in_their_language(pair, django_capture_on_commit_callbacks):
    alice, bob = pair
    with django_capture_on_commit_callbacks(execute=True):
        _notify([alice, bob])
    by_to = {m.to[0]: m for m in mail.outbox}
    english, indonesian = by_to["b@x.id"], by_to["a@x.id"]

    assert english.subject == "Agreement PK/2026/0007 is ready to sign"
    assert "Dear " in english.body and "Manage your notifications" in english.body
    assert "Yth." not in english.body and "siap ditandatangani" not in english.body
    html = english.alternatives[0][0]
    assert "Open in JalinMitra" in html and "Dear " in html and "Buka di JalinMitra" not in html

    assert indonesian.subject == "Perjanjian PK/2026/0007 siap ditandatangani"
    assert "Yth. " in indonesian.body and "Atur pemberitahuan Anda" in indonesian.body
    assert "Buka di JalinMitra" in indonesian.alternatives[0][0]
    assert "Dear" not in indonesian.body


def test_the_inbox_text_is_in_the_recipients_language(pair):
    alice, bob = pair
    _notify([alice, bob])
    titles = dict(Notification.objects.values_list("recipient_id", "title"))
    assert titles[bob.pk] == "Agreement PK/2026/0007 is ready to sign"
    assert titles[alice.pk] == "Perjanjian PK/2026/0007 siap ditandatangani"


def test_an_admins_english_template_reaches_the_english_reader_only(pair):
    alice, bob = pair
    MessageTemplate.objects.create(
        kind="agreement.ready_to_sign", language="en", title="Sign {number} now", body="{small}"
    )
    _notify([alice, bob])
    titles = dict(Notification.objects.values_list("recipient_id", "title"))
    assert titles[bob.pk] == "Sign PK/2026/0007 now"
    assert titles[alice.pk] == "Perjanjian PK/2026/0007 siap ditandatangani"


def test_the_daily_digest_is_in_the_readers_language(pair):
    _alice, bob = pair
    services.preference_save(
        actor=bob,
        email=True,
        whatsapp=False,
        whatsapp_number="",
        whatsapp_consent=False,
        stopped=[],
        digest=True,
        quiet_start=dt.time(0),
        quiet_end=dt.time(0),
    )
    for number in ("PK/1", "PK/2"):
        services.notify(
            event="meeting_request.received",
            recipients=[bob],
            context={"business": "Toko " + number, "event": "Temu Usaha"},
            url="/",
        )
    assert services.digests_send() == 1
    assert "Dear " in mail.outbox[0].body and "Yth." not in mail.outbox[0].body


def test_preferences_page_stores_the_language_and_switches_the_site(pair, client_of):
    alice, _bob = pair
    client = client_of(alice)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert 'name="language"' in page
    response = client.post(
        reverse("notifications:preferences"),
        {"language": "en", "email": "on", "quiet_start": "21:00", "quiet_end": "07:00"},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.language == "en"
    assert response.cookies["django_language"].value == "en"
    rows = AuditLog.objects.filter(action="notification.preferences_save", actor=alice)
    assert [r.changes["language"] for r in rows if "language" in r.changes] == [["id", "en"]]


def test_an_unknown_language_is_refused(pair):
    with pytest.raises(ValidationError) as e:
        services.user_language_set(actor=pair[0], language="fr")
    assert "language" in e.value.message_dict
    pair[0].refresh_from_db()
    assert pair[0].language == "id"


def test_the_language_switcher_stores_the_choice_for_a_signed_in_person(pair, client_of, client):
    alice, _bob = pair
    response = client_of(alice).post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.language == "en"
    # Anybody else just switches the site, as before.
    client.logout()
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302 and response.cookies["django_language"].value == "en"

"""Issue 11 item 6: an admin's own text for a kind and language replaces the built-in one in
notify(); unknown {variables} are refused with the list of the allowed ones."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jalinmitra.core.models import AuditLog
from jalinmitra.notifications.models import MessageTemplate, Notification
from jalinmitra.notifications.services import notify

pytestmark = pytest.mark.django_db


def _notify(users):
    notify(
        event="event.reminder",
        recipients=users,
        context={"event": "Temu Usaha Metro", "date": "1 Des", "venue": "Aula"},
        per_recipient={u.pk: {"recipient_business": f"Usaha {u.username}"} for u in users},
        url="/x/",
        email=False,
    )


def test_the_override_is_used_for_its_language_only(alice, bob, monkeypatch):
    from jalinmitra.notifications import services

    alice_user, bob_user = alice[0], bob[0]
    # The user model has no language yet: bob reads English here.
    monkeypatch.setattr(services, "_language", lambda u: "en" if u == bob_user else "id")
    t = MessageTemplate(
        kind="event.reminder",
        language="id",
        title="Ayo ke {event}",
        body="{recipient_business}, datang ke {venue} tanggal {date}.",
    )
    t.full_clean()
    t.save()
    _notify([alice_user, bob_user])
    mine = Notification.objects.get(recipient=alice_user)
    assert mine.title == "Ayo ke Temu Usaha Metro"
    assert mine.body == f"Usaha {alice_user.username}, datang ke Aula tanggal 1 Des."
    other = Notification.objects.get(recipient=bob_user)
    assert other.title != "Ayo ke Temu Usaha Metro" and "Temu Usaha Metro" in other.title


def test_without_override_the_builtin_text(alice):
    _notify([alice[0]])
    assert Notification.objects.get().title == "Temu Usaha Metro: ajukan permintaan bertemu"


def test_unknown_variable_is_refused_clearly():
    t = MessageTemplate(
        kind="event.reminder", language="id", title="{event}", body="Halo {nama_pemilik}"
    )
    with pytest.raises(ValidationError) as e:
        t.full_clean()
    errors = e.value.error_dict
    assert set(errors) == {"body"} and errors["body"][0].code == "unknown_variable"
    text = errors["body"][0].message
    assert "{nama_pemilik}" in text and "{recipient_business}" in text


def test_edited_in_the_admin_is_audited_and_validated(client, django_user_model):
    admin_user = django_user_model.objects.create_superuser("root", "r@example.id", "x" * 12)
    client.force_login(admin_user)
    url = reverse("admin:notifications_messagetemplate_add")
    page = client.get(url)
    assert "{recipient_business}" in page.content.decode()  # the variables are listed
    data = {"kind": "event.reminder", "language": "id", "title": "{event}", "body": "{salah}"}
    refused = client.post(url, data)
    assert refused.status_code == 200 and not MessageTemplate.objects.exists()
    assert "Variabel tidak dikenal" in refused.content.decode()
    data["body"] = "{recipient_business} ke {event}"
    assert client.post(url, data).status_code == 302
    t = MessageTemplate.objects.get()
    assert AuditLog.objects.filter(action="admin:messagetemplate.create", object_id=str(t.pk))

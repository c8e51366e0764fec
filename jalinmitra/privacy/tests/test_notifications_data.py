"""Notifications and conversations under UU PDP (issue 11): the owner's copy holds their inbox,
deliveries, preferences, the messages they wrote and their attachments' details; anonymising
erases their name, number and address from all of these and removes their attachments."""

import datetime
import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jalinmitra.notifications import services as notifications
from jalinmitra.notifications.choices import Channel
from jalinmitra.notifications.models import Delivery, Message, Notification, Preference
from jalinmitra.privacy import services
from jalinmitra.privacy.tests.conftest import (
    DEWI_EMAIL,
    DEWI_NAME,
    DEWI_PHONE,
    DEWI_PHONE_STORED,
)
from jalinmitra.testing import dump_rows

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% surat jalan Dewi\n"
WRITTEN = f"Ini {DEWI_NAME}, hubungi saya di 0813-7777-5555 atau {DEWI_EMAIL}."


@pytest.fixture
def talk(dewi, partner, agreement, settings, tmp_path, django_capture_on_commit_callbacks):
    """Dewi reads WhatsApp with consent, receives a notification on both channels, and writes
    in the agreement's thread with an attachment (her partner is told, with her name)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    user, _business = dewi
    notifications.preference_save(
        actor=user,
        email=True,
        whatsapp=True,
        whatsapp_number=DEWI_PHONE,
        whatsapp_consent=True,
        stopped=[],
        digest=False,
        quiet_start=datetime.time(0),
        quiet_end=datetime.time(0),
    )
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify(
            event="agreement.ready_to_sign",
            recipients=[user],
            context={"number": agreement.code, "small": "Sambal Roa", "large": "PT Pangan"},
            url=f"/perjanjian/{agreement.pk}/",
            target=agreement,
        )
        message = notifications.message_post(
            actor=user,
            target=agreement,
            body=WRITTEN,
            attachment=SimpleUploadedFile("surat.pdf", PDF, content_type="application/pdf"),
        )
    return message


def _data(client, user) -> dict:
    client.force_login(user)
    response = client.get(reverse("privacy:download"))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return json.loads(archive.read("data.json"))


def test_the_copy_holds_inbox_deliveries_preferences_messages_and_attachments(
    client, dewi, partner, talk
):
    user, _business = dewi
    data = _data(client, user)
    assert [n["event"] for n in data["pemberitahuan"]] == ["agreement.ready_to_sign"]
    channels = sorted((d["channel"], d["address"]) for d in data["pengiriman_pemberitahuan"])
    assert channels == [("Email", DEWI_EMAIL), ("WhatsApp", DEWI_PHONE_STORED.lstrip("+"))]
    [pref] = data["preferensi_pemberitahuan"]
    assert pref["whatsapp_number"] == DEWI_PHONE_STORED.lstrip("+") and pref["whatsapp_consent_at"]
    [written] = data["pesan_percakapan"]
    assert written["body"] == WRITTEN
    [attachment] = data["lampiran_pesan"]
    assert attachment["message"] == talk.pk and attachment["size"] == len(PDF)
    assert attachment["name"] == talk.attachment.name
    # The partner's inbox (told of Dewi's message) is the partner's, not in Dewi's copy.
    assert not [n for n in data["pemberitahuan"] if n["event"] == "conversation.message"]
    partner_data = _data(client, partner[0])
    assert [n["event"] for n in partner_data["pemberitahuan"]] == ["conversation.message"]
    assert partner_data["pesan_percakapan"] == [] and partner_data["lampiran_pesan"] == []


def test_the_counter_copy_holds_the_owner_logins_notifications(client, officer, dewi, talk):
    from jalinmitra.privacy.selectors import business_owner_data

    sections = {s.key: s for s in business_owner_data(business=dewi[1])}
    assert len(sections["pemberitahuan"].rows) == 1
    assert len(sections["pesan_percakapan"].rows) == 1


def test_anonymising_erases_the_person_from_notifications_and_conversations(
    dewi, partner, officer, talk, django_capture_on_commit_callbacks
):
    user, _business = dewi
    before = dump_rows()
    assert WRITTEN in before and "6281377775555" in before  # otherwise the test proves nothing
    name = talk.attachment.name
    storage = talk.attachment.storage
    assert storage.exists(name)
    request = services.deletion_request_create(actor=user)

    with django_capture_on_commit_callbacks(execute=True):
        services.deletion_request_anonymise(actor=officer, request=request)

    dump = dump_rows()
    for value in (
        DEWI_NAME,
        DEWI_EMAIL,
        DEWI_PHONE,
        DEWI_PHONE_STORED,
        DEWI_PHONE_STORED.lstrip("+"),
        "0813-7777-5555",
        name,
    ):
        assert value not in dump, value
    # The rows stay (the partner still sees that a message was written), without her.
    message = Message.objects.get(pk=talk.pk)
    assert "hubungi saya di" in message.body and not message.attachment
    assert not storage.exists(name)
    told = Notification.objects.get(event="conversation.message")
    assert told.recipient == partner[0] and DEWI_NAME not in told.title + told.body
    pref = Preference.objects.get(user=user)
    assert (pref.whatsapp, pref.whatsapp_number, pref.whatsapp_consent_at) == (False, "", None)
    # Nothing waits to be sent to her; what was sent keeps no address.
    assert not Delivery.objects.filter(notification__recipient=user, channel=Channel.WHATSAPP)
    assert set(
        Delivery.objects.filter(notification__recipient=user).values_list("address", flat=True)
    ) <= {""}


def test_anonymising_erases_the_owner_from_conversations_others_wrote_and_her_enquiries(
    dewi, partner, officer, agreement, settings, tmp_path, django_capture_on_commit_callbacks
):
    """Her own answers in her enquiry conversations (and the answer note that copies them),
    and her name or number as her partner and an enquirer wrote them in the threads on her
    agreement and her enquiries; the enquirer's own name and contact stay (theirs, not hers)."""
    from jalinmitra.businesses.services import business_verify, offer_create
    from jalinmitra.catalogue import services as catalogue
    from jalinmitra.catalogue.models import Enquiry
    from jalinmitra.notifications.selectors import guest_messages

    settings.MEDIA_ROOT = tmp_path / "media"
    user, business = dewi
    business = business_verify(actor=officer, business=business)
    offer = offer_create(
        actor=user,
        business=business,
        data={"title": "Sambal Roa", "unit": "botol", "price_min": 25_000},
    )
    with django_capture_on_commit_callbacks(execute=True):
        enquiry = catalogue.enquiry_create(
            offer=offer,
            data={"name": "Bu Rina", "phone": "0812 7777 8888", "message": "Bisa kirim?"},
            client_address="10.0.0.1",
        )
        catalogue.enquiry_answer(actor=user, enquiry=enquiry, answer=WRITTEN)
        catalogue.enquiry_buyer_reply(
            enquiry=enquiry,
            body=f"Terima kasih Bu {DEWI_NAME}, saya WA ke 0813 7777 5555.",
            client_address="10.0.0.1",
        )
        notifications.message_post(
            actor=partner[0],
            target=agreement,
            body=f"Sudah saya hubungi {DEWI_NAME} di {DEWI_EMAIL}.",
        )
    before = dump_rows()
    assert WRITTEN in before and "0813 7777 5555" in before and DEWI_EMAIL in before
    request = services.deletion_request_create(actor=user)

    with django_capture_on_commit_callbacks(execute=True):
        services.deletion_request_anonymise(actor=officer, request=request)

    dump = dump_rows()
    for value in (DEWI_NAME, DEWI_EMAIL, "0813-7777-5555", "0813 7777 5555"):
        assert value not in dump, value
    enquiry = Enquiry.objects.get(pk=enquiry.pk)
    assert "hubungi saya di" in enquiry.answer
    assert (enquiry.name, enquiry.phone) == ("Bu Rina", "+6281277778888")
    reply = guest_messages(target=enquiry).get()
    assert reply.guest_name == "Bu Rina" and reply.body.startswith("Terima kasih Bu ")
    partners = Message.objects.get(author=partner[0])
    assert partners.body.startswith("Sudah saya hubungi ")

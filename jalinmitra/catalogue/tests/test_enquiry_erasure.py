"""An enquirer erases their data through the private link (UU PDP 27/2022 Pasal 8): name,
contact and their messages go at once, from the enquiry and from everything that copied them
(the business's replies that quote them, the members' inbox, the audit trail); the enquiry stays
as a lead (product, business, date); the link stops working; nobody is told by the erased
contact. Irreversible, so only after a confirmation."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from jalinmitra.catalogue import services
from jalinmitra.catalogue.choices import EnquiryStatus
from jalinmitra.catalogue.models import Enquiry
from jalinmitra.core.models import AuditLog
from jalinmitra.notifications.models import Message
from jalinmitra.notifications.selectors import guest_messages
from jalinmitra.testing import dump_rows

pytestmark = pytest.mark.django_db

NAME = "Ratna Kusumawardani"
PHONE_DIGITS = "81299994444"
EMAIL = "ratna.kusuma@hotel.example"
FIRST = "Apakah bisa kirim tiap Senin ke hotel kami di Jalan Cempaka?"
REPLY = "Kalau bisa, telepon saya di 0812-9999-4444 sore hari."
DATA = {
    "name": NAME,
    "phone": "0812 9999 4444",
    "email": EMAIL,
    "quantity": "50 kg per bulan",
    "message": FIRST,
}


@pytest.fixture(autouse=True)
def erase_limit(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "enquiry_erase": "10/3600"}


@pytest.fixture
def talk(shop, after_commit_now):
    """An enquiry with a reply from the buyer and an answer from Alice that greets her by name."""
    enquiry = services.enquiry_create(offer=shop.offer, data=DATA, client_address="10.9.0.1")
    services.enquiry_buyer_reply(enquiry=enquiry, body=REPLY, client_address="10.9.0.1")
    services.enquiry_answer(
        actor=shop.user, enquiry=enquiry, answer=f"Baik {NAME}, kami kirim tiap Senin, Bu Ratna."
    )
    enquiry.refresh_from_db()
    return enquiry


PERSONAL = (NAME, PHONE_DIGITS, EMAIL, FIRST, "0812-9999-4444", "Bu Ratna")


def test_erasing_removes_her_name_contact_and_messages_from_every_table(talk, shop):
    before = dump_rows()
    for value in PERSONAL:
        assert value in before  # otherwise the test proves nothing
    sent = len(mail.outbox)

    services.enquiry_buyer_erase(enquiry=talk, confirm=True)

    after = dump_rows()
    for value in PERSONAL:
        assert value not in after, value
    assert REPLY not in after
    enquiry = Enquiry.objects.get(pk=talk.pk)
    # The lead stays: product, business, date; closed, and marked erased.
    assert (enquiry.offer_id, enquiry.business_id) == (shop.offer.pk, shop.business.pk)
    assert enquiry.created_at == talk.created_at and enquiry.erased_at is not None
    assert enquiry.status == EnquiryStatus.CLOSED and enquiry.closed_at is not None
    assert (enquiry.name, enquiry.phone, enquiry.email, enquiry.client_key) == (
        services.ERASED_NAME,
        "",
        "",
        "",
    )
    assert enquiry.message == services.ERASED_BODY
    reply = guest_messages(target=enquiry).get()
    assert (reply.body, reply.guest_name, reply.guest_key) == (
        services.ERASED_BODY,
        services.ERASED_NAME,
        "",
    )
    # The business's own words stay, without her name.
    answer = Message.objects.filter(thread__object_id=enquiry.pk, by_guest=False).get()
    erased = services.ERASED_NAME
    assert answer.body == f"Baik {erased}, kami kirim tiap Senin, Bu {erased}."
    # Nobody was mailed, and the erasure is in the audit trail without her values.
    assert len(mail.outbox) == sent
    row = AuditLog.objects.get(action="catalogue.enquiry_erase")
    assert row.changes["reason"] == [None, services.ERASE_REQUEST]
    assert AuditLog.objects.filter(action="catalogue.enquiry_close").count() == 1


def test_the_link_stops_working_and_nobody_can_reach_her_any_more(client, talk, shop):
    token = talk.token
    services.enquiry_buyer_erase(enquiry=talk, confirm=True)
    assert client.get(f"/katalog/percakapan/{token}/").status_code == 404
    sent = len(mail.outbox)
    with pytest.raises(ValidationError) as refused:
        services.enquiry_answer(actor=shop.user, enquiry=talk, answer="Halo lagi?")
    assert refused.value.code == "state"
    assert len(mail.outbox) == sent


def test_without_the_confirmation_nothing_changes(talk):
    with pytest.raises(ValidationError) as refused:
        services.enquiry_buyer_erase(enquiry=talk, confirm=False)
    assert refused.value.code == "required"
    assert "tidak dapat dikembalikan" in str(refused.value)
    enquiry = Enquiry.objects.get(pk=talk.pk)
    assert (enquiry.name, enquiry.erased_at, enquiry.token) == (NAME, None, talk.token)
    assert not AuditLog.objects.filter(action="catalogue.enquiry_erase").exists()


def test_a_second_erasure_is_refused_and_changes_nothing(talk):
    services.enquiry_buyer_erase(enquiry=talk, confirm=True)
    with pytest.raises(ValidationError) as refused:
        services.enquiry_buyer_erase(enquiry=talk, confirm=True)
    assert refused.value.code == "state"
    assert AuditLog.objects.filter(action="catalogue.enquiry_erase").count() == 1


def test_other_enquiries_of_the_same_business_are_untouched(talk, shop):
    other = services.enquiry_create(
        offer=shop.offer,
        data=DATA | {"name": "Yohanes Pranata", "email": "yohanes@contoh.example"},
        client_address="10.9.0.2",
    )
    services.enquiry_buyer_erase(enquiry=talk, confirm=True)
    other.refresh_from_db()
    assert (other.name, other.email, other.erased_at) == (
        "Yohanes Pranata",
        "yohanes@contoh.example",
        None,
    )


# --- the pages -------------------------------------------------------------------------------


def test_the_conversation_page_offers_the_erasure(client, talk):
    body = client.get(f"/katalog/percakapan/{talk.token}/").content.decode()
    assert f"/katalog/percakapan/{talk.token}/hapus-data/" in body
    assert "Hapus data saya" in body and "12 bulan" in body


def test_the_confirmation_page_then_the_erasure(client, talk):
    url = f"/katalog/percakapan/{talk.token}/hapus-data/"
    page = client.get(url)
    assert page.status_code == 200 and page["Cache-Control"] == "private, no-store"
    assert "tidak dapat dibatalkan" in page.content.decode()
    assert Enquiry.objects.get(pk=talk.pk).erased_at is None  # GET writes nothing

    unconfirmed = client.post(url, {})
    assert unconfirmed.status_code == 400
    assert "tidak dapat dikembalikan" in unconfirmed.content.decode()
    assert Enquiry.objects.get(pk=talk.pk).erased_at is None

    done = client.post(url, {"confirm": "1"})
    assert done.status_code == 200
    assert "Data Anda sudah dihapus" in done.content.decode()
    assert NAME not in done.content.decode()
    assert Enquiry.objects.get(pk=talk.pk).erased_at is not None
    assert client.get(url).status_code == 404


def test_a_wrong_token_is_404(client, talk):
    url = f"/katalog/percakapan/{talk.token[:-2]}xy/hapus-data/"
    assert client.post(url, {"confirm": "1"}).status_code == 404
    assert Enquiry.objects.get(pk=talk.pk).erased_at is None


def test_the_erasure_form_is_rate_limited_per_address(client, talk, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "enquiry_erase": "2/600"}
    url = f"/katalog/percakapan/{talk.token}/hapus-data/"
    for _ in range(2):
        assert client.post(url, {}, REMOTE_ADDR="10.77.0.9").status_code == 400
    refused = client.post(url, {"confirm": "1"}, REMOTE_ADDR="10.77.0.9")
    assert refused.status_code == 429 and refused["Retry-After"]
    assert Enquiry.objects.get(pk=talk.pk).erased_at is None

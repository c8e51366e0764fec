"""An enquirer who lost the private link asks an officer (by phone, at the counter) to erase
their data: the officer, after checking who asks, erases it with a note on how the request came
in. Same effect as the enquirer's own erasure; the officer and the note are in the audit trail;
nobody else may do it; nothing changes without the note and the confirmation."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from jalinmitra.catalogue import services
from jalinmitra.catalogue.choices import EnquiryStatus
from jalinmitra.catalogue.models import Enquiry
from jalinmitra.core.models import AuditLog
from jalinmitra.testing import dump_rows

pytestmark = pytest.mark.django_db

NAME = "Ratna Kusumawardani"
FIRST = "Apakah bisa kirim tiap Senin ke hotel kami di Jalan Cempaka?"
NOTE = "Telepon 30/11 dari nomor yang sama dengan di pesan."
DATA = {
    "name": NAME,
    "phone": "0812 9999 4444",
    "email": "ratna.kusuma@hotel.example",
    "quantity": "50 kg",
    "message": FIRST,
}


@pytest.fixture
def talk(shop, after_commit_now):
    return services.enquiry_create(offer=shop.offer, data=DATA, client_address="10.9.0.1")


def test_the_officer_erases_with_a_note_and_is_named_in_the_audit(talk, officer):
    assert NAME in dump_rows() and FIRST in dump_rows()
    services.enquiry_officer_erase(actor=officer, enquiry=talk, confirm=True, note=NOTE)
    after = dump_rows()
    assert NAME not in after and FIRST not in after and "9999" not in after
    enquiry = Enquiry.objects.get(pk=talk.pk)
    assert enquiry.erased_at is not None and enquiry.status == EnquiryStatus.CLOSED
    assert (enquiry.offer_id, enquiry.created_at) == (talk.offer_id, talk.created_at)
    row = AuditLog.objects.get(action="catalogue.enquiry_erase")
    assert row.actor_id == officer.pk
    assert row.changes["note"] == [None, NOTE]
    assert AuditLog.objects.get(action="catalogue.enquiry_close").actor_id == officer.pk


@pytest.mark.parametrize(
    ("confirm", "note", "field"),
    [(False, NOTE, "confirm"), (True, "   ", "note"), (True, "x" * 301, "note")],
)
def test_without_the_note_or_the_confirmation_nothing_changes(talk, officer, confirm, note, field):
    with pytest.raises(ValidationError) as refused:
        services.enquiry_officer_erase(actor=officer, enquiry=talk, confirm=confirm, note=note)
    assert field in refused.value.message_dict
    assert Enquiry.objects.get(pk=talk.pk).name == NAME
    assert not AuditLog.objects.filter(action="catalogue.enquiry_erase").exists()


def test_the_business_itself_may_not_erase_its_buyer(talk, shop):
    with pytest.raises(PermissionDenied):
        services.enquiry_officer_erase(actor=shop.user, enquiry=talk, confirm=True, note=NOTE)
    assert Enquiry.objects.get(pk=talk.pk).erased_at is None


def test_twice_is_refused_with_a_plain_message(talk, officer):
    services.enquiry_officer_erase(actor=officer, enquiry=talk, confirm=True, note=NOTE)
    with pytest.raises(ValidationError, match="sudah dihapus"):
        services.enquiry_officer_erase(actor=officer, enquiry=talk, confirm=True, note=NOTE)
    assert AuditLog.objects.filter(action="catalogue.enquiry_erase").count() == 1


def test_the_pages(client_of, talk, officer, shop):
    detail = reverse("catalogue:enquiry_detail", args=[talk.pk])
    url = reverse("catalogue:enquiry_officer_erase", args=[talk.pk])
    # The owner sees no such link and may not open the page.
    owner = client_of(shop.user)
    assert url not in owner.get(detail).content.decode()
    assert owner.get(url).status_code == 403
    assert owner.post(url, {"confirm": "1", "note": NOTE}).status_code == 403

    page = client_of(officer)
    assert url in page.get(detail).content.decode()
    form = page.get(url)
    assert form.status_code == 200 and "tidak dapat dibatalkan" in form.content.decode()
    refused = page.post(url, {"note": NOTE})
    assert refused.status_code == 400 and NOTE in refused.content.decode()  # the note is kept
    assert Enquiry.objects.get(pk=talk.pk).erased_at is None
    done = page.post(url, {"confirm": "1", "note": NOTE}, follow=True)
    assert done.redirect_chain[-1][0] == detail
    body = done.content.decode()
    assert NAME not in body and "Data pengirim dihapus" in body
    assert url not in body  # nothing left to erase

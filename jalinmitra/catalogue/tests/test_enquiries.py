"""Enquiries from the public product page: stored and delivered, bad input refused with a
clear message and nothing stored, the owner's inbox, lead counts."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from jalinmitra.accounts.models import User
from jalinmitra.businesses.models import Business
from jalinmitra.businesses.selectors import business_mail_language
from jalinmitra.catalogue import selectors, services
from jalinmitra.catalogue.choices import EnquiryStatus
from jalinmitra.catalogue.forms import TRAP_FIELD
from jalinmitra.catalogue.models import Enquiry
from jalinmitra.catalogue.views import product_path
from jalinmitra.core.models import AuditLog

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "Bu Rina (Hotel Metro)",
    "phone": "0812 7777 8888",
    "email": "",
    "quantity": "50 kg per bulan",
    "message": "Apakah bisa kirim tiap Senin ke hotel kami?",
}


def post(client, offer, data, **extra):
    return client.post(f"/katalog/produk/{offer.pk}/tanya/", data, **extra)


def test_enquiry_is_stored_and_mailed_to_business_and_officer(
    client, shop, officer, after_commit_now
):
    Business.objects.filter(pk=shop.business.pk).update(email="alice@usaha.example")
    User.objects.filter(pk=officer.pk).update(email="petugas@kota.example")
    response = post(client, shop.offer, GOOD)
    enquiry = Enquiry.objects.get()
    # the buyer is sent to their private conversation page
    assert response.status_code == 302
    assert response["Location"] == f"/katalog/percakapan/{enquiry.token}/"
    assert enquiry.phone == "+6281277778888" and enquiry.business == shop.business
    assert enquiry.status == EnquiryStatus.NEW and enquiry.read_at is None
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {"alice@usaha.example", "petugas@kota.example"}
    assert "Keripik Pisang Coklat" in mail.outbox[0].subject
    # no personal data of the sender in the mail or the audit trail
    assert "Rina" not in mail.outbox[0].body and "7777" not in mail.outbox[0].body
    row = AuditLog.objects.get(action="catalogue.enquiry_create")
    assert "Rina" not in str(row.changes) and "7777" not in str(row.changes)


def test_the_business_address_is_mailed_in_its_owners_language(
    client, shop, officer, after_commit_now
):
    Business.objects.filter(pk=shop.business.pk).update(email="alice@usaha.example")
    User.objects.filter(pk=officer.pk).update(email="petugas@kota.example")
    User.objects.filter(pk=shop.user.pk).update(language="en")
    post(client, shop.offer, GOOD)
    by_address = {tuple(m.to): m for m in mail.outbox}
    assert set(by_address) == {("alice@usaha.example",), ("petugas@kota.example",)}
    assert by_address[("alice@usaha.example",)].subject == "New enquiry: Keripik Pisang Coklat"
    officers = by_address[("petugas@kota.example",)]
    assert officers.subject == "Permintaan informasi baru: Keripik Pisang Coklat"


def test_a_business_without_an_owner_login_is_mailed_in_indonesian(shop):
    from jalinmitra.businesses.models import Membership

    User.objects.filter(pk=shop.user.pk).update(language="en")
    assert business_mail_language(business=shop.business) == "en"
    Membership.objects.filter(business=shop.business).delete()
    assert business_mail_language(business=shop.business) == "id"


def test_nothing_of_the_enquirer_is_public(client, shop):
    post(client, shop.offer, GOOD)
    for url in ["/katalog/", product_path(shop.offer), "/sitemap.xml"]:
        body = client.get(url).content.decode()
        assert "Rina" not in body and "7777" not in body


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"name": ""}, "name", "Nama wajib diisi"),
        ({"message": "   "}, "message", "Tulis pesan Anda"),
        ({"phone": "", "email": ""}, "phone", "Isi nomor HP atau email"),
        ({"phone": "12345"}, "phone", "Nomor HP tidak dikenali"),
        ({"email": "bukan-email"}, "email", "Alamat email tidak valid"),
        ({"message": "x" * 1001}, "message", "Terlalu panjang"),
        ({"name": "n" * 101}, "name", "Terlalu panjang"),
        ({"message": "<script>alert(1)</script>"}, "message", "tag HTML"),
        ({"name": "<b>Rina</b>"}, "name", "tag HTML"),
        ({"quantity": '<img src=x onerror="alert(1)">'}, "quantity", "tag HTML"),
    ],
)
def test_bad_input_gets_a_clear_message_and_stores_nothing(client, shop, change, field, message):
    response = post(client, shop.offer, GOOD | change)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert "<script>alert" not in body  # what was typed is shown escaped, never run
    assert not Enquiry.objects.exists()
    with pytest.raises(ValidationError) as e:
        services.enquiry_clean(GOOD | change)
    assert field in e.value.message_dict


def test_honeypot_stores_nothing(client, shop):
    response = post(client, shop.offer, GOOD | {TRAP_FIELD: "http://spam.example"})
    assert response.status_code == 400
    assert "Pesan tidak dapat dikirim" in response.content.decode()
    assert not Enquiry.objects.exists()


def test_flood_from_one_address_is_refused(client, shop):
    for _ in range(services.ENQUIRIES_PER_HOUR):
        assert post(client, shop.offer, GOOD, REMOTE_ADDR="10.0.0.7").status_code == 302
    response = post(client, shop.offer, GOOD, REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 400
    assert "Terlalu banyak pesan" in response.content.decode()
    assert Enquiry.objects.count() == services.ENQUIRIES_PER_HOUR
    # another address is not held up by the first one's flood
    assert post(client, shop.offer, GOOD, REMOTE_ADDR="10.0.0.8").status_code == 302
    # the address itself is not stored
    assert not Enquiry.objects.filter(client_key__contains="10.0.0").exists()


def test_enquiry_about_a_hidden_offer_is_refused(shop):
    from jalinmitra.businesses.services import offer_update

    offer_update(actor=shop.user, offer=shop.offer, data={"is_active": False})
    with pytest.raises(ValidationError) as e:
        services.enquiry_create(offer=shop.offer, data=GOOD, client_address="1.2.3.4")
    assert e.value.code == "state"


def test_inbox_owner_sees_counts_answers_and_closes(client, client_of, shop, bob):
    post(client, shop.offer, GOOD)
    post(client, shop.offer, GOOD | {"message": "Berapa harga grosir?"})
    owner = client_of(shop.user)
    response = owner.get("/katalog/pesan/", follow=True)
    body = response.content.decode()
    assert "2 pesan belum dibaca" in body and "Berapa harga grosir?" in body
    assert "Bu Rina" in body and "+6281277778888" in body
    assert selectors.enquiry_unread_count(business=shop.business) == 2
    before = AuditLog.objects.count()
    owner.get(f"/katalog/pesan/usaha/{shop.business.pk}/")
    assert AuditLog.objects.count() == before  # reading the page writes nothing
    first, second = Enquiry.objects.order_by("id")
    owner.post(f"/katalog/pesan/{first.pk}/jawab/", {"answer": "Sudah saya telepon."})
    owner.post(f"/katalog/pesan/{second.pk}/tutup/")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == EnquiryStatus.ANSWERED and first.answer == "Sudah saya telepon."
    assert second.status == EnquiryStatus.CLOSED
    assert selectors.enquiry_unread_count(business=shop.business) == 0
    assert AuditLog.objects.filter(action__startswith="catalogue.enquiry_").count() == 4


def test_another_owner_may_not_see_or_handle(client, client_of, shop, bob):
    post(client, shop.offer, GOOD)
    enquiry = Enquiry.objects.get()
    bob_user, _ = bob
    other = client_of(bob_user)
    assert other.get(f"/katalog/pesan/usaha/{shop.business.pk}/").status_code == 403
    assert other.post(f"/katalog/pesan/{enquiry.pk}/tutup/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.enquiry_close(actor=bob_user, enquiry=enquiry)
    with pytest.raises(PermissionDenied):
        selectors.enquiries_for(user=bob_user, business=shop.business)
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.NEW


def test_answer_refusals(shop, officer):
    enquiry = services.enquiry_create(offer=shop.offer, data=GOOD, client_address="1.1.1.1")
    with pytest.raises(ValidationError) as e:
        services.enquiry_answer(actor=officer, enquiry=enquiry, answer="  ")
    assert "answer" in e.value.message_dict
    services.enquiry_close(actor=officer, enquiry=enquiry)
    with pytest.raises(ValidationError) as e:
        services.enquiry_close(actor=officer, enquiry=enquiry)
    assert e.value.code == "state"


def test_enquiry_counts_for_the_programme(shop, other_shop, officer):
    for i in range(3):
        services.enquiry_create(offer=shop.offer, data=GOOD, client_address=f"1.1.1.{i}")
    e = services.enquiry_create(offer=other_shop.offer, data=GOOD, client_address="2.2.2.2")
    services.enquiry_close(actor=officer, enquiry=e)
    counts = selectors.enquiry_counts()
    assert counts["total"] == 4 and counts["businesses"] == 2
    assert counts["new"] == 3 and counts["closed"] == 1 and counts["answered"] == 0
    assert selectors.enquiry_counts(business_ids=[shop.business.pk])["total"] == 3
    import datetime

    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    assert selectors.enquiry_counts(start=tomorrow)["total"] == 0


def test_contact_consent_page_give_and_withdraw(client_of, shop, officer):
    owner = client_of(shop.user)
    page = f"/katalog/kontak/{shop.business.pk}/"
    assert "Belum disetujui" in owner.get(page).content.decode()
    owner.post(page, {"action": "setuju"})
    live = selectors.contact_consent_live(business=shop.business)
    assert live is not None and live.version and live.given_by == shop.user
    owner.post(page, {"action": "tarik"})
    assert selectors.contact_consent_live(business=shop.business) is None
    assert list(
        AuditLog.objects.filter(action__startswith="catalogue.contact")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["catalogue.contact_consent", "catalogue.contact_withdraw"]
    with pytest.raises(PermissionDenied):
        services.contact_consent_give(actor=officer, business=shop.business)
    with pytest.raises(ValidationError) as e:
        services.contact_consent_withdraw(actor=shop.user, business=shop.business)
    assert e.value.code == "state"


def test_consent_to_an_older_statement_is_not_live(shop, monkeypatch):
    from jalinmitra.catalogue import choices

    services.contact_consent_give(actor=shop.user, business=shop.business)
    monkeypatch.setattr(selectors, "CONTACT_CONSENT_VERSION", "2099-01")
    monkeypatch.setattr(choices, "CONTACT_CONSENT_VERSION", "2099-01")
    assert selectors.contact_consent_live(business=shop.business) is None

"""Signature products (criteria in the service, yearly review, withdrawal audited) and the
printed catalogue and QR poster (no NIK, no phone without consent)."""

import datetime
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from jalinmitra.businesses.services import certification_add, offer_update
from jalinmitra.catalogue import services
from jalinmitra.catalogue.models import SignatureProduct
from jalinmitra.catalogue.tests.conftest import ALICE_NIK, ALICE_PHONE_DIGITS
from jalinmitra.core.models import AuditLog

pytestmark = pytest.mark.django_db

STORY = "Dibuat dari pisang kepok petani Metro, digoreng dengan minyak baru setiap hari."


def test_officer_designates_reviews_and_withdraws(client, officer, shop):
    sig = services.signature_designate(actor=officer, offer=shop.offer, story=STORY)
    today = datetime.date.today()
    assert (sig.review_on - today).days in (365, 366)
    body = client.get("/katalog/unggulan/").content.decode()
    assert "Keripik Pisang Coklat" in body and "pisang kepok petani Metro" in body
    assert "Produk unggulan" in client.get("/katalog/").content.decode()
    SignatureProduct.objects.filter(pk=sig.pk).update(review_on=today)
    sig.refresh_from_db()
    assert sig.review_due
    services.signature_review(actor=officer, signature=sig)
    sig.refresh_from_db()
    assert sig.review_on > today
    with pytest.raises(ValidationError):
        services.signature_withdraw(actor=officer, signature=sig, reason="")
    services.signature_withdraw(actor=officer, signature=sig, reason="Produk tidak lagi dibuat.")
    assert "Keripik Pisang Coklat" not in client.get("/katalog/unggulan/").content.decode()
    actions = list(
        AuditLog.objects.filter(action__startswith="catalogue.signature")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "catalogue.signature_designate",
        "catalogue.signature_review",
        "catalogue.signature_withdraw",
    ]
    # withdrawn: may be designated again, as a new row (history kept)
    services.signature_designate(actor=officer, offer=shop.offer, story=STORY)
    assert SignatureProduct.objects.filter(offer=shop.offer).count() == 2


def test_only_officers_designate(shop):
    with pytest.raises(PermissionDenied):
        services.signature_designate(actor=shop.user, offer=shop.offer, story=STORY)


def test_criteria_photo_and_valid_certificates(officer, other_shop):
    # Bob's offer has no photo; an expired certificate on it
    old = certification_add(
        actor=officer,
        business=other_shop.business,
        kind="halal",
        number="ID9",
        expires_on=datetime.date.today() - datetime.timedelta(days=1),
    )
    offer_update(actor=other_shop.user, offer=other_shop.offer, data={}, certifications=[old])
    with pytest.raises(ValidationError) as e:
        services.signature_designate(actor=officer, offer=other_shop.offer, story=STORY)
    text = " ".join(e.value.messages)
    assert "foto" in text and "kedaluwarsa" in text
    assert {err.code for err in e.value.error_list} == {"criteria"}
    assert not SignatureProduct.objects.exists()


def test_criteria_made_in_the_city_and_verified(officer, shop):
    from jalinmitra.businesses.models import Business

    Business.objects.filter(pk=shop.business.pk).update(status="submitted")
    with pytest.raises(ValidationError) as e:
        services.signature_designate(actor=officer, offer=shop.offer, story=STORY)
    assert "terverifikasi" in " ".join(e.value.messages)
    # no address in the city
    Business.objects.filter(pk=shop.business.pk).update(status="verified", region=None)
    failures = services.signature_criteria_failures(
        shop.offer.__class__.objects.get(pk=shop.offer.pk)
    )
    assert any("wilayah kota" in f for f in failures)


def test_story_with_markup_is_refused(officer, shop):
    with pytest.raises(ValidationError) as e:
        services.signature_designate(actor=officer, offer=shop.offer, story="<script>x</script>")
    assert "HTML" in " ".join(e.value.messages)


def test_designate_page_for_officers_only(client_of, shop, officer):
    url = f"/katalog/unggulan/tetapkan/{shop.offer.pk}/"
    assert client_of(shop.user).get(url).status_code == 403
    page = client_of(officer)
    assert "Semua kriteria terpenuhi" in page.get(url).content.decode()
    assert page.post(url, {"story": STORY}).status_code == 302
    assert SignatureProduct.objects.filter(offer=shop.offer).exists()


def _pdf_text(content: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(BytesIO(content)).pages)


def test_printed_catalogue_and_poster_without_then_with_consent(client, shop, other_shop):
    response = client.get("/katalog/cetak.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "Keripik Pisang Coklat" in text and "Kemplang Ikan Tenggiri" in text
    assert ALICE_NIK not in text and ALICE_PHONE_DIGITS not in text.replace(" ", "")
    poster = client.get(f"/katalog/produk/{shop.offer.pk}/poster.pdf")
    ptext = _pdf_text(poster.content)
    assert "Keripik Pisang Coklat" in ptext and ALICE_PHONE_DIGITS not in ptext.replace(" ", "")
    assert PdfReader(BytesIO(poster.content)).pages[0].mediabox.width < 300  # A6: 298 pt

    services.contact_consent_give(actor=shop.user, business=shop.business)
    text = _pdf_text(client.get("/katalog/cetak.pdf").content)
    assert "+6281234567890" in text.replace(" ", "")
    assert ALICE_NIK not in text


def test_signature_only_catalogue(client, officer, shop, other_shop):
    services.signature_designate(actor=officer, offer=shop.offer, story=STORY)
    text = _pdf_text(client.get("/katalog/cetak.pdf?unggulan=1").content)
    assert "Keripik Pisang Coklat" in text and "Kemplang" not in text
    assert "Unggulan" in text


def test_print_this_page_link_prints_those_products(client, shop, other_shop):
    import re

    body = client.get("/katalog/", {"q": "kemplang"}).content.decode()
    link = re.search(r'href="(/katalog/cetak\.pdf\?[^"]+)"', body).group(1).replace("&amp;", "&")
    text = _pdf_text(client.get(link).content)
    assert "Kemplang Ikan Tenggiri" in text and "Keripik Pisang Coklat" not in text


def test_review_due_is_flagged_for_officers(client_of, officer, shop):
    sig = services.signature_designate(actor=officer, offer=shop.offer, story=STORY)
    SignatureProduct.objects.filter(pk=sig.pk).update(review_on=datetime.date.today())
    assert "Perlu ditinjau" in client_of(officer).get("/katalog/unggulan/").content.decode()

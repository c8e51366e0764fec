"""The demo's catalogue section: photos drawn for every public offer, thumbnails, signature
products, contact consent of owners with a login, enquiries in the featured owner's inbox."""

import pytest
from PIL import Image

from jalinmitra.businesses.models import OfferPhoto
from jalinmitra.businesses.services import business_verify, offer_create
from jalinmitra.catalogue.models import ContactConsent, Enquiry, SignatureProduct, Thumbnail
from jalinmitra.demo.catalogue import catalogue_demo_create, initials, placeholder_image
from jalinmitra.notifications.selectors import guest_messages


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_placeholder_is_a_drawn_tile_with_initials():
    from io import BytesIO

    image = Image.open(BytesIO(placeholder_image("Keripik Pisang Coklat")))
    assert image.size == (640, 640)
    assert initials("Keripik Pisang Coklat") == "KP"
    assert image.getpixel((5, 5)) != image.getpixel((320, 320))  # not a blank square


def test_demo_catalogue(client, officer, alice, bob):
    for user, business in (alice, bob):
        business_verify(actor=officer, business=business)
        offer_create(
            actor=user,
            business=business,
            data={"title": f"Keripik {business.name}", "unit": "kg", "price_min": 20_000},
        )
    summary = catalogue_demo_create(officer=officer, featured_login="alice")
    assert summary.photos == 2 and OfferPhoto.objects.count() == 2
    assert Thumbnail.objects.count() == 6
    assert summary.signatures == 2  # one per business, criteria met
    assert SignatureProduct.objects.filter(withdrawn_at__isnull=True).count() == 2
    assert summary.consents == 2 and ContactConsent.objects.count() == 2
    assert Enquiry.objects.filter(business=alice[1]).count() == 3
    # a short conversation: the owner's answer in the thread, the buyer's reply by the link
    first = Enquiry.objects.filter(business=alice[1]).order_by("id").first()
    assert "Rp24.000" in client.get(f"/katalog/percakapan/{first.token}/").content.decode()
    assert guest_messages(target=first).count() == 1
    again = catalogue_demo_create(officer=officer, featured_login="alice")
    assert (again.photos, again.signatures, again.consents, again.enquiries) == (0, 0, 0, 0)
    body = client.get("/katalog/").content.decode()
    assert "Keripik Pisang Bu Alice" in body and ".webp" in body

from io import BytesIO
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

ALICE_NIK = "1872014506900001"
ALICE_PHONE_DIGITS = "81234567890"


def png(color=(200, 120, 40), size=(800, 600), name="foto.png") -> SimpleUploadedFile:
    out = BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


@pytest.fixture(autouse=True)
def media_and_index(settings, tmp_path):
    from jalinmitra.matching.selectors import offer_index_reset

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "https://katalog.example"
    offer_index_reset()
    yield
    offer_index_reset()


def add_offer(user, business, *, title, photo=True, capture=None, **data):
    from jalinmitra.businesses.services import offer_save

    values = {
        "title": title,
        "description": data.pop("description", f"{title} buatan rumah"),
        "unit": data.pop("unit", "kg"),
        "price_min": data.pop("price_min", 25_000),
        "price_max": data.pop("price_max", 30_000),
        "capacity_per_month": data.pop("capacity_per_month", 200),
    } | data
    certs = values.pop("certifications", None)
    return offer_save(
        actor=user,
        business=business,
        offer=None,
        data=values,
        certifications=certs,
        photo=png() if photo else None,
    )


@pytest.fixture
def shop(officer, alice, django_capture_on_commit_callbacks):
    """Alice's verified micro business with one public offer and its photo (thumbnails made)."""
    from jalinmitra.businesses.services import business_verify

    user, business = alice
    business = business_verify(actor=officer, business=business)
    with django_capture_on_commit_callbacks(execute=True):
        offer = add_offer(user, business, title="Keripik Pisang Coklat")
    return SimpleNamespace(user=user, business=business, offer=offer)


@pytest.fixture
def other_shop(officer, bob, django_capture_on_commit_callbacks):
    from jalinmitra.businesses.services import business_verify

    user, business = bob
    business = business_verify(actor=officer, business=business)
    offer = add_offer(
        user,
        business,
        title="Kemplang Ikan Tenggiri",
        photo=False,
        price_min=60_000,
        price_max=80_000,
    )
    return SimpleNamespace(user=user, business=business, offer=offer)

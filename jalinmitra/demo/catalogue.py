"""Demo data of the public catalogue for `python manage.py demo`: every demo offer of a
verified micro or small business gets a photo (a placeholder drawn here: a coloured tile with
the product's initials, nothing copied from anywhere), the thumbnails are made by the
catalogue's own command, three products are designated signature products, the owners who
have a login agree to show their contact, and a few buyers' enquiries wait in the inbox.

Everything goes through the real services. Idempotent: a second run adds nothing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from PIL import Image, ImageDraw, ImageFont

from jalinmitra.accounts.models import User
from jalinmitra.businesses.choices import MembershipRole
from jalinmitra.businesses.models import Membership, Offer
from jalinmitra.businesses.services import offer_photo_add
from jalinmitra.catalogue.models import ContactConsent, Enquiry, SignatureProduct
from jalinmitra.catalogue.selectors import contact_consent_live, public_offer_q
from jalinmitra.catalogue.services import (
    contact_consent_give,
    enquiry_answer,
    enquiry_buyer_reply,
    enquiry_create,
    signature_criteria_failures,
    signature_designate,
)

TILE = 640
# Soft, readable backgrounds; the product's name picks one.
COLOURS = [
    (196, 90, 40),
    (46, 125, 80),
    (160, 120, 30),
    (120, 70, 140),
    (30, 110, 150),
    (170, 60, 80),
    (90, 110, 40),
    (60, 90, 160),
]

SIGNATURE_STORIES = [
    "Keripik pisang kepok dari kebun di sekitar Metro, diiris tipis dan digoreng setiap pagi; "
    "oleh-oleh yang paling sering dibawa tamu kota.",
    "Dibuat oleh usaha rumahan dengan resep keluarga, bahan dari petani dan pasar setempat, "
    "dikemas rapi untuk hotel dan toko oleh-oleh.",
    "Produk khas Metro yang dikenal pembeli dari pameran kota; kualitasnya dijaga dengan "
    "sertifikat yang masih berlaku.",
]

ENQUIRIES = [
    {
        "name": "Bagian Pembelian Hotel Metro Indah",
        "email": "pembelian@hotel-metro.example",
        "phone": "",
        "quantity": "40 kg per bulan",
        "message": "Kami mencari pemasok tetap untuk kamar tamu. Bisa kirim tiap Senin?",
    },
    {
        "name": "Toko Oleh-Oleh Sumber Rejeki",
        "phone": "0813 6000 1122",
        "email": "",
        "quantity": "200 bungkus",
        "message": "Apakah ada kemasan 250 gram dengan label toko kami?",
    },
    {
        "name": "Panitia Pameran UMKM",
        "phone": "",
        "email": "panitia@pameran.example",
        "quantity": "",
        "message": "Mohon info harga grosir untuk pameran bulan depan.",
    },
]


@dataclass
class CatalogueDemoSummary:
    photos: int = 0
    signatures: int = 0
    consents: int = 0
    enquiries: int = 0


def initials(title: str) -> str:
    words = [w for w in title.replace("-", " ").split() if w[:1].isalpha()]
    return "".join(w[0] for w in words[:2]).upper() or "P"


def placeholder_image(title: str) -> bytes:
    """A square tile in a colour picked from the name, the initials large and the name small."""
    colour = COLOURS[int(hashlib.sha256(title.encode()).hexdigest(), 16) % len(COLOURS)]
    image = Image.new("RGB", (TILE, TILE), colour)
    draw = ImageDraw.Draw(image)
    light = tuple(min(255, c + 60) for c in colour)
    draw.ellipse((80, 60, TILE - 80, TILE - 100), fill=light)
    big = ImageFont.load_default(size=220)
    draw.text((TILE / 2, TILE / 2 - 20), initials(title), font=big, fill="white", anchor="mm")
    size = 36
    small = ImageFont.load_default(size=size)
    while size > 14 and draw.textlength(title, font=small) > TILE - 40:
        size -= 2
        small = ImageFont.load_default(size=size)
    draw.text((TILE / 2, TILE - 50), title, font=small, fill="white", anchor="mm")
    out = BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def _photos(officer: User) -> int:
    added = 0
    offers = (
        Offer.objects.filter(public_offer_q(), photos__isnull=True)
        .select_related("business")
        .order_by("id")
    )
    for offer in offers:
        upload = SimpleUploadedFile(
            f"demo-{offer.pk}.jpg", placeholder_image(offer.title), content_type="image/jpeg"
        )
        offer_photo_add(actor=officer, offer=offer, upload=upload)
        added += 1
    return added


def _consents() -> int:
    # Once given, never again: later demo sections add businesses with public offers, which
    # would change which three owners come first on a second run.
    if ContactConsent.objects.exists():
        return 0
    given = 0
    owners = Membership.objects.filter(
        role=MembershipRole.OWNER,
        business__in=Offer.objects.filter(public_offer_q()).values("business"),
    ).select_related("user", "business")
    for membership in owners.order_by("business_id")[:3]:
        if contact_consent_live(business=membership.business) is None:
            contact_consent_give(actor=membership.user, business=membership.business)
            given += 1
    return given


def _signatures(officer: User, featured_owner: User | None) -> int:
    if SignatureProduct.objects.filter(withdrawn_at__isnull=True).exists():
        return 0
    chosen: list[Offer] = []
    candidates = list(
        Offer.objects.filter(public_offer_q(), photos__isnull=False)
        .select_related("business")
        .distinct()
        .order_by("id")
    )
    if featured_owner is not None:  # the demo owner's banana chips first
        candidates.sort(
            key=lambda o: not o.business.memberships.filter(user=featured_owner).exists()
        )
    seen_businesses: set[int] = set()
    for offer in candidates:
        if offer.business_id in seen_businesses or signature_criteria_failures(offer):
            continue
        chosen.append(offer)
        seen_businesses.add(offer.business_id)
        if len(chosen) == 3:
            break
    for offer, story in zip(chosen, SIGNATURE_STORIES, strict=False):
        signature_designate(actor=officer, offer=offer, story=story)
    return len(chosen)


def _enquiries(featured_owner: User | None) -> int:
    if Enquiry.objects.exists():
        return 0
    offers = Offer.objects.filter(public_offer_q()).order_by("id")
    answerer = None
    if featured_owner is not None:
        own = offers.filter(business__memberships__user=featured_owner)
        if own.exists():
            offers, answerer = own, featured_owner
    offer = offers.first()
    if offer is None:
        return 0
    for i, data in enumerate(ENQUIRIES):
        enquiry = enquiry_create(offer=offer, data=data, client_address=f"demo-{i}")
        if answerer is not None and i < len(DEMO_THREAD):  # a short conversation
            answer, reply = DEMO_THREAD[i]
            enquiry_answer(actor=answerer, enquiry=enquiry, answer=answer)
            enquiry_buyer_reply(enquiry=enquiry, body=reply, client_address=f"demo-{i}")
    return len(ENQUIRIES)


# The owner's answer and the buyer's reply through the private link, per enquiry.
DEMO_THREAD = [
    (
        "Bisa. Untuk 40 kg per bulan kami kirim setiap Senin pagi; harga grosir Rp24.000/kg.",
        "Baik, kami pesan untuk bulan depan. Mohon kirim contoh 2 kg dahulu.",
    ),
    (
        "Terima kasih. 200 bungkus bisa kami siapkan dalam satu minggu.",
        "Baik, kami hubungi lewat WhatsApp untuk pembayarannya.",
    ),
]


def catalogue_demo_create(*, officer: User, featured_login: str = "umkm") -> CatalogueDemoSummary:
    featured_owner = User.objects.filter(username=featured_login).first()
    with transaction.atomic():
        summary = CatalogueDemoSummary(photos=_photos(officer))
    # The thumbnails, as for photos stored before the catalogue existed (its own command).
    call_command("catalogue_thumbnails", verbosity=0, stdout=BytesIOText())
    with transaction.atomic():
        summary.consents = _consents()
        summary.signatures = _signatures(officer, featured_owner)
        summary.enquiries = _enquiries(featured_owner)
    return summary


class BytesIOText:
    """A stdout that keeps nothing (the command's line is not part of the demo's summary)."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        return None

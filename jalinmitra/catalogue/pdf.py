"""The printed catalogue (A4) and a product's QR poster (A6), typeset by Typst.

Each product gets a QR code (segno) pointing to its public page; photos go in as small JPEGs
made for the print. Contact details only where the owner consented (selectors)."""

import io
import json
import shutil
import tempfile
from pathlib import Path

import segno
import typst
from django.conf import settings
from django.utils import timezone
from PIL import Image, ImageOps

from jalinmitra.catalogue import selectors
from jalinmitra.core.dates import format_tanggal
from jalinmitra.core.money import format_rupiah
from jalinmitra.core.selectors import city_current

TYPST_DIR = Path(__file__).parent / "typst"
PRINT_WIDTH = 320  # a thumbnail width (thumbnails.WIDTHS)


def product_url(offer) -> str:
    from jalinmitra.catalogue.views import product_path

    return settings.SITE_URL + product_path(offer)


def qr_svg(url: str) -> str:
    out = io.BytesIO()
    # A fixed mask: choosing the best of eight is most of the time of a 150-product catalogue,
    # and any mask reads.
    segno.make(url, error="m", mask=1).save(out, kind="svg", border=1, xmldecl=False)
    return out.getvalue().decode()


def _photo_file(offer, folder: Path) -> str:
    photos = list(offer.photos.all())
    if not photos:
        return ""
    # From the small thumbnail when there is one (quick to decode); JPEG, which the PDF keeps
    # as it is (a WebP would be stored decoded, several times larger).
    thumbs = {t.width: t for t in photos[0].thumbnails.all()}
    source = thumbs[PRINT_WIDTH].image if PRINT_WIDTH in thumbs else photos[0].image
    name = f"p{offer.pk}.jpg"
    try:
        with source.open("rb") as f:
            image = ImageOps.exif_transpose(Image.open(f)).convert("RGB")
        image.thumbnail((PRINT_WIDTH, PRINT_WIDTH))
        image.save(folder / name, "JPEG", quality=80)
    except (OSError, ValueError):
        return ""
    return name


def _price(offer) -> str:
    low, high = offer.price_min, offer.price_max
    if low is None and high is None:
        return ""
    unit = str(offer.get_unit_display())
    if low is not None and high is not None and low != high:
        return f"{format_rupiah(low)} – {format_rupiah(high)} / {unit}"
    return f"{format_rupiah(low if low is not None else high)} / {unit}"


def _item(offer, folder: Path, consented: set[int]) -> dict:
    business = offer.business
    region = business.region
    url = product_url(offer)
    qr = f"q{offer.pk}.svg"
    (folder / qr).write_text(qr_svg(url), encoding="utf-8")
    contact = ""
    if business.pk in consented:
        contact = " · ".join(p for p in [business.whatsapp, business.email] if p)
    return {
        "title": offer.title,
        "business": business.name,
        "kecamatan": region.parent.name if region is not None and region.parent_id else "",
        "price": _price(offer),
        "capacity": (
            f"{offer.capacity_per_month:,}".replace(",", ".") + f" {offer.get_unit_display()}/bulan"
            if offer.capacity_per_month
            else ""
        ),
        "certs": [
            f"{c.get_kind_display()}"
            + (f" s.d. {format_tanggal(c.expires_on)}" if c.expires_on else "")
            for c in offer.certifications.all()
        ],
        "description": (offer.description or "")[:280],
        "contact": contact,
        "url": url,
        "photo": _photo_file(offer, folder),
        "qr": qr,
    }


def _compile(template: str, data: dict, folder: Path) -> bytes:
    shutil.copy(TYPST_DIR / template, folder / template)
    (folder / "data.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return typst.compile(str(folder / template), root=str(folder), format="pdf")


def catalogue_pdf(offers, *, title_signature: bool = False) -> bytes:
    """A4 catalogue of `offers` (public ones only: the caller selects through selectors)."""
    city = city_current()
    consented = selectors.consented_business_ids(business_ids={o.business_id for o in offers})
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = {
            "title": "Katalog Produk Unggulan" if title_signature else "Katalog Produk UMKM",
            "city": city.name if city else "",
            "date": format_tanggal(timezone.localdate()),
            "site": settings.SITE_URL + "/katalog/",
            "items": [_item(o, folder, consented) for o in offers],
        }
        return _compile("catalogue.typ", data, folder)


def poster_pdf(offer) -> bytes:
    """An A6 poster for the stall or the package: photo, name, price and a large QR code."""
    city = city_current()
    consented = selectors.consented_business_ids(business_ids={offer.business_id})
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = {"city": city.name if city else "", "item": _item(offer, folder, consented)}
        return _compile("poster.typ", data, folder)

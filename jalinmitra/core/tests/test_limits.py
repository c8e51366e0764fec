"""Limits on uploads and typed text in core: the city logo is checked from its header, a
type-ahead query is cut short, and lengths_check names every over-long field."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from jalinmitra.core.limits import lengths_check
from jalinmitra.core.models import AuditLog, City, Office


def _png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        return struct.pack(">I", len(data)) + kind + data + crc

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def _city_post(city: City, **changes) -> dict:
    data = {
        "name": city.name,
        "short_name": city.short_name,
        "code": city.code,
        "address": city.address,
        "agreement_number_pattern": city.agreement_number_pattern,
        "payment_term_policy_days": city.payment_term_policy_days,
        "privacy_notice_version": city.privacy_notice_version,
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_a_logo_declaring_too_many_pixels_is_refused_with_a_clear_message(
    client, city_admin, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    city = City.objects.get()
    client.force_login(city_admin)
    bomb = SimpleUploadedFile("logo.png", _png_header(13000, 13000), "image/png")
    response = client.post(reverse("core:city"), _city_post(city, logo=bomb))
    assert response.status_code == 200
    assert "megapiksel" in str(response.context["form"].errors["logo"])
    city.refresh_from_db()
    assert not city.logo
    assert not AuditLog.objects.filter(action="city.update").exists()


@pytest.mark.django_db
def test_an_ordinary_logo_is_accepted(client, city_admin, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    city = City.objects.get()
    client.force_login(city_admin)
    out = io.BytesIO()
    Image.new("RGB", (200, 200), (10, 90, 160)).save(out, "PNG")
    logo = SimpleUploadedFile("logo.png", out.getvalue(), "image/png")
    response = client.post(reverse("core:city"), _city_post(city, logo=logo))
    assert response.status_code == 302
    city.refresh_from_db()
    assert city.logo.name.startswith("city/")


@pytest.mark.django_db
def test_lengths_check_names_every_over_long_field():
    errors = lengths_check(Office, {"code": "x" * 31, "name": "x" * 201, "phone": "0812"})
    assert set(errors) == {"code", "name"}
    assert "paling banyak 30 karakter" in errors["code"]


@pytest.mark.django_db
def test_picker_query_is_cut_short(client, officer):
    client.force_login(officer)
    response = client.get(reverse("core:region_picker"), {"q": "yosomulyo" + "x" * 100_000})
    assert response.status_code == 200

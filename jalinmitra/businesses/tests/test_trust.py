"""Issue 8 (trust), registry part: every error at once, limits on text and uploads, no lost
updates, consent that can be given later."""

import io
import re
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from jalinmitra.businesses import services
from jalinmitra.businesses.imports import ImportFileError, read_table
from jalinmitra.businesses.models import Business, Need, Offer, OfferPhoto
from jalinmitra.core.limits import DESCRIPTION_MAX_LENGTH, image_open
from jalinmitra.core.models import AuditLog, City, Region
from jalinmitra.testing import make_business, make_owner

pytestmark = pytest.mark.django_db


def _field_html(html: str, name: str) -> str:
    for chunk in re.split(r'(?=<div class="field)', html):
        if f'name="{name}"' in chunk:
            return chunk
    raise AssertionError(f"no field {name!r} in the page")


def _edit_post(business: Business, **changes) -> dict:
    data = {
        "name": business.name,
        "legal_form": business.legal_form,
        "owner_name": business.owner_name,
        "owner_nik": "",
        "nib": business.nib or "",
        "npwp": "",
        "whatsapp": business.whatsapp,
        "email": business.email,
        "address": business.address,
        "region": business.region_id or "",
        "kbli_primary": "10794",
        "kbli_others": "",
        "modal_usaha": str(business.modal_usaha or ""),
        "hasil_penjualan": str(business.hasil_penjualan or ""),
        "description": business.description,
        "version": str(business.version),
    }
    data.update(changes)
    return data


# --- item 7: every error at once ---------------------------------------------------------


def test_bad_nik_and_bad_email_are_shown_together_on_create(client, officer):
    client.force_login(officer)
    response = client.post(
        reverse("businesses:create"),
        {
            "name": "Kopi Pak Sutris",
            "legal_form": "perorangan",
            "owner_name": "Sutrisno",
            "owner_nik": "12345",
            "email": "bukan-email",
            "region": "18.72.01.1005",
            "kbli_primary": "10794",
            "modal_usaha": "50.000.000",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "NIK harus 16 angka" in _field_html(html, "owner_nik")
    assert "has-error" in _field_html(html, "email")
    assert not Business.objects.exists()


def test_bad_nik_bad_email_and_unknown_kbli_together_on_edit(client, alice):
    user, business = alice
    client.force_login(user)
    response = client.post(
        reverse("businesses:edit", args=[business.pk]),
        _edit_post(business, owner_nik="12345", email="bukan-email", kbli_primary="99999"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"owner_nik", "email", "kbli_primary"} <= set(errors)
    assert not AuditLog.objects.filter(action="business.update").exists()


# --- item 12: limits ---------------------------------------------------------------------


def test_service_refuses_a_description_over_the_limit(officer, alice):
    _, business = alice
    with pytest.raises(ValidationError) as e:
        services.business_update(
            actor=officer, business=business, data={"description": "x" * 9_500_000}
        )
    assert "description" in e.value.error_dict
    assert "paling banyak 2.000 karakter" in e.value.error_dict["description"][0].messages[0]
    business.refresh_from_db()
    assert business.description == ""
    assert not AuditLog.objects.filter(action="business.update").exists()


def test_offer_and_need_descriptions_are_limited_in_the_service(alice, carol):
    with pytest.raises(ValidationError) as e:
        services.offer_create(
            actor=alice[0],
            business=alice[1],
            data={"title": "Keripik", "description": "x" * (DESCRIPTION_MAX_LENGTH + 1)},
        )
    assert "description" in e.value.error_dict
    with pytest.raises(ValidationError) as e:
        services.need_create(
            actor=carol[0],
            business=carol[1],
            data={"title": "Kopi", "description": "x" * (DESCRIPTION_MAX_LENGTH + 1)},
        )
    assert "description" in e.value.error_dict
    assert not Offer.objects.exists() and not Need.objects.exists()


def test_return_reason_is_limited(officer, alice):
    _, business = alice
    services.business_submit(actor=officer, business=business)
    with pytest.raises(ValidationError) as e:
        services.business_return(actor=officer, business=business, reason="x" * 5000)
    assert "reason" in e.value.error_dict


def test_forms_show_their_maximum_lengths(client, alice, carol):
    user, business = alice
    client.force_login(user)
    html = client.get(reverse("businesses:edit", args=[business.pk])).content.decode()
    assert 'maxlength="2000"' in _field_html(html, "description")
    assert "Paling banyak 2.000 karakter" in _field_html(html, "description")
    html = client.get(reverse("businesses:offer_create", args=[business.pk])).content.decode()
    assert 'maxlength="2000"' in _field_html(html, "description")
    client.force_login(carol[0])
    html = client.get(reverse("businesses:need_create", args=[carol[1].pk])).content.decode()
    assert 'maxlength="2000"' in _field_html(html, "description")


def test_a_huge_form_body_is_refused_before_the_view(client, alice):
    user, business = alice
    client.force_login(user)
    response = client.post(
        reverse("businesses:edit", args=[business.pk]),
        _edit_post(business, description="x" * (2 * 1024 * 1024)),
    )
    assert response.status_code == 400
    assert not AuditLog.objects.filter(action="business.update").exists()


def _png_header(width: int, height: int) -> bytes:
    """A tiny PNG that declares `width` × `height` pixels (what a decompression bomb does)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("side", [9000, 13000])
def test_image_over_the_pixel_limit_is_refused_from_its_header(side):
    upload = SimpleUploadedFile("bom.png", _png_header(side, side), "image/png")
    assert upload.size < 1000
    with pytest.raises(ValidationError) as e:
        image_open(upload, field="photo")
    message = e.value.error_dict["photo"][0].messages[0]
    assert "megapiksel" in message


def test_offer_photo_over_the_pixel_limit_shows_a_clear_message(client, alice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    user, business = alice
    client.force_login(user)
    bomb = SimpleUploadedFile("bom.png", _png_header(13000, 13000), "image/png")
    response = client.post(
        reverse("businesses:offer_create", args=[business.pk]),
        {"title": "Keripik", "unit": "kg", "is_active": "on", "photo": bomb},
    )
    assert response.status_code == 200
    assert "megapiksel" in _field_html(response.content.decode(), "photo")
    assert not Offer.objects.exists() and not OfferPhoto.objects.exists()


def test_an_xlsx_zip_bomb_is_refused_before_parsing():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"<worksheet>" + b" " * (80 * 1024 * 1024))
    with pytest.raises(ImportFileError) as e:
        read_table(filename="usaha.xlsx", data=out.getvalue(), kind="usaha")
    assert "terlalu besar setelah dibuka" in str(e.value)


def test_an_xlsx_declaring_too_many_rows_is_refused_before_parsing():
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "nama_usaha"
    workbook.active["B50000"] = "x"
    out = io.BytesIO()
    workbook.save(out)
    with pytest.raises(ImportFileError) as e:
        read_table(filename="usaha.xlsx", data=out.getvalue(), kind="usaha")
    assert "50000 baris" in str(e.value)


# --- item 15: no lost updates ------------------------------------------------------------


def test_second_officer_saving_an_outdated_business_is_refused(client, officer, officer2, alice):
    _, business = alice
    opened = business.version
    client.force_login(officer)
    first = client.post(
        reverse("businesses:edit", args=[business.pk]),
        _edit_post(business, address="Jl. Pertama 1"),
    )
    assert first.status_code == 302
    client.force_login(officer2)
    second = client.post(
        reverse("businesses:edit", args=[business.pk]),
        _edit_post(business, address="Jl. Kedua 2", version=str(opened)),
    )
    assert second.status_code == 200
    html = second.content.decode()
    at = timezone.localtime(AuditLog.objects.filter(action="business.update").get().created_at)
    assert f"diubah oleh Siti Petugas pada {at:%H:%M} sejak Anda membukanya" in html
    assert "Muat ulang data terbaru" in html
    # shown as an error, never in the green box of a success message
    assert re.search(r'<li class="error"[^>]*>[^<]*diubah oleh Siti Petugas', html)
    business.refresh_from_db()
    assert business.address == "Jl. Pertama 1"
    assert AuditLog.objects.filter(action="business.update").count() == 1
    # after reloading, the second officer can save
    reloaded = client.get(reverse("businesses:edit", args=[business.pk]))
    assert reloaded.context["form"].initial["version"] == business.version
    third = client.post(
        reverse("businesses:edit", args=[business.pk]),
        _edit_post(business, address="Jl. Kedua 2"),
    )
    assert third.status_code == 302
    business.refresh_from_db()
    assert business.address == "Jl. Kedua 2"


def test_service_names_the_last_editor(officer, alice):
    _, business = alice
    services.business_update(
        actor=officer, business=business, data={"address": "A"}, expected_version=1
    )
    with pytest.raises(ValidationError) as e:
        services.business_update(
            actor=alice[0], business=business, data={"address": "B"}, expected_version=1
        )
    assert e.value.code == "stale"
    assert "Siti Petugas" in e.value.message


def test_outdated_offer_and_need_edits_are_refused(client, officer, officer2, alice, carol):
    offer = services.offer_create(actor=officer, business=alice[1], data={"title": "Keripik"})
    need = services.need_create(actor=officer, business=carol[1], data={"title": "Kopi"})
    client.force_login(officer)
    offer_url = reverse("businesses:offer_edit", args=[alice[1].pk, offer.pk])
    need_url = reverse("businesses:need_edit", args=[carol[1].pk, need.pk])
    offer_post = {"title": "Keripik A", "unit": "kg", "is_active": "on", "version": "1"}
    need_post = {"title": "Kopi A", "unit": "kg", "period": "month", "version": "1"}
    assert client.post(offer_url, offer_post).status_code == 302
    assert client.post(need_url, need_post).status_code == 302
    client.force_login(officer2)
    response = client.post(offer_url, offer_post | {"title": "Keripik B"})
    assert "diubah oleh Siti Petugas" in response.content.decode()
    response = client.post(need_url, need_post | {"title": "Kopi B"})
    assert "diubah oleh Siti Petugas" in response.content.decode()
    offer.refresh_from_db()
    need.refresh_from_db()
    assert (offer.title, need.title) == ("Keripik A", "Kopi A")


# --- item 6: consent given later -----------------------------------------------------------


@pytest.fixture
def assisted(officer):
    """Registered by an officer at the counter without the owner's consent."""
    business = services.business_create(
        actor=officer,
        data={
            "name": "Tempe Bu Sri",
            "owner_name": "Sri Wahyuni",
            "owner_nik": "1872016504800004",
            "whatsapp": "081277788899",
            "region": Region.objects.get(code="18.72.01.1005"),
            "modal_usaha": 10_000_000,
        },
        kbli_primary="10794",
        privacy_consent=False,
        assisted=True,
    )
    owner, _ = make_owner(officer=officer, username="sri", business=business)
    return owner, business


def test_owner_gives_consent_later_on_the_edit_form_then_officer_verifies(
    client, officer, assisted
):
    owner, business = assisted
    with pytest.raises(ValidationError) as e:
        services.business_verify(actor=officer, business=business)
    assert "persetujuan pemberitahuan privasi" in e.value.messages[0]

    client.force_login(owner)
    page = client.get(reverse("businesses:edit", args=[business.pk])).content.decode()
    assert "Saya sudah membaca dan menyetujui pemberitahuan privasi" in page
    assert reverse("core:privacy") in page
    response = client.post(
        reverse("businesses:edit", args=[business.pk]),
        _edit_post(business, privacy_consent="on"),
    )
    assert response.status_code == 302
    business.refresh_from_db()
    assert business.privacy_consent_at is not None
    assert business.privacy_consent_version == City.objects.get().privacy_notice_version
    log = AuditLog.objects.get(action="business.update", object_id=str(business.pk))
    assert log.actor == owner
    assert log.changes["privacy_consent_version"][1] == business.privacy_consent_version
    page = client.get(reverse("businesses:edit", args=[business.pk])).content.decode()
    assert "menyetujui pemberitahuan privasi" not in page

    services.business_verify(actor=officer, business=business)
    business.refresh_from_db()
    assert business.status == "verified"


def test_consent_service_is_audited_and_only_for_owner_or_officer(officer, assisted, bob):
    owner, business = assisted
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.business_consent_give(actor=bob[0], business=business)
    services.business_consent_give(actor=owner, business=business)
    log = AuditLog.objects.get(action="business.consent")
    assert log.actor == owner and log.business_id == business.pk
    assert business.privacy_consent_at is not None


def test_a_new_notice_version_asks_for_consent_again(client, alice):
    user, business = alice
    client.force_login(user)
    page = client.get(reverse("businesses:edit", args=[business.pk])).content.decode()
    assert "menyetujui pemberitahuan privasi" not in page
    City.objects.update(privacy_notice_version="2027-1")
    page = client.get(reverse("businesses:edit", args=[business.pk])).content.decode()
    assert "menyetujui pemberitahuan privasi" in page


def test_privacy_notice_is_a_public_page(client):
    response = client.get(reverse("core:privacy"))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Data yang kami kumpulkan",
        "Untuk apa data dipakai",
        "Siapa yang melihat data Anda",
        "Berapa lama data disimpan",
        "3 × 24 jam",
        "/akun/data-saya/",
        "UU PDP",
        City.objects.get().privacy_notice_version,
    ):
        assert text in html, text


def test_the_officer_registration_form_links_the_notice(client, officer):
    client.force_login(officer)
    html = client.get(reverse("businesses:create")).content.decode()
    assert "Pemilik sudah membaca dan menyetujui" in html
    assert reverse("core:privacy") in html


def test_make_business_helper_still_gives_consent(officer):
    assert make_business(officer=officer, name="X").privacy_consent_at is not None


def test_owner_gives_consent_in_the_invitation_sign_up(client, officer):
    from jalinmitra.accounts.models import User
    from jalinmitra.accounts.services import invitation_create

    business = services.business_create(
        actor=officer,
        data={
            "name": "Tahu Pak Joko",
            "owner_name": "Joko",
            "owner_nik": "1872011203700005",
            "whatsapp": "081211122233",
            "region": Region.objects.get(code="18.72.01.1005"),
            "modal_usaha": 10_000_000,
        },
        kbli_primary="10794",
        assisted=True,
    )
    _, token = invitation_create(actor=officer, business=business)
    url = reverse("accounts:invitation", args=[token])
    page = client.get(url).content.decode()
    assert "Saya sudah membaca dan menyetujui pemberitahuan privasi" in page
    assert reverse("core:privacy") in page
    post = {
        "full_name": "Joko",
        "username": "joko",
        "email": "",
        "password1": "Tahu-Enak-2026!",
        "password2": "Tahu-Enak-2026!",
    }
    refused = client.post(url, post)
    assert refused.status_code == 200
    assert "Persetujuan pemberitahuan privasi diperlukan." in _field_html(
        refused.content.decode(), "privacy_consent"
    )
    assert not User.objects.filter(username="joko").exists()

    assert client.post(url, post | {"privacy_consent": "on"}).status_code == 302
    business.refresh_from_db()
    joko = User.objects.get(username="joko")
    assert business.privacy_consent_at is not None
    assert AuditLog.objects.get(action="business.consent").actor == joko
    services.business_verify(actor=officer, business=business)


# --- item 3 (part): a need past its deadline is closed --------------------------------------


def _past_deadline_need(officer, carol):
    import datetime

    need = services.need_create(
        actor=officer,
        business=carol[1],
        data={"title": "Keripik pisang 200 kg", "description": "keripik pisang", "unit": "kg"},
    )
    # The deadline passes with time; nothing is written when it does.
    Need.objects.filter(pk=need.pk).update(
        deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    need.refresh_from_db()
    return need


def test_a_need_past_its_deadline_shows_as_closed_and_is_not_offered(client, officer, alice, carol):
    from jalinmitra.businesses.selectors import needs_open
    from jalinmitra.matching.selectors import opportunities_for
    from jalinmitra.matching.services import meeting_invitation_create

    services.business_verify(actor=officer, business=alice[1])
    services.business_verify(actor=officer, business=carol[1])
    offer = services.offer_create(
        actor=officer, business=alice[1], data={"title": "Keripik pisang", "unit": "kg"}
    )
    need = _past_deadline_need(officer, carol)
    assert need.status == "open" and not need.is_open
    assert need.get_shown_status_display() == "Ditutup"
    assert need not in needs_open()
    assert all(o.need.pk != need.pk for o in opportunities_for(business=alice[1]))
    with pytest.raises(ValidationError) as e:
        meeting_invitation_create(actor=carol[0], need=need, offer=offer)
    assert "sudah ditutup" in e.value.messages[0]

    client.force_login(carol[0])
    html = client.get(reverse("businesses:detail", args=[carol[1].pk])).content.decode()
    assert "Ditutup" in html and "Terbuka" not in html
    assert reverse("matching:need", args=[need.pk]) not in html
    html = client.get(reverse("businesses:need_edit", args=[carol[1].pk, need.pk])).content.decode()
    assert "batas waktunya untuk membukanya lagi" in html
    html = client.get(reverse("matching:need", args=[need.pk])).content.decode()
    assert 'id="need-closed"' in html and "Ajak bertemu" not in html
    need.refresh_from_db()
    assert need.status == "open"  # viewing wrote nothing


def test_a_new_deadline_in_the_past_is_refused_on_the_form(client, carol):
    import datetime

    client.force_login(carol[0])
    response = client.post(
        reverse("businesses:need_create", args=[carol[1].pk]),
        {
            "title": "Kopi",
            "unit": "kg",
            "period": "month",
            "deadline": (timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "Batas waktu sudah lewat" in _field_html(response.content.decode(), "deadline")
    assert not Need.objects.exists()


def test_an_offer_holds_a_limited_number_of_photos(alice, settings, tmp_path):
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    user, business = alice
    offer = services.offer_create(actor=user, business=business, data={"title": "Keripik"})

    def png():
        out = io.BytesIO()
        Image.new("RGB", (40, 30)).save(out, "PNG")
        return SimpleUploadedFile("f.png", out.getvalue(), "image/png")

    for _ in range(services.PHOTOS_PER_OFFER):
        services.offer_photo_add(actor=user, offer=offer, upload=png())
    with pytest.raises(ValidationError) as e:
        services.offer_photo_add(actor=user, offer=offer, upload=png())
    assert "photo" in e.value.error_dict
    assert offer.photos.count() == services.PHOTOS_PER_OFFER


def test_the_import_page_links_the_notice(client, officer):
    client.force_login(officer)
    html = client.get(reverse("businesses:import")).content.decode()
    assert "persetujuan_privasi" in html
    assert reverse("core:privacy") in html


def test_an_update_from_an_old_copy_without_a_version_never_moves_the_version_back(officer, alice):
    _, business = alice
    old_copy = Business.objects.get(pk=business.pk)
    services.business_update(actor=officer, business=business, data={"address": "A"})
    services.business_update(actor=officer, business=business, data={"address": "B"})
    assert Business.objects.get(pk=business.pk).version == 3
    services.business_update(actor=officer, business=old_copy, data={"address": "C"})
    assert Business.objects.get(pk=business.pk).version == 4

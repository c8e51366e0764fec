"""Business registry pages: the happy path, the wrong method and the wrong person for each."""

import os
import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from jalinmitra.accounts.services import membership_add, user_create
from jalinmitra.businesses import services
from jalinmitra.businesses.models import Business, Certification, Need, Offer, OfferPhoto
from jalinmitra.core import pagecache
from jalinmitra.core.models import AuditLog, Region
from jalinmitra.core.sizeclass import classify

ALICE_NIK = "1872014506900001"
MIKRO_EXPLANATION = classify(50_000_000, 300_000_000).explanation


def _business(officer, name: str, *, nib=None, region="18.72.01.1005", kbli="10794", **data):
    base = {
        "name": name,
        "owner_name": f"Pemilik {name}",
        "owner_nik": "1872031508750003",
        "nib": nib,
        "whatsapp": "081298765432",
        "region": Region.objects.get(code=region),
        "modal_usaha": 50_000_000,
        "hasil_penjualan": 300_000_000,
    }
    base.update(data)
    return services.business_create(
        actor=officer, data=base, kbli_primary=kbli, privacy_consent=True
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _png(width: int = 3000, height: int = 2000) -> SimpleUploadedFile:
    out = BytesIO()
    Image.new("RGB", (width, height), (200, 160, 40)).save(out, "PNG")
    return SimpleUploadedFile("keripik.png", out.getvalue(), content_type="image/png")


def _field_html(html: str, name: str) -> str:
    """The <div class="field"> block that holds the input called `name`."""
    for chunk in re.split(r'(?=<div class="field)', html):
        if f'name="{name}"' in chunk:
            return chunk
    raise AssertionError(f"no field {name!r} in the page")


def _create_post(**changes) -> dict:
    data = {
        "name": "Kopi Robusta Pak Sutris",
        "legal_form": "perorangan",
        "owner_name": "Sutrisno",
        "owner_nik": "1872031508750003",
        "nib": "1234567890999",
        "npwp": "",
        "whatsapp": "0812-3456-7890",
        "email": "",
        "address": "Jl. Ahmad Yani 12",
        "region": "18.72.01.1005",
        "kbli_primary": "10794",
        "kbli_others": "",
        "modal_usaha": "50.000.000",
        "hasil_penjualan": "300.000.000",
        "description": "",
        "privacy_consent": "on",
    }
    data.update(changes)
    return data


def _edit_post(business: Business, **changes) -> dict:
    data = _create_post(
        name=business.name,
        owner_name=business.owner_name,
        owner_nik="",
        nib=business.nib or "",
        whatsapp=business.whatsapp,
        address=business.address,
        region=business.region_id or "",
        modal_usaha=str(business.modal_usaha or ""),
        hasil_penjualan=str(business.hasil_penjualan or ""),
    )
    del data["privacy_consent"]
    data.update(changes)
    return data


def _names(response) -> list[str]:
    return [b.name for b in response.context["page"].object_list]


# --- anonymous, wrong role, wrong business ----------------------------------


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, alice):
    _, business = alice
    pk = business.pk
    get_urls = [
        reverse("businesses:list"),
        reverse("businesses:queue"),
        reverse("businesses:mine"),
        reverse("businesses:create"),
        reverse("businesses:detail", args=[pk]),
        reverse("businesses:edit", args=[pk]),
        reverse("businesses:offer_create", args=[pk]),
    ]
    post_urls = [
        reverse("businesses:submit", args=[pk]),
        reverse("businesses:verify", args=[pk]),
        reverse("businesses:return", args=[pk]),
        reverse("accounts:business_invite", args=[pk]),
        reverse("businesses:cert_add", args=[pk]),
    ]
    for url in get_urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("accounts:login") + "?next="), url
    for url in post_urls:
        response = client.post(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("accounts:login")), url
    business.refresh_from_db()
    assert business.status == "draft"


@pytest.mark.django_db
def test_business_user_never_reaches_officer_pages(client, alice, bank_user):
    _, business = alice
    pk = business.pk
    for user in (alice[0], bank_user):
        client.force_login(user)
        assert client.get(reverse("businesses:list")).status_code == 403
        assert client.get(reverse("businesses:queue")).status_code == 403
        assert client.get(reverse("businesses:create")).status_code == 403
        assert client.post(reverse("businesses:create"), _create_post()).status_code == 403
        assert client.post(reverse("businesses:verify", args=[pk])).status_code == 403
        response = client.post(reverse("businesses:return", args=[pk]), {"reason": "x"})
        assert response.status_code == 403
        assert client.post(reverse("accounts:business_invite", args=[pk])).status_code == 403
    business.refresh_from_db()
    assert business.status == "draft"
    assert not Business.objects.filter(name="Kopi Robusta Pak Sutris").exists()


@pytest.mark.django_db
def test_business_user_cannot_see_or_change_another_business(client, alice, bob, media):
    _, alice_business = alice
    pk = alice_business.pk
    cert = services.certification_add(
        actor=alice[0], business=alice_business, kind="halal", number="ID001"
    )
    offer = services.offer_create(
        actor=alice[0], business=alice_business, data={"title": "Keripik pisang"}
    )
    client.force_login(bob[0])
    forbidden_get = [
        reverse("businesses:detail", args=[pk]),
        reverse("businesses:edit", args=[pk]),
        reverse("businesses:offer_create", args=[pk]),
        reverse("businesses:offer_edit", args=[pk, offer.pk]),
        reverse("businesses:need_create", args=[pk]),
    ]
    forbidden_post = [
        (reverse("businesses:edit", args=[pk]), _edit_post(alice_business, name="Diretas")),
        (reverse("businesses:submit", args=[pk]), {}),
        (reverse("businesses:cert_add", args=[pk]), {"kind": "pirt", "number": "P-1"}),
        (reverse("businesses:cert_delete", args=[pk, cert.pk]), {}),
        (reverse("businesses:offer_create", args=[pk]), {"title": "Palsu", "unit": "kg"}),
        (reverse("businesses:offer_edit", args=[pk, offer.pk]), {"title": "Diretas"}),
        (reverse("businesses:offer_delete", args=[pk, offer.pk]), {}),
    ]
    for url in forbidden_get:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Keripik Pisang Bu Alice" not in response.content.decode()
    for url, data in forbidden_post:
        assert client.post(url, data).status_code == 403, url

    alice_business.refresh_from_db()
    offer.refresh_from_db()
    assert alice_business.name == "Keripik Pisang Bu Alice"
    assert alice_business.status == "draft"
    assert offer.title == "Keripik pisang"
    assert Certification.objects.filter(business=alice_business).count() == 1
    assert Offer.objects.filter(business=alice_business).count() == 1

    mine = client.get(reverse("businesses:mine")).content.decode()
    assert "Kemplang Pak Bob" in mine
    assert "Keripik Pisang Bu Alice" not in mine


@pytest.mark.django_db
def test_business_user_cannot_touch_another_businesses_needs(client, alice, carol):
    _, carol_business = carol
    need = services.need_create(
        actor=carol[0], business=carol_business, data={"title": "Keripik 500 kg"}
    )
    pk = carol_business.pk
    client.force_login(alice[0])
    assert client.get(reverse("businesses:need_create", args=[pk])).status_code == 403
    assert client.get(reverse("businesses:need_edit", args=[pk, need.pk])).status_code == 403
    response = client.post(reverse("businesses:need_edit", args=[pk, need.pk]), {"title": "X"})
    assert response.status_code == 403
    assert client.post(reverse("businesses:need_close", args=[pk, need.pk])).status_code == 403
    need.refresh_from_db()
    assert need.title == "Keripik 500 kg"
    assert need.status == "open"


@pytest.mark.django_db
def test_child_objects_are_looked_up_within_the_business(client, alice, bob):
    """Bob's own business in the URL with Alice's offer id: 404, not Alice's offer."""
    alice_offer = services.offer_create(
        actor=alice[0], business=alice[1], data={"title": "Keripik pisang"}
    )
    client.force_login(bob[0])
    url = reverse("businesses:offer_edit", args=[bob[1].pk, alice_offer.pk])
    assert client.get(url).status_code == 404
    url = reverse("businesses:offer_delete", args=[bob[1].pk, alice_offer.pk])
    assert client.post(url).status_code == 404
    assert Offer.objects.filter(pk=alice_offer.pk).exists()


@pytest.mark.django_db
def test_wrong_methods(client, officer, alice, carol):
    _, business = alice
    pk = business.pk
    cert = services.certification_add(
        actor=officer, business=business, kind="halal", number="ID001"
    )
    offer = services.offer_create(actor=officer, business=business, data={"title": "Keripik"})
    need = services.need_create(actor=officer, business=carol[1], data={"title": "Keripik"})
    client.force_login(officer)
    post_only = [
        reverse("businesses:submit", args=[pk]),
        reverse("businesses:verify", args=[pk]),
        reverse("businesses:return", args=[pk]),
        reverse("accounts:business_invite", args=[pk]),
        reverse("businesses:cert_add", args=[pk]),
        reverse("businesses:cert_delete", args=[pk, cert.pk]),
        reverse("businesses:offer_delete", args=[pk, offer.pk]),
        reverse("businesses:need_close", args=[carol[1].pk, need.pk]),
    ]
    for url in post_only:
        assert client.get(url).status_code == 405, url
    get_only = [
        reverse("businesses:list"),
        reverse("businesses:queue"),
        reverse("businesses:mine"),
        reverse("businesses:detail", args=[pk]),
    ]
    for url in get_only:
        assert client.post(url).status_code == 405, url
    assert client.delete(reverse("businesses:edit", args=[pk])).status_code == 405
    business.refresh_from_db()
    assert business.status == "draft"
    assert Certification.objects.filter(pk=cert.pk).exists()
    assert Offer.objects.filter(pk=offer.pk).exists()


@pytest.mark.django_db
def test_unknown_business_is_404(client, officer):
    client.force_login(officer)
    assert client.get(reverse("businesses:detail", args=[999999])).status_code == 404


# --- personal data ----------------------------------------------------------


@pytest.mark.django_db
def test_owner_sees_only_masked_nik_and_whatsapp(client, alice):
    user, business = alice
    client.force_login(user)
    html = client.get(reverse("businesses:detail", args=[business.pk])).content.decode()
    assert "1872************" in html
    assert ALICE_NIK not in html
    assert "+62812****7890" in html
    assert "+6281234567890" not in html
    assert "Riwayat perubahan" not in html

    html = client.get(reverse("businesses:edit", args=[business.pk])).content.decode()
    assert ALICE_NIK not in html
    assert "Tersimpan: 1872************. Kosongkan bila tidak berubah." in html


@pytest.mark.django_db
def test_officer_sees_full_nik_on_request_and_history(client, officer, alice):
    _, business = alice
    client.force_login(officer)
    html = client.get(reverse("businesses:detail", args=[business.pk])).content.decode()
    # The full NIK comes only through "Lihat NIK", which is audited (privacy app's tests).
    assert ALICE_NIK not in html
    assert "1872************" in html
    assert "Lihat NIK" in html
    assert "+6281234567890" in html
    assert "Riwayat perubahan" in html
    assert "Usaha didaftarkan" in html
    html = client.get(reverse("businesses:edit", args=[business.pk])).content.decode()
    assert ALICE_NIK not in html


@pytest.mark.django_db
def test_owner_saving_with_blank_nik_keeps_the_stored_nik(client, alice):
    user, business = alice
    client.force_login(user)
    response = client.post(
        reverse("businesses:edit", args=[business.pk]),
        _edit_post(business, description="Keripik pisang renyah khas Metro"),
    )
    assert response.status_code == 302
    business.refresh_from_db()
    assert business.owner_nik == ALICE_NIK
    assert business.description == "Keripik pisang renyah khas Metro"
    log = AuditLog.objects.filter(action="business.update", business_id=business.pk).get()
    assert set(log.changes) == {"description"}
    assert log.actor == user


# --- lists ------------------------------------------------------------------


@pytest.mark.django_db
def test_list_for_officer(client, officer, alice, bob):
    client.force_login(officer)
    response = client.get(reverse("businesses:list"))
    assert response.status_code == 200
    assert _names(response) == ["Keripik Pisang Bu Alice", "Kemplang Pak Bob"][::-1]
    html = response.content.decode()
    assert "<html" in html
    assert "2 usaha" in html


@pytest.mark.django_db
def test_list_htmx_request_gets_the_fragment(client, officer, alice):
    client.force_login(officer)
    response = client.get(reverse("businesses:list"), {"q": "keripik"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "<table>" in html
    assert "Keripik Pisang Bu Alice" in html
    assert 'name="size"' not in html


@pytest.fixture
def three_kinds(officer, alice, bob):
    """Alice: micro, Metro Pusat, KBLI C, draft, valid halal certificate.
    Bob: micro, Metro Pusat, KBLI C, submitted, expired halal certificate.
    Sri: small, Metro Utara, KBLI I (warung makan), verified, PIRT."""
    services.certification_add(actor=officer, business=alice[1], kind="halal", number="H-1")
    services.certification_add(
        actor=officer,
        business=bob[1],
        kind="halal",
        number="H-2",
        expires_on=timezone.localdate() - timedelta(days=1),
    )
    services.business_submit(actor=bob[0], business=bob[1])
    sri = _business(
        officer,
        "Warung Makan Bu Sri",
        nib="9876543210987",
        region="18.72.02.1001",
        kbli="56102",
        hasil_penjualan=3_000_000_000,
    )
    services.certification_add(actor=officer, business=sri, kind="pirt", number="P-1")
    services.business_verify(actor=officer, business=sri)
    return alice[1], bob[1], sri


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Kemplang Pak Bob", "Keripik Pisang Bu Alice", "Warung Makan Bu Sri"]),
        ({"size": "kecil"}, ["Warung Makan Bu Sri"]),
        ({"size": "mikro"}, ["Kemplang Pak Bob", "Keripik Pisang Bu Alice"]),
        ({"kecamatan": "18.72.02"}, ["Warung Makan Bu Sri"]),
        ({"kecamatan": "18.72.01"}, ["Kemplang Pak Bob", "Keripik Pisang Bu Alice"]),
        ({"status": "submitted"}, ["Kemplang Pak Bob"]),
        ({"status": "verified"}, ["Warung Makan Bu Sri"]),
        ({"status": "draft"}, ["Keripik Pisang Bu Alice"]),
        ({"kategori": "I"}, ["Warung Makan Bu Sri"]),
        ({"kategori": "C"}, ["Kemplang Pak Bob", "Keripik Pisang Bu Alice"]),
        ({"cert": "halal"}, ["Keripik Pisang Bu Alice"]),
        ({"cert": "pirt"}, ["Warung Makan Bu Sri"]),
        ({"q": "kemplang"}, ["Kemplang Pak Bob"]),
        ({"q": "warung makan"}, ["Warung Makan Bu Sri"]),
        ({"q": "9876543210987"}, ["Warung Makan Bu Sri"]),
        ({"q": "98765"}, ["Warung Makan Bu Sri"]),
        ({"size": "mikro", "status": "draft"}, ["Keripik Pisang Bu Alice"]),
        ({"q": "tidak ada yang begini"}, []),
    ],
)
def test_list_filters_narrow_the_list(client, officer, three_kinds, params, expected):
    client.force_login(officer)
    response = client.get(reverse("businesses:list"), params)
    assert response.status_code == 200
    assert _names(response) == expected


@pytest.mark.django_db
def test_list_shows_status_and_expired_badges(client, officer, three_kinds):
    client.force_login(officer)
    html = client.get(reverse("businesses:list")).content.decode()
    assert '<span class="badge verified">Terverifikasi</span>' in html
    assert '<span class="badge submitted">Diajukan</span>' in html
    assert '<span class="badge expired">Halal</span>' in html
    assert '<span class="badge ok">Halal</span>' in html


@pytest.mark.django_db
def test_list_unknown_filter_value_is_ignored_not_an_error(client, officer, three_kinds):
    client.force_login(officer)
    response = client.get(reverse("businesses:list"), {"size": "raksasa"})
    assert response.status_code == 200
    assert response.context["form"].errors["size"]


def _many(officer, n: int, start: int = 0, *, submit: bool = False, member=None):
    regions = ["18.72.01.1005", "18.72.02.1001", "18.72.03.1002", "18.72.04.1003"]
    made = []
    for i in range(start, start + n):
        business = _business(
            officer,
            f"Usaha Uji {i:03d}",
            nib=f"{7000000000000 + i}",
            region=regions[i % len(regions)],
            kbli="10794" if i % 2 else "56102",
        )
        services.certification_add(actor=officer, business=business, kind="halal", number=f"H-{i}")
        services.offer_create(actor=officer, business=business, data={"title": f"Produk {i}"})
        if submit:
            services.business_submit(actor=officer, business=business)
        if member is not None:
            membership_add(actor=officer, user=member, business=business)
        made.append(business)
    return made


@pytest.mark.django_db
def test_list_pagination(client, officer):
    _many(officer, 30)
    client.force_login(officer)
    first = client.get(reverse("businesses:list"), {"size": "mikro"})
    assert len(first.context["page"].object_list) == 25
    html = first.content.decode()
    assert "30 usaha" in html
    assert "Halaman 1 dari 2" in html
    assert "?size=mikro&amp;page=2" in html
    second = client.get(reverse("businesses:list"), {"size": "mikro", "page": "2"})
    assert _names(second) == [f"Usaha Uji {i:03d}" for i in range(25, 30)]
    assert "Halaman 2 dari 2" in second.content.decode()
    beyond = client.get(reverse("businesses:list"), {"page": "99"})
    assert beyond.context["page"].number == 2


@pytest.mark.django_db
def test_queue_lists_submitted_oldest_first(client, officer, alice, bob):
    services.business_submit(actor=bob[0], business=bob[1])
    services.business_submit(actor=alice[0], business=alice[1])
    client.force_login(officer)
    response = client.get(reverse("businesses:queue"))
    assert response.status_code == 200
    assert _names(response) == ["Kemplang Pak Bob", "Keripik Pisang Bu Alice"]


@pytest.mark.django_db
def test_mine_lists_the_users_businesses_with_counts(client, alice):
    user, business = alice
    services.offer_create(actor=user, business=business, data={"title": "Keripik pisang"})
    services.offer_create(actor=user, business=business, data={"title": "Keripik singkong"})
    client.force_login(user)
    html = client.get(reverse("businesses:mine")).content.decode()
    assert "Keripik Pisang Bu Alice" in html
    assert "2 penawaran · 0 kebutuhan" in html


@pytest.mark.django_db
def test_mine_without_business(client, bank_user):
    client.force_login(bank_user)
    html = client.get(reverse("businesses:mine")).content.decode()
    assert "Anda belum terhubung dengan usaha mana pun" in html


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("view", ["businesses:list", "businesses:queue"])
def test_officer_list_queries_do_not_grow_with_rows(
    client, officer, view, django_assert_max_num_queries
):
    _many(officer, 3, submit=True)
    client.force_login(officer)
    url = reverse(view)
    client.get(url)  # warm the session
    # The list keeps its rows until a write (core.pagecache.kept): both visits are the first
    # after a write, the one that reads the rows.
    pagecache.changed()
    with_three = _count_queries(client, url)
    _many(officer, 27, start=3, submit=True)
    with django_assert_max_num_queries(with_three):
        response = client.get(url)
    assert len(response.context["page"].object_list) == 25
    assert with_three <= 15


@pytest.mark.django_db
def test_mine_queries_do_not_grow_with_rows(client, officer, django_assert_max_num_queries):
    owner = user_create(actor=None, username="juragan", password="rahasia-juragan-1")
    _many(officer, 3, member=owner)
    client.force_login(owner)
    url = reverse("businesses:mine")
    client.get(url)
    with_three = _count_queries(client, url)
    _many(officer, 27, start=3, member=owner)
    with django_assert_max_num_queries(with_three):
        response = client.get(url)
    assert response.content.decode().count("1 penawaran · 0 kebutuhan") == 30
    assert with_three <= 15


# --- assisted registration --------------------------------------------------


@pytest.mark.django_db
def test_officer_registers_a_business(client, officer):
    client.force_login(officer)
    assert client.get(reverse("businesses:create")).status_code == 200
    response = client.post(reverse("businesses:create"), _create_post())
    business = Business.objects.get(name="Kopi Robusta Pak Sutris")
    assert response.status_code == 302
    assert response.url == reverse("businesses:detail", args=[business.pk])
    assert business.assisted
    assert business.created_by == officer
    assert business.status == "draft"
    assert business.whatsapp == "+6281234567890"
    assert business.modal_usaha == 50_000_000
    assert business.hasil_penjualan == 300_000_000
    assert business.size_class == "mikro"
    assert business.region_id == "18.72.01.1005"
    assert business.primary_kbli.code == "10794"
    assert business.privacy_consent_at is not None
    log = AuditLog.objects.get(action="business.create", business_id=business.pk)
    assert log.changes["owner_nik"] == ["", "***"]
    assert ALICE_NIK not in str(log.changes) and "1872031508750003" not in str(log.changes)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("owner_nik", "12345", "NIK harus 16 angka (yang diisi 5 angka)"),
        ("owner_nik", "1872019913900001", "NIK tidak valid: tanggal lahir tidak masuk akal"),
        ("nib", "12345", "NIB harus 13 angka (yang diisi 5 angka)"),
        ("nib", "1234567890123", "NIB 1234567890123 sudah terdaftar untuk usaha lain."),
        (
            "whatsapp",
            "0725-41234",
            "Nomor 0725-41234 bukan nomor HP; masukkan nomor HP yang diawali 08",
        ),
        ("kbli_primary", "99999", "Kode KBLI tidak dikenal (harus 5 angka KBLI 2020): 99999"),
        ("modal_usaha", "lima juta", None),
    ],
)
def test_create_form_errors_next_to_field_and_nothing_saved(
    client, officer, alice, field, value, message
):
    client.force_login(officer)
    before = (Business.objects.count(), AuditLog.objects.count())
    response = client.post(reverse("businesses:create"), _create_post(**{field: value}))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    if message:
        assert any(message in e for e in errors[field])
    block = _field_html(response.content.decode(), field)
    assert block.startswith('<div class="field has-error">')
    assert '<ul class="errorlist' in block
    if message:
        assert message in block
    assert (Business.objects.count(), AuditLog.objects.count()) == before
    assert not Business.objects.filter(name="Kopi Robusta Pak Sutris").exists()


@pytest.mark.django_db
def test_create_reports_every_bad_field_at_once(client, officer):
    client.force_login(officer)
    response = client.post(
        reverse("businesses:create"),
        _create_post(owner_nik="123", nib="1", whatsapp="021-555"),
    )
    assert set(response.context["form"].errors) == {"owner_nik", "nib", "whatsapp"}
    assert not Business.objects.exists()


@pytest.mark.django_db
def test_owner_edit_bad_whatsapp_changes_nothing(client, alice):
    user, business = alice
    client.force_login(user)
    response = client.post(
        reverse("businesses:edit", args=[business.pk]),
        _edit_post(business, whatsapp="12345", name="Nama Baru"),
    )
    assert response.status_code == 200
    block = _field_html(response.content.decode(), "whatsapp")
    assert "has-error" in block
    assert "bukan nomor HP" in block
    business.refresh_from_db()
    assert business.name == "Keripik Pisang Bu Alice"
    assert business.whatsapp == "+6281234567890"
    assert not AuditLog.objects.filter(action="business.update").exists()


@pytest.mark.django_db
def test_edit_duplicate_nib_refused(client, officer, alice, bob):
    client.force_login(officer)
    _, business = bob
    response = client.post(
        reverse("businesses:edit", args=[business.pk]),
        _edit_post(business, nib="1234567890123"),
    )
    block = _field_html(response.content.decode(), "nib")
    assert "NIB 1234567890123 sudah terdaftar untuk usaha lain." in block
    business.refresh_from_db()
    assert business.nib == "1234567890124"


# --- size class -------------------------------------------------------------


@pytest.mark.django_db
def test_detail_shows_size_class_and_explanation(client, alice):
    user, business = alice
    client.force_login(user)
    html = client.get(reverse("businesses:detail", args=[business.pk])).content.decode()
    assert "<strong>Mikro</strong>" in html
    assert MIKRO_EXPLANATION in html


@pytest.mark.django_db
def test_size_class_recomputed_on_edit_with_explanation(client, officer, alice):
    _, business = alice
    client.force_login(officer)
    response = client.post(
        reverse("businesses:edit", args=[business.pk]),
        _edit_post(business, modal_usaha="Rp2.000.000.000", hasil_penjualan="3 miliar"),
    )
    assert response.status_code == 302
    business.refresh_from_db()
    assert business.modal_usaha == 2_000_000_000
    assert business.hasil_penjualan == 3_000_000_000
    assert business.size_class == "kecil"
    html = client.get(reverse("businesses:detail", args=[business.pk])).content.decode()
    assert "<strong>Kecil</strong>" in html
    assert classify(2_000_000_000, 3_000_000_000).explanation in html
    log = AuditLog.objects.get(action="business.update", business_id=business.pk)
    assert log.changes["size_class"] == ["mikro", "kecil"]


@pytest.mark.django_db
def test_detail_explains_when_size_cannot_be_decided(client, officer):
    business = services.business_create(
        actor=officer, data={"name": "Baru Mulai", "owner_name": "Rina"}
    )
    client.force_login(officer)
    html = client.get(reverse("businesses:detail", args=[business.pk])).content.decode()
    assert "Skala usaha belum dapat ditentukan" in html


# --- verification flow ------------------------------------------------------


@pytest.mark.django_db
def test_verification_flow_submit_then_verify(client, officer, alice):
    user, business = alice
    client.force_login(user)
    response = client.post(reverse("businesses:submit", args=[business.pk]), follow=True)
    assert "Data diajukan untuk diverifikasi petugas." in response.content.decode()
    business.refresh_from_db()
    assert business.status == "submitted"
    assert business.submitted_at is not None
    submit_log = AuditLog.objects.get(action="business.submit", business_id=business.pk)
    assert submit_log.actor == user
    assert submit_log.changes == {"status": ["draft", "submitted"]}

    client.force_login(officer)
    assert _names(client.get(reverse("businesses:queue"))) == ["Keripik Pisang Bu Alice"]
    response = client.post(
        reverse("businesses:verify", args=[business.pk]), {"next": "queue"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("businesses:queue")
    assert "Usaha terverifikasi." in response.content.decode()
    assert "Tidak ada pengajuan yang menunggu." in response.content.decode()
    business.refresh_from_db()
    assert business.status == "verified"
    assert business.verified_by == officer
    verify_log = AuditLog.objects.get(action="business.verify", business_id=business.pk)
    assert verify_log.actor == officer
    assert verify_log.changes == {"status": ["submitted", "verified"]}

    response = client.post(reverse("businesses:verify", args=[business.pk]), follow=True)
    assert "Usaha ini sudah terverifikasi." in response.content.decode()
    assert AuditLog.objects.filter(action="business.verify").count() == 1


@pytest.mark.django_db
def test_verification_flow_returned_with_reason_then_resubmitted(client, officer, alice):
    user, business = alice
    services.business_submit(actor=user, business=business)
    client.force_login(officer)
    reason = "Foto KTP buram; mohon unggah ulang NIB terbaru."
    response = client.post(reverse("businesses:return", args=[business.pk]), {"reason": reason})
    assert response.status_code == 302
    business.refresh_from_db()
    assert business.status == "returned"
    assert business.return_reason == reason
    log = AuditLog.objects.get(action="business.return", business_id=business.pk)
    assert log.changes == {"status": ["submitted", "returned"], "return_reason": ["", reason]}

    client.force_login(user)
    assert reason in client.get(reverse("businesses:detail", args=[business.pk])).content.decode()
    assert reason in client.get(reverse("businesses:mine")).content.decode()
    client.post(reverse("businesses:submit", args=[business.pk]))
    business.refresh_from_db()
    assert business.status == "submitted"


@pytest.mark.django_db
def test_return_without_reason_is_refused(client, officer, alice):
    user, business = alice
    services.business_submit(actor=user, business=business)
    client.force_login(officer)
    response = client.post(
        reverse("businesses:return", args=[business.pk]), {"reason": "  "}, follow=True
    )
    assert "Tuliskan alasan pengembalian" in response.content.decode()
    business.refresh_from_db()
    assert business.status == "submitted"
    assert not AuditLog.objects.filter(action="business.return").exists()


@pytest.mark.django_db
def test_submit_incomplete_lists_what_is_missing(client):
    client.post(
        reverse("accounts:signup"),
        {
            "full_name": "Dewi Lestari",
            "username": "dewi",
            "password1": "tapis-lampung-88",
            "password2": "tapis-lampung-88",
            "business_name": "Tapis Dewi",
            "privacy_consent": "on",
        },
    )
    client.post(reverse("accounts:login"), {"username": "dewi", "password": "tapis-lampung-88"})
    business = Business.objects.get(name="Tapis Dewi")
    response = client.post(reverse("businesses:submit", args=[business.pk]), follow=True)
    html = response.content.decode()
    assert "Belum lengkap: NIK pemilik, kelurahan/desa, nomor WhatsApp atau email" in html
    business.refresh_from_db()
    assert business.status == "draft"
    assert not AuditLog.objects.filter(action="business.submit").exists()


# --- certifications ---------------------------------------------------------


@pytest.mark.django_db
def test_certifications_expired_shown_as_kedaluwarsa(client, alice):
    user, business = alice
    client.force_login(user)
    url = reverse("businesses:cert_add", args=[business.pk])
    client.post(url, {"kind": "halal", "number": "ID31110000123", "expires_on": "2099-01-31"})
    html = client.get(reverse("businesses:detail", args=[business.pk])).content.decode()
    assert "ID31110000123" in html
    assert "kedaluwarsa" not in html

    yesterday = timezone.localdate() - timedelta(days=1)
    client.post(url, {"kind": "pirt", "number": "PIRT-2061872", "expires_on": str(yesterday)})
    html = client.get(reverse("businesses:detail", args=[business.pk])).content.decode()
    assert re.search(r"PIRT-2061872.*?kedaluwarsa", html, re.S)
    assert html.count("kedaluwarsa") == 1
    assert AuditLog.objects.filter(action="certification.add", business_id=business.pk).count() == 2


@pytest.mark.django_db
def test_certification_bad_input_saves_nothing(client, alice):
    user, business = alice
    client.force_login(user)
    response = client.post(
        reverse("businesses:cert_add", args=[business.pk]),
        {"kind": "halal", "number": "", "expires_on": "31-31-2026"},
        follow=True,
    )
    html = response.content.decode()
    assert "Nomor: Bidang ini tidak boleh kosong." in html
    assert "Berlaku sampai: Masukkan tanggal yang valid." in html
    assert not Certification.objects.exists()


@pytest.mark.django_db
def test_certification_delete(client, alice):
    user, business = alice
    cert = services.certification_add(actor=user, business=business, kind="halal", number="H-1")
    client.force_login(user)
    response = client.post(reverse("businesses:cert_delete", args=[business.pk, cert.pk]))
    assert response.status_code == 302
    assert not Certification.objects.exists()
    assert AuditLog.objects.filter(action="certification.delete", business_id=business.pk).exists()


# --- offers -----------------------------------------------------------------


def _offer_post(**changes) -> dict:
    data = {
        "title": "Keripik pisang coklat",
        "description": "Kemasan 250 gram, tahan 3 bulan.",
        "kbli": "10794",
        "unit": "kg",
        "price_min": "45.000",
        "price_max": "Rp50.000",
        "capacity_per_month": "200",
        "is_active": "on",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_offer_create_with_photo_resized(client, alice, media):
    user, business = alice
    client.force_login(user)
    url = reverse("businesses:offer_create", args=[business.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _offer_post(photo=_png(3000, 2000)))
    assert response.status_code == 302
    offer = Offer.objects.get(business=business)
    assert offer.title == "Keripik pisang coklat"
    assert (offer.price_min, offer.price_max) == (45_000, 50_000)
    assert offer.kbli.code == "10794"
    photo = OfferPhoto.objects.get(offer=offer)
    assert (photo.width, photo.height) == (1280, 853)
    with Image.open(photo.image.path) as stored:
        assert max(stored.size) <= 1280
        assert stored.format == "JPEG"
    assert str(media) in photo.image.path
    actions = set(
        AuditLog.objects.filter(business_id=business.pk, action__startswith="offer.").values_list(
            "action", flat=True
        )
    )
    assert actions == {"offer.create", "offer.photo_add"}
    html = client.get(reverse("businesses:detail", args=[business.pk])).content.decode()
    assert photo.image.url in html
    assert "Rp45.000–Rp50.000/kg" in html


@pytest.mark.django_db
def test_offer_small_photo_is_kept_at_its_size(client, alice, media):
    user, business = alice
    client.force_login(user)
    client.post(
        reverse("businesses:offer_create", args=[business.pk]), _offer_post(photo=_png(640, 480))
    )
    photo = OfferPhoto.objects.get()
    assert (photo.width, photo.height) == (640, 480)


@pytest.mark.django_db
def test_offer_non_image_rejected_and_nothing_saved(client, alice, media):
    user, business = alice
    client.force_login(user)
    fake = SimpleUploadedFile("foto.png", b"ini bukan gambar sama sekali", "image/png")
    response = client.post(
        reverse("businesses:offer_create", args=[business.pk]), _offer_post(photo=fake)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["photo"]
    assert errors == ["Berkas bukan gambar JPG, PNG, atau WEBP."]
    assert "Berkas bukan gambar" in _field_html(response.content.decode(), "photo")
    assert not Offer.objects.exists()
    assert not OfferPhoto.objects.exists()
    assert not AuditLog.objects.filter(action__startswith="offer.").exists()


@pytest.mark.django_db
def test_offer_unsupported_image_type_rolls_back_the_offer(client, alice, media):
    """A GIF passes Django's image check but not ours: the offer must not be half-saved."""
    user, business = alice
    client.force_login(user)
    out = BytesIO()
    Image.new("RGB", (50, 50)).save(out, "GIF")
    gif = SimpleUploadedFile("animasi.gif", out.getvalue(), "image/gif")
    response = client.post(
        reverse("businesses:offer_create", args=[business.pk]), _offer_post(photo=gif)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["photo"] == [
        "Jenis gambar tidak didukung: pakai JPG, PNG, atau WEBP."
    ]
    assert not Offer.objects.exists()
    assert not AuditLog.objects.filter(action__startswith="offer.").exists()


@pytest.mark.django_db
def test_offer_price_range_reversed_saves_nothing(client, alice):
    user, business = alice
    client.force_login(user)
    response = client.post(
        reverse("businesses:offer_create", args=[business.pk]),
        _offer_post(price_min="50.000", price_max="40.000"),
    )
    assert response.status_code == 200
    assert not response.context["form"].is_valid()
    assert not Offer.objects.exists()


@pytest.mark.django_db
def test_offer_price_range_message_is_next_to_the_field(client, alice):
    user, business = alice
    client.force_login(user)
    response = client.post(
        reverse("businesses:offer_create", args=[business.pk]),
        _offer_post(price_min="50.000", price_max="40.000"),
    )
    block = _field_html(response.content.decode(), "price_max")
    assert "Harga tertinggi tidak boleh di bawah harga terendah." in block
    assert "offer_price_range_ordered" not in response.content.decode()


@pytest.mark.django_db
def test_offer_edit_and_delete(client, alice, media):
    user, business = alice
    offer = services.offer_create(actor=user, business=business, data={"title": "Keripik"})
    client.force_login(user)
    url = reverse("businesses:offer_edit", args=[business.pk, offer.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _offer_post(title="Keripik pisang original"))
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.title == "Keripik pisang original"
    log = AuditLog.objects.get(action="offer.update")
    assert log.changes["title"] == ["Keripik", "Keripik pisang original"]

    response = client.post(reverse("businesses:offer_delete", args=[business.pk, offer.pk]))
    assert response.status_code == 302
    assert not Offer.objects.exists()
    assert AuditLog.objects.filter(action="offer.delete", business_id=business.pk).exists()


@pytest.mark.django_db
def test_large_business_cannot_offer(client, carol):
    user, business = carol
    client.force_login(user)
    response = client.get(reverse("businesses:offer_create", args=[business.pk]), follow=True)
    assert "Penawaran untuk usaha mikro dan kecil." in response.content.decode()
    assert not Offer.objects.exists()


# --- needs ------------------------------------------------------------------


@pytest.mark.django_db
def test_need_create_and_close(client, carol):
    user, business = carol
    client.force_login(user)
    html = client.get(reverse("businesses:detail", args=[business.pk])).content.decode()
    assert "Tambah kebutuhan" in html
    url = reverse("businesses:need_create", args=[business.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "Keripik pisang untuk oleh-oleh",
            "description": "Kemasan 250 gram berlabel toko.",
            "kbli": "10794",
            "quantity": "500",
            "unit": "kg",
            "period": "month",
            "required_certifications": ["halal", "pirt"],
            "target_price": "40.000",
            "deadline": "2026-12-31",
            "delivery_region": "18.72.01",
        },
    )
    assert response.status_code == 302
    need = Need.objects.get(business=business)
    assert need.status == "open"
    assert need.quantity == 500
    assert need.target_price == 40_000
    assert need.required_certifications == ["halal", "pirt"]
    assert need.delivery_region_id == "18.72.01"
    assert AuditLog.objects.filter(action="need.create", business_id=business.pk).exists()
    html = client.get(reverse("businesses:detail", args=[business.pk])).content.decode()
    assert "Keripik pisang untuk oleh-oleh" in html
    assert "wajib: Halal, PIRT" in html

    response = client.post(reverse("businesses:need_close", args=[business.pk, need.pk]))
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.status == "closed"
    log = AuditLog.objects.get(action="need.update", business_id=business.pk)
    assert log.changes == {"status": ["open", "closed"]}


@pytest.mark.django_db
def test_need_edit_is_saved_and_audited(client, carol):
    user, business = carol
    need = services.need_create(
        actor=user, business=business, data={"title": "Keripik", "quantity": 100}
    )
    client.force_login(user)
    url = reverse("businesses:need_edit", args=[business.pk, need.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"title": "Keripik pisang", "quantity": "300", "unit": "kg", "period": "week"}
    )
    assert response.status_code == 302
    need.refresh_from_db()
    assert (need.title, need.quantity, need.unit, need.period) == (
        "Keripik pisang",
        300,
        "kg",
        "week",
    )
    log = AuditLog.objects.get(action="need.update", business_id=business.pk)
    assert log.changes["title"] == ["Keripik", "Keripik pisang"]
    assert log.changes["quantity"] == [100, 300]


@pytest.mark.django_db
def test_need_bad_region_refused(client, carol):
    user, business = carol
    client.force_login(user)
    response = client.post(
        reverse("businesses:need_create", args=[business.pk]),
        {"title": "Kemplang", "unit": "kg", "period": "month", "delivery_region": "99.99"},
    )
    assert "Pilih wilayah dari daftar." in _field_html(response.content.decode(), "delivery_region")
    assert not Need.objects.exists()


@pytest.mark.django_db
def test_micro_business_cannot_record_needs(client, alice):
    user, business = alice
    client.force_login(user)
    response = client.get(reverse("businesses:need_create", args=[business.pk]), follow=True)
    assert "Kebutuhan dicatat oleh usaha menengah dan besar." in response.content.decode()
    response = client.post(
        reverse("businesses:need_create", args=[business.pk]),
        {"title": "Pisang", "unit": "kg", "period": "month"},
    )
    assert response.status_code == 302
    assert not Need.objects.exists()


def test_edit_with_an_unknown_region_code_is_a_form_error_not_a_500(client, officer, alice):
    _, business = alice
    client.force_login(officer)
    response = client.post(
        reverse("businesses:edit", args=[business.pk]),
        {
            "name": business.name,
            "legal_form": "perorangan",
            "owner_name": business.owner_name,
            "owner_nik": business.owner_nik,
            "region": "99.99.99.9999",
        },
    )
    assert response.status_code == 200
    assert "Kode wilayah tidak dikenal" in response.content.decode()
    business.refresh_from_db()
    assert business.region_id == "18.72.01.1005"


@pytest.mark.django_db
def test_a_deleted_offers_photo_files_go_only_after_the_commit(
    alice, media, django_capture_on_commit_callbacks
):
    user, business = alice
    offer = services.offer_create(actor=user, business=business, data={"title": "Keripik"})
    photo = services.offer_photo_add(actor=user, offer=offer, upload=_png(640, 480))
    path = photo.image.path
    with django_capture_on_commit_callbacks(execute=True):
        services.offer_delete(actor=user, offer=offer)
        assert not Offer.objects.exists()
        assert os.path.exists(path)  # the rows are gone; the file waits for the commit
    assert not os.path.exists(path)

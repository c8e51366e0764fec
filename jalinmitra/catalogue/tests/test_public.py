"""The public catalogue: who appears, search through the matching engine's Indonesian text
handling, filters with counts, the product and business pages, and what is never shown."""

import json
import re

import pytest
from django.urls import reverse

from jalinmitra.businesses.services import certification_add, offer_update
from jalinmitra.catalogue import services
from jalinmitra.catalogue.models import Thumbnail
from jalinmitra.catalogue.tests.conftest import ALICE_NIK, ALICE_PHONE_DIGITS, add_offer
from jalinmitra.catalogue.views import product_path
from jalinmitra.testing import make_owner

pytestmark = pytest.mark.django_db

LIST = "/katalog/"


def titles(response) -> list[str]:
    return re.findall(r'<span class="title">([^<]+)</span>', response.content.decode())


def test_list_shows_a_verified_micro_offer_without_login(client, shop):
    response = client.get(LIST)
    assert response.status_code == 200
    assert titles(response) == ["Keripik Pisang Coklat"]


def test_unverified_business_and_inactive_offer_never_appear(client, officer, shop):
    user, draft = make_owner(
        officer=officer, username="dewi", name="Kripik Dewi", nik="1872014506900009", nib=None
    )
    add_offer(user, draft, title="Keripik Pisang Dewi")
    hidden = add_offer(shop.user, shop.business, title="Keripik Pisang Lama")
    offer_update(actor=shop.user, offer=hidden, data={"is_active": False})
    for url in [LIST, LIST + "?q=keripik+pisang", "/sitemap.xml"]:
        body = client.get(url).content.decode()
        assert "Keripik Pisang Dewi" not in body and "keripik-pisang-dewi" not in body
        assert "Keripik Pisang Lama" not in body and "keripik-pisang-lama" not in body
    assert client.get(product_path(hidden)).status_code == 404
    draft_offer = draft.offers.get()
    assert client.get(product_path(draft_offer)).status_code == 404


@pytest.mark.parametrize(
    "query", ["kripik pisang", "keripik pisang", "Keripik PISANG", "keripik pisnag", "kripik"]
)
def test_search_forgives_variants_case_and_typos(client, shop, other_shop, query):
    assert titles(client.get(LIST, {"q": query})) == ["Keripik Pisang Coklat"]


def test_search_is_not_a_substring_match(client, shop, other_shop):
    # "ikan" is inside no word of the banana chips, and "pis" is no word at all
    assert titles(client.get(LIST, {"q": "ikan"})) == ["Kemplang Ikan Tenggiri"]
    assert titles(client.get(LIST, {"q": "pis"})) == []


def test_typo_correction_is_shown(client, shop):
    body = client.get(LIST, {"q": "keripik pisnag"}).content.decode()
    assert "Menampilkan hasil untuk" in body and "pisang" in body


def test_filters_with_counts_and_valid_certification_only(client, officer, shop, other_shop):
    import datetime

    today = datetime.date.today()
    halal = certification_add(
        actor=officer,
        business=shop.business,
        kind="halal",
        number="ID001",
        expires_on=today + datetime.timedelta(days=300),
    )
    old = certification_add(
        actor=officer,
        business=other_shop.business,
        kind="halal",
        number="ID002",
        expires_on=today - datetime.timedelta(days=1),
    )
    offer_update(actor=shop.user, offer=shop.offer, data={}, certifications=[halal])
    offer_update(actor=other_shop.user, offer=other_shop.offer, data={}, certifications=[old])
    body = client.get(LIST).content.decode()
    assert "Halal (1)" in body  # the expired one is not counted
    assert titles(client.get(LIST, {"sertifikat": "halal"})) == ["Keripik Pisang Coklat"]
    # price bands on the lowest price: 25.000 and 60.000
    assert titles(client.get(LIST, {"harga": "25-50"})) == ["Keripik Pisang Coklat"]
    assert titles(client.get(LIST, {"harga": "50-100"})) == ["Kemplang Ikan Tenggiri"]
    assert "Rp25.000–50.000 (1)" in body and "Rp50.000–100.000 (1)" in body
    # both in kecamatan 18.72.01 (the personas' kelurahan 18.72.01.1005)
    assert len(titles(client.get(LIST, {"kecamatan": "18.72.01"}))) == 2
    assert titles(client.get(LIST, {"kecamatan": "18.72.02"})) == []
    # a parameter not understood is dropped, never an error page
    assert client.get(LIST, {"harga": "x", "hal": "abc", "urut": "'"}).status_code == 200


def test_sorting_and_paging(client, shop, other_shop, monkeypatch):
    cheap_first = titles(client.get(LIST, {"urut": "murah"}))
    assert cheap_first == ["Keripik Pisang Coklat", "Kemplang Ikan Tenggiri"]
    assert titles(client.get(LIST, {"urut": "mahal"})) == cheap_first[::-1]
    from jalinmitra.catalogue import selectors

    monkeypatch.setattr(selectors, "PAGE_SIZE", 1)
    first = client.get(LIST, {"urut": "nama"})
    second = client.get(LIST, {"urut": "nama", "hal": 2})
    assert titles(first) == ["Kemplang Ikan Tenggiri"]
    assert titles(second) == ["Keripik Pisang Coklat"]
    assert 'rel="next"' in first.content.decode() and 'rel="prev"' in second.content.decode()


def test_product_page_and_slug_redirect(client, shop):
    path = product_path(shop.offer)
    assert path == f"/katalog/produk/keripik-pisang-coklat-{shop.offer.pk}/"
    response = client.get(path)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Rp25.000" in body and "Rp30.000" in body and "200 kg" in body
    assert '<link rel="canonical" href="https://katalog.example' + path in body
    assert 'property="og:image"' in body and 'property="og:title"' in body
    offer_update(actor=shop.user, offer=shop.offer, data={"title": "Keripik Pisang Cokelat Lumer"})
    old = client.get(path)
    assert old.status_code == 301
    assert old["Location"] == f"/katalog/produk/keripik-pisang-cokelat-lumer-{shop.offer.pk}/"
    assert client.get(f"/katalog/produk/{shop.offer.pk}/").status_code == 301


def test_expired_certificate_is_not_shown_valid(client, officer, shop):
    import datetime

    expired = certification_add(
        actor=officer,
        business=shop.business,
        kind="pirt",
        number="P-1",
        expires_on=datetime.date.today() - datetime.timedelta(days=3),
    )
    offer_update(actor=shop.user, offer=shop.offer, data={}, certifications=[expired])
    body = client.get(product_path(shop.offer)).content.decode()
    assert re.search(r'badge bad">PIRT kedaluwarsa', body)


def _json_ld(body: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    return json.loads(match.group(1))


def test_no_nik_and_no_phone_without_consent_then_with_then_withdrawn(client, shop):
    pages = [LIST, product_path(shop.offer), f"/katalog/usaha/x-{shop.business.pk}/"]

    def bodies():
        return [client.get(p, follow=True).content.decode() for p in pages]

    for body in bodies():
        assert ALICE_NIK not in body
        assert ALICE_PHONE_DIGITS not in body and "wa.me" not in body
    data = _json_ld(client.get(product_path(shop.offer)).content.decode())
    assert "telephone" not in json.dumps(data)
    assert data["@type"] == "Product" and data["manufacturer"]["@type"] == "LocalBusiness"

    services.contact_consent_give(actor=shop.user, business=shop.business)
    body = client.get(product_path(shop.offer)).content.decode()
    link = re.search(r'href="(https://wa\.me/[^"]+)"', body).group(1)
    assert link.startswith("https://wa.me/6281234567890?text=")
    assert "Keripik%20Pisang%20Coklat" in link
    assert _json_ld(body)["manufacturer"]["telephone"] == "+6281234567890"
    assert ALICE_NIK not in body

    services.contact_consent_withdraw(actor=shop.user, business=shop.business)
    for body in bodies():
        assert ALICE_PHONE_DIGITS not in body and "wa.me" not in body


def test_business_profile_lists_its_public_products(client, shop):
    response = client.get(f"/katalog/usaha/{shop.business.pk}/", follow=True)
    assert response.redirect_chain[0][1] == 301
    assert titles(response) == ["Keripik Pisang Coklat"]
    assert "LocalBusiness" in response.content.decode()


def test_thumbnails_are_made_once_after_upload_and_used(client, shop):
    widths = sorted(
        Thumbnail.objects.filter(photo__offer=shop.offer).values_list("width", flat=True)
    )
    assert widths == [160, 320, 640]
    body = client.get(LIST).content.decode()
    assert ".webp 160w" in body and ".webp 640w" in body


def test_thumbnail_command_builds_missing_ones(shop):
    from django.core.management import call_command

    Thumbnail.objects.all().delete()
    call_command("catalogue_thumbnails")
    assert Thumbnail.objects.filter(photo__offer=shop.offer).count() == 3


def test_a_deleted_photos_thumbnails_leave_the_disk_after_the_commit(
    shop, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    from jalinmitra.businesses.services import offer_delete

    names = list(Thumbnail.objects.filter(photo__offer=shop.offer).values_list("image", flat=True))
    assert len(names) == 3 and all(default_storage.exists(n) for n in names)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        offer_delete(actor=shop.user, offer=shop.offer)
    # not before the commit (a rolled-back delete keeps them)
    assert all(default_storage.exists(n) for n in names)
    for callback in callbacks:
        callback()
    assert not any(default_storage.exists(n) for n in names)
    assert not Thumbnail.objects.exists()


def test_thumbnail_command_sweeps_files_without_a_photo(shop):
    from django.core.files.storage import default_storage
    from django.core.management import call_command

    names = list(Thumbnail.objects.values_list("image", flat=True))
    Thumbnail.objects.filter(width=160).delete()  # rows gone some other way, files left
    call_command("catalogue_thumbnails", "--sapu")
    assert [default_storage.exists(n) for n in names] == [False, True, True]


def test_below_the_fold_images_are_lazy(client, shop):
    for i in range(6):
        add_offer(shop.user, shop.business, title=f"Keripik Rasa {i}")
    body = client.get(LIST).content.decode()
    images = re.findall(r"<img [^>]*>", body.split("<main>")[1])
    assert "loading=" not in images[0]
    assert all('loading="lazy"' in tag for tag in images[4:])


def test_list_search_and_product_query_counts_are_bounded(
    client, shop, django_assert_max_num_queries
):
    for i in range(30):
        add_offer(shop.user, shop.business, title=f"Keripik Rasa {i}", photo=i % 2 == 0)
    # the search index and the lexicon are built (and brought up to date) outside the count
    client.get(LIST, {"q": "pisang"})
    # first time these words and filters: the ids and counts are worked out (the offers and
    # their valid certificate kinds read once, counted in one pass) and stored, and the whole
    # page is kept (core.pagecache: its stamp read once, then 5 to store); a search also asks
    # the offer index whether an offer was added or deleted (a cache read, matching.selectors
    # _offers_token, where it counted every offer before)
    with django_assert_max_num_queries(19):
        assert client.get(LIST).status_code == 200
    with django_assert_max_num_queries(21):
        assert client.get(LIST, {"q": "keripik", "harga": "25-50"}).status_code == 200
    # another page of them: the stamp, the kept ids and counts, the cards, their photos, the
    # city's name for the page, and the page kept
    with django_assert_max_num_queries(10):
        assert client.get(LIST, {"hal": 2}).status_code == 200
    # again: the kept page (the stamp's token with it, and the newest audit row)
    for params in ({}, {"hal": 2}, {"q": "keripik", "harga": "25-50"}):
        with django_assert_max_num_queries(2):
            assert client.get(LIST, params).status_code == 200
    # the product page: the offer, its certificates, photos, the business's other products
    # and their photos, the city's name (JSON-LD) and the city for the page; kept as above
    with django_assert_max_num_queries(13):
        assert client.get(product_path(shop.offer)).status_code == 200


def test_cached_list_follows_writes_at_once(client, shop):
    """The cached ids and counts live under a key that every write it depends on changes."""
    from jalinmitra.businesses.services import offer_update

    assert titles(client.get(LIST)) == ["Keripik Pisang Coklat"]
    other = add_offer(shop.user, shop.business, title="Kopi Bubuk Robusta")
    assert sorted(titles(client.get(LIST))) == ["Keripik Pisang Coklat", "Kopi Bubuk Robusta"]
    offer_update(actor=shop.user, offer=other, data={"is_active": False})
    assert titles(client.get(LIST)) == ["Keripik Pisang Coklat"]
    certification_add(actor=shop.user, business=shop.business, kind="halal", number="H-1")
    shop.offer.certifications.set(shop.business.certifications.all())
    assert titles(client.get(LIST, {"sertifikat": "halal"})) == ["Keripik Pisang Coklat"]


def test_sitemap_and_robots(client, shop):
    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200 and sitemap["Content-Type"] == "application/xml"
    assert f"https://katalog.example{product_path(shop.offer)}" in sitemap.content.decode()
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: https://katalog.example/sitemap.xml" in robots
    assert "Disallow: /katalog/pesan/" in robots


def test_pages_only_read(client, shop):
    from jalinmitra.core.models import AuditLog

    before = AuditLog.objects.count()
    for url in [LIST, product_path(shop.offer), "/katalog/unggulan/", reverse("sitemap")]:
        client.get(url)
    assert AuditLog.objects.count() == before

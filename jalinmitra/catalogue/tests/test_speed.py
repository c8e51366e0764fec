"""The anonymous public pages kept whole (core.pagecache): a repeat visit runs no view, every
write a page shows is seen at once, and nothing private or personal is ever kept or served to
someone else."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jalinmitra.businesses.services import certification_add, offer_update
from jalinmitra.catalogue import selectors, services
from jalinmitra.catalogue.tests.conftest import add_offer, png
from jalinmitra.catalogue.views import business_path, product_path
from jalinmitra.core import pagecache

pytestmark = pytest.mark.django_db

LIST = "/katalog/"


def titles(response) -> list[str]:
    return re.findall(r'<span class="title">([^<]+)</span>', response.content.decode())


def kept(client, url, **params) -> tuple[str, int]:
    """The page's body and how many queries a repeat visit made (the page served as kept)."""
    client.get(url, params)
    with CaptureQueriesContext(connection) as queries:
        body = client.get(url, params).content.decode()
    return body, len(queries)


def test_a_repeat_visit_is_served_kept_in_two_queries(client, shop):
    for url in (LIST, product_path(shop.offer), business_path(shop.business)):
        body, queries = kept(client, url)
        # the token and the page in one cache read, the newest audit row
        assert queries == 2, url
        assert "Keripik Pisang Coklat" in body


def test_renaming_an_offer_shows_the_new_name_on_every_page(client, shop):
    for url in (LIST, product_path(shop.offer), business_path(shop.business)):
        kept(client, url)
    offer_update(actor=shop.user, offer=shop.offer, data={"title": "Keripik Pisang Keju"})
    assert titles(client.get(LIST)) == ["Keripik Pisang Keju"]
    assert "Keripik Pisang Keju" in client.get(business_path(shop.business)).content.decode()
    page = client.get(product_path(shop.offer), follow=True).content.decode()
    assert "Keripik Pisang Keju" in page


def test_a_write_without_a_signal_is_seen_through_the_audit_row(client, shop):
    """A QuerySet.update() sends no signal: the audit row every service writes renews the
    stamp."""
    from jalinmitra.businesses.models import Offer
    from jalinmitra.core.services import audit_record

    kept(client, LIST)
    Offer.objects.filter(pk=shop.offer.pk).update(title="Keripik Tanpa Sinyal")
    audit_record(actor=shop.user, action="offer.update", obj=shop.offer, changes={})
    assert titles(client.get(LIST)) == ["Keripik Tanpa Sinyal"]


def test_new_and_withdrawn_offers_photos_certificates_and_signature_are_seen(
    client, officer, shop, django_capture_on_commit_callbacks
):
    kept(client, LIST)
    other = add_offer(shop.user, shop.business, title="Kopi Bubuk Robusta", photo=False)
    assert sorted(titles(client.get(LIST))) == ["Keripik Pisang Coklat", "Kopi Bubuk Robusta"]
    offer_update(actor=shop.user, offer=other, data={"is_active": False})
    assert titles(client.get(LIST)) == ["Keripik Pisang Coklat"]

    product = product_path(shop.offer)
    assert "Sertifikat" not in kept(client, product)[0]
    certification_add(actor=shop.user, business=shop.business, kind="halal", number="H-77")
    kept(client, product)
    shop.offer.certifications.set(shop.business.certifications.all())  # m2m only: no save
    assert "Sertifikat" in client.get(product).content.decode()

    assert "Resep turun-temurun dari Metro." not in kept(client, product)[0]
    services.signature_designate(
        actor=officer, offer=shop.offer, story="Resep turun-temurun dari Metro."
    )
    assert "Resep turun-temurun dari Metro." in client.get(product).content.decode()

    from jalinmitra.businesses.models import OfferPhoto

    before = client.get(product).content.decode().count("<img")
    with django_capture_on_commit_callbacks(execute=True):
        OfferPhoto.objects.create(offer=shop.offer, image=png(name="dua.png"))
    assert client.get(product).content.decode().count("<img") > before


def test_contact_consent_is_seen_at_once(client, shop):
    page = business_path(shop.business)
    kept(client, page)
    assert "wa.me" not in client.get(page).content.decode()
    services.contact_consent_give(actor=shop.user, business=shop.business)
    assert "wa.me" in client.get(page).content.decode()
    services.contact_consent_withdraw(actor=shop.user, business=shop.business)
    assert "wa.me" not in client.get(page).content.decode()


def test_each_visitor_gets_their_own_csrf_token_never_a_kept_one(client, shop):
    from django.test import Client

    url = product_path(shop.offer)
    first = client.get(url)
    second = Client().get(url)
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    one, two = token.findall(first.content.decode()), token.findall(second.content.decode())
    assert one and two and one[0] != two[0] and pagecache.PLACEHOLDER not in one[0] + two[0]
    # the kept body holds the placeholder, not a token anybody was given
    key = pagecache._page_key_for(url, "id")
    _stamp, body, _type = pagecache._cache().get(key)
    assert pagecache.PLACEHOLDER in body and one[0] not in body
    # the served token works: the enquiry form posts with it
    assert "csrftoken" in second.cookies


def test_logged_in_visitors_and_waiting_messages_are_never_served_kept_pages(client, officer, shop):
    kept(client, product_path(shop.offer))
    client.force_login(officer)
    page = client.get(product_path(shop.offer)).content.decode()
    # an officer's page has the officer's menu: never the anonymous kept one, never kept
    assert reverse("accounts:logout") in page
    client.logout()
    assert reverse("accounts:logout") not in client.get(product_path(shop.offer)).content.decode()


def test_not_found_and_redirects_are_not_kept(client, shop):
    url = product_path(shop.offer)
    wrong = url.replace("keripik", "kerupuk")
    assert client.get(wrong).status_code == 301
    assert client.get(wrong).status_code == 301
    offer_update(actor=shop.user, offer=shop.offer, data={"is_active": False})
    assert client.get(url).status_code == 404


def test_cards_query_starts_from_the_ids(shop, other_shop):
    """The cards of a page are read by primary key; public is checked per row."""
    ids = [shop.offer.pk, other_shop.offer.pk]
    with CaptureQueriesContext(connection) as queries:
        cards = selectors.cards_by_ids(ids)
    assert [c.pk for c in cards] == ids
    sql = queries.captured_queries[0]["sql"]
    assert '"businesses_business"."status" =' not in sql
    offer_update(actor=shop.user, offer=shop.offer, data={"is_active": False})
    assert [c.pk for c in selectors.cards_by_ids(ids)] == [other_shop.offer.pk]

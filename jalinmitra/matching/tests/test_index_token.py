"""The offer index learns of added and deleted offers from a token renewed by their signals,
not from COUNT(*) of the offers on every need page (a scan of the table on PostgreSQL), and the
need page reads whether each suggestion is shortlisted or invited with the offers themselves."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jalinmitra.businesses import services as biz
from jalinmitra.businesses.models import Offer
from jalinmitra.matching import selectors, services
from jalinmitra.matching.templatetags.matching_tags import supplier_cards
from jalinmitra.matching.tests.test_app_pages import fresh_index, market  # noqa: F401

SNACK = {"unit": "kg", "capacity_per_month": 500, "price_min": 40000, "price_max": 60000}


def _sync_queries() -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        selectors.offer_index()
    return [q["sql"] for q in ctx.captured_queries]


@pytest.mark.django_db
def test_nothing_changed_costs_a_cache_read_and_one_lookup_without_counting(
    officer,
    market,  # noqa: F811
):
    selectors.offer_index()
    sql = _sync_queries()
    assert len(sql) == 2, sql
    assert not [q for q in sql if "COUNT(" in q.upper()], sql
    # No id comparison either: nothing was added or deleted.
    assert not [q for q in sql if q.startswith('SELECT "businesses_offer"."id"')], sql


@pytest.mark.django_db
def test_deleted_offer_leaves_the_index(officer, market):  # noqa: F811
    """A delete that is not of the newest offer leaves the highest id as it was."""
    _, need, suppliers = market
    matcher = selectors.offer_index()
    keripik = suppliers["keripik"]
    assert keripik.pk != Offer.objects.order_by("-pk").values_list("pk", flat=True).first()
    biz.offer_delete(actor=officer, offer=keripik)
    assert selectors.offer_index() is matcher
    assert str(keripik.pk) not in matcher
    assert keripik.pk not in [r.offer.pk for r in selectors.suppliers_for_need(need=need)]


@pytest.mark.django_db
def test_offers_deleted_with_a_queryset_leave_the_index(officer, market):  # noqa: F811
    """A delete that no service made (the admin's bulk delete, a cascade) still renews the
    token: Django sends post_delete for each offer once anything listens."""
    _, _need, suppliers = market
    matcher = selectors.offer_index()
    gone = [suppliers["keripik"].pk, suppliers["kemplang"].pk]
    Offer.objects.filter(pk__in=gone).delete()
    selectors.offer_index()
    assert not [pk for pk in gone if str(pk) in matcher]


@pytest.mark.django_db
def test_added_offer_joins_the_index(officer, market):  # noqa: F811
    _, need, suppliers = market
    matcher = selectors.offer_index()
    business = suppliers["kemplang"].business
    added = biz.offer_create(
        actor=officer,
        business=business,
        data={"title": "Keripik pisang cokelat lumer", "description": "Camilan"} | SNACK,
        certifications=list(business.certifications.all()),
    )
    assert selectors.offer_index() is matcher
    assert str(added.pk) in matcher
    assert added.pk in [r.offer.pk for r in selectors.suppliers_for_need(need=need, top=50)]


@pytest.mark.django_db
def test_lost_token_compares_the_ids_again(officer, market):  # noqa: F811
    """The cache culled or cleared: the ids are compared (never a stale index)."""
    from django.core.cache import cache

    selectors.offer_index()
    cache.delete(selectors.OFFERS_TOKEN_KEY)
    sql = _sync_queries()
    assert [q for q in sql if q.startswith('SELECT "businesses_offer"."id"')], sql
    assert len(_sync_queries()) == 2


@pytest.mark.django_db
def test_shortlist_and_invitation_show_on_the_next_page(client, officer, market):  # noqa: F811
    _, need, suppliers = market
    client.force_login(officer)
    url = reverse("matching:need", args=[need.pk])
    keripik = suppliers["keripik"]

    def card(ranked):
        return next(r for r in ranked if r.offer.pk == keripik.pk)

    first = card(client.get(url).context["ranked"])
    assert not first.shortlisted and not first.invited
    services.shortlist_toggle(actor=officer, need=need, offer=keripik, score=0.5)
    assert card(client.get(url).context["ranked"]).shortlisted
    services.meeting_invitation_create(
        actor=officer, need=need, offer=keripik, message="", score=0.5, reasons=[]
    )
    shown = card(client.get(url).context["ranked"])
    assert shown.shortlisted and shown.invited
    assert shown.shortlisted is True and shown.invited is True
    services.shortlist_toggle(actor=officer, need=need, offer=keripik, score=0.5)
    # Taken off the shortlist; the invitation stays.
    after = card(client.get(url).context["ranked"])
    assert after.invited and not after.shortlisted


@pytest.mark.django_db
def test_kept_suggestions_follow_offer_writes(client, officer, market):  # noqa: F811
    """The need page keeps its suggestions (core.pagecache.kept) until a write: a renamed and
    a deactivated offer show on the very next visit."""
    _, need, suppliers = market
    client.force_login(officer)
    url = reverse("matching:need", args=[need.pk])
    keripik, kemplang = suppliers["keripik"], suppliers["kemplang"]
    html = client.get(url).content.decode()
    assert keripik.title in html and kemplang.title in html
    biz.offer_update(actor=officer, offer=keripik, data={"title": "Keripik pisang nama baru"})
    html = client.get(url).content.decode()
    assert "Keripik pisang nama baru" in html
    biz.offer_update(actor=officer, offer=kemplang, data={"is_active": False})
    assert kemplang.title not in client.get(url).content.decode()


@pytest.mark.django_db
def test_kept_suggestions_never_reach_someone_who_may_not_see_the_need(
    client,
    officer,
    alice,
    market,  # noqa: F811
):
    _, need, suppliers = market
    client.force_login(officer)
    url = reverse("matching:need", args=[need.pk])
    assert suppliers["keripik"].title in client.get(url).content.decode()  # now kept
    user, _business = alice  # a member of another business
    client.force_login(user)
    response = client.get(url)
    assert response.status_code in (403, 404)
    assert suppliers["keripik"].title not in response.content.decode()


def _secrets(html: str) -> set[str]:
    """The CSRF secrets behind every token in a page (each token is masked afresh)."""
    from django.middleware.csrf import _unmask_cipher_token

    tokens = re.findall(r'name="csrfmiddlewaretoken" value="(\w+)"', html)
    tokens += re.findall(r'<meta name="csrf-token" content="(\w+)"', html)
    return {_unmask_cipher_token(t) for t in tokens}


@pytest.mark.django_db
def test_kept_cards_are_the_tags_cards_with_each_visitors_own_token(
    client,
    officer,
    officer2,
    market,  # noqa: F811
):
    _, need, _suppliers = market
    url = reverse("matching:need", args=[need.pk])
    pages = []
    for user in (officer, officer2, officer):
        client.force_login(user)
        response = client.get(url)
        html = response.content.decode()
        assert "@@" not in html
        assert len(_secrets(html)) == 1  # every form carries this visitor's token
        ranked = response.context["ranked"]
        cards = supplier_cards(
            {"csrf_token": "T" * 64, "not_relevant_text_max": services.NOT_RELEVANT_TEXT_MAX},
            ranked,
            need,
            url,
        )
        unmasked = re.sub(r'(name="csrfmiddlewaretoken" value=")\w+', r"\1" + "T" * 64, html)
        assert cards in unmasked and cards.count("csrfmiddlewaretoken") >= 3 * len(ranked)
        pages.append(_secrets(html))
        client.logout()
    assert pages[0] != pages[1]  # officer2 got a token of their own, not the kept one

"""The need page under load (issue 14): a fixed number of queries, none that scans the offers,
and the offer index kept exact by cheap checks (a deactivation, an add plus a delete)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jalinmitra.businesses import services as biz
from jalinmitra.core import pagecache
from jalinmitra.matching import selectors
from jalinmitra.matching.tests.test_app_pages import fresh_index, market  # noqa: F401

SNACK = {"unit": "kg", "capacity_per_month": 500, "price_min": 40000, "price_max": 60000}


def _need_page_queries(client, need) -> list[str]:
    url = reverse("matching:need", args=[need.pk])
    client.get(url)  # index built, session warm
    # The suggestions are kept until a write (core.pagecache.kept): measure the first visit
    # after one, which matches and reads the offers.
    pagecache.changed()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


@pytest.mark.django_db
def test_need_page_queries_do_not_grow_with_offers(client, officer, market):  # noqa: F811
    _, need, suppliers = market
    client.force_login(officer)
    before = _need_page_queries(client, need)
    business = suppliers["keripik"].business
    for i in range(12):
        biz.offer_create(
            actor=officer,
            business=business,
            data={"title": f"Keripik pisang rasa {i}", "description": "Camilan khas Lampung"}
            | SNACK,
            certifications=list(business.certifications.all()),
        )
    after = _need_page_queries(client, need)
    assert len(after) == len(before) <= 12
    # The city, regions and KBLI are reference data kept per process.
    assert not [q for q in after if 'FROM "core_city"' in q or 'FROM "core_region"' in q]
    # The matched offers are read by primary key: no sort, no join that lets the database
    # start from another index and read every active offer.
    by_id = [q for q in after if q.startswith('SELECT "businesses_offer"."id"') and " IN (" in q]
    assert len(by_id) == 1
    assert "ORDER BY" not in by_id[0]
    assert '"businesses_business"."status" =' not in by_id[0]


@pytest.mark.django_db
def test_deactivated_offer_leaves_the_index(officer, market):  # noqa: F811
    _, need, suppliers = market
    matcher = selectors.offer_index()
    keripik = suppliers["keripik"]
    assert str(keripik.pk) in matcher
    biz.offer_update(actor=officer, offer=keripik, data={"is_active": False})
    assert selectors.offer_index() is matcher
    assert str(keripik.pk) not in matcher
    assert keripik.pk not in [r.offer.pk for r in selectors.suppliers_for_need(need=need)]


@pytest.mark.django_db
def test_added_and_deleted_offer_between_two_pages(officer, market):  # noqa: F811
    """Same number of offers before and after: the highest id tells the index to compare."""
    _, need, suppliers = market
    matcher = selectors.offer_index()
    business = suppliers["kemplang"].business
    biz.offer_delete(actor=officer, offer=suppliers["keripik"])
    added = biz.offer_create(
        actor=officer,
        business=business,
        data={"title": "Keripik pisang cokelat lumer", "description": "Camilan"} | SNACK,
        certifications=list(business.certifications.all()),
    )
    assert selectors.offer_index() is matcher
    assert str(suppliers["keripik"].pk) not in matcher
    assert str(added.pk) in matcher
    assert len(matcher) == 4

"""The need page made cheap (issue 14 item 8): a fixed number of queries however many
suggestions, shortlists and invitations it shows; the suggestion cards built in Python with the
HTML the template gave; the engine's matches kept per process until an offer, the weights, the
need or the day changes."""

import re
from dataclasses import replace
from datetime import timedelta

import pytest
from django.db import connection
from django.template import engines
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from jalinmitra.businesses import services as biz
from jalinmitra.matching import selectors, services
from jalinmitra.matching.choices import NotRelevantReason
from jalinmitra.matching.models import SignalWeights
from jalinmitra.matching.tests.test_app_pages import fresh_index, market  # noqa: F401
from jalinmitra.testing import make_business

# The need page's loop as a template, before the cards moved to matching_tags.supplier_cards.
TEMPLATE_CARDS = """{% load i18n jm matching_tags %}{% for r in ranked %}
<div class="card">
  <div style="display:flex;justify-content:space-between;gap:.5rem;flex-wrap:wrap">
    <div><strong>{{ forloop.counter }}. {{ r.offer.title }}</strong><br>{{ r.offer.business.name }}{% if r.offer.business.region %} · {{ r.offer.business.region.name }}{% endif %}</div>
    <div class="badge ok" title="{% translate 'skor kecocokan' %}">{% widthratio r.score 1 100 %}%</div>
  </div>
  <ul>{% for reason in r.reasons %}<li>{{ reason|match_reason }}</li>{% endfor %}</ul>
  {% if r.offer.price_min %}<div class="muted">{{ r.offer.price_min|rupiah }}{% if r.offer.price_max and r.offer.price_max != r.offer.price_min %}–{{ r.offer.price_max|rupiah }}{% endif %}/{{ r.offer|choice_label:"unit" }}</div>{% endif %}
  <div class="actions">
    {% include "matching/_shortlist_button.html" with offer=r.offer on=r.shortlisted score=r.score %}
    {% if r.invited %}<span class="badge ok">{% translate "Sudah diajak bertemu" %}</span>
    {% elif need.is_open %}<form method="post" action="{% url 'matching:invite' need.pk r.offer.pk %}">{% csrf_token %}<button class="small" type="submit">{% translate "Ajak bertemu" %}</button></form>{% endif %}
    {% include "matching/_not_relevant_button.html" with offer=r.offer %}
  </div>
</div>
{% endfor %}"""

PYTHON_CARDS = (
    "{% load matching_tags %}{% url 'matching:need' need.pk as need_url %}"
    "{% supplier_cards ranked need need_url %}"
)

SNACK = {"unit": "kg", "capacity_per_month": 500, "price_min": 40000, "price_max": 60000}


def _render(source: str, context: dict, language: str) -> str:
    request = RequestFactory().get("/")
    request.META["CSRF_COOKIE"] = "x" * 32
    with translation.override(language):
        html = engines["django"].from_string(source).render(context, request)
    # The masked token differs on each call; the input around it must not.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', html)


@pytest.mark.django_db
def test_cards_are_the_html_the_template_gave(officer, market):  # noqa: F811
    _, need, suppliers = market
    ranked = selectors.suppliers_for_need(need=need, top=20)
    assert len(ranked) >= 2 and all(r.reasons for r in ranked)
    first, second = ranked[0], ranked[1]
    # Every branch of a card: shortlisted or not, invited or not, no region, no price, a
    # single price, a title that needs escaping, a zero score.
    bare = replace(second, shortlisted=True, score=0.0)
    bare.offer.business.region = None
    bare.offer.price_min = bare.offer.price_max = None
    bare.offer.title = 'Kripik "renyah" <b>&</b>'
    single = replace(first, invited=True)
    single.offer.price_max = single.offer.price_min
    cases = [ranked, [bare, single, replace(first, reasons=[])]]
    for rows in cases:
        for is_open in (True, False):
            need.status = "open" if is_open else "closed"
            context = {
                "need": need,
                "ranked": rows,
                "not_relevant_reasons": NotRelevantReason.choices,
                "not_relevant_text_max": services.NOT_RELEVANT_TEXT_MAX,
            }
            for language in ("id", "en"):
                expected = _render(TEMPLATE_CARDS, context, language)
                assert _render(PYTHON_CARDS, context, language) == expected
                assert expected.count('class="card"') == len(rows)
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in expected
    assert "Already invited to meet" in expected or "Sudah diajak" in expected


@pytest.mark.django_db
def test_shortlist_reply_is_the_cards_form(client, officer, market):  # noqa: F811
    """The htmx reply of the star button replaces the card's form with the same markup."""
    _, need, suppliers = market
    client.force_login(officer)
    offer = suppliers["keripik"]
    reply = client.post(
        reverse("matching:shortlist", args=[need.pk, offer.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Di daftar pendek" in reply
    page = client.get(reverse("matching:need", args=[need.pk])).content.decode()

    def plain(html: str) -> str:
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
        return re.sub(r'name="score" value="[0-9.]+"', 'name="score"', html)

    assert plain(reply).strip() in plain(page)


def _page_queries(client, need) -> list[str]:
    url = reverse("matching:need", args=[need.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


@pytest.mark.django_db
def test_need_page_queries_do_not_grow_with_suggestions(client, officer, market):  # noqa: F811
    buyer, need, suppliers = market
    client.force_login(officer)
    before = _page_queries(client, need)
    # Ten more suppliers, each its own business and kelurahan, shortlisted and invited.
    for i in range(10):
        seller = make_business(
            officer=officer,
            name=f"Keripik Uji {i}",
            nib=f"90000000001{i:02d}",
            nik=f"18720145069{i + 1:05d}",
            whatsapp="081234567890",
            region="18.72.01.1005" if i % 2 else "18.72.02.1001",
            modal_usaha=30_000_000,
            hasil_penjualan=200_000_000,
            kbli="10794",
            verified=True,
        )
        cert = biz.certification_add(
            actor=officer,
            business=seller,
            kind="halal",
            number=f"H-{i}",
            expires_on=timezone.localdate() + timedelta(days=300),
        )
        offer = biz.offer_create(
            actor=officer,
            business=seller,
            data={"title": f"Keripik pisang oleh-oleh {i}", "description": "Camilan Lampung"}
            | SNACK,
            certifications=[cert],
        )
        services.shortlist_toggle(actor=officer, need=need, offer=offer, score=0.5)
        if i % 3 == 0:
            services.meeting_invitation_create(
                actor=officer, need=need, offer=offer, message="", score=0.5, reasons=[]
            )
    after = _page_queries(client, need)
    shown = client.get(reverse("matching:need", args=[need.pk])).context["ranked"]
    assert len(shown) >= 12
    assert len(after) == len(before)
    # session, user, the need (with its business), the offers' state, the matched offers,
    # shortlist, invitations, unread notifications: the need's business is not loaded again
    # with its KBLI links and certificates to check access.
    assert len(after) <= 8, after
    assert not [q for q in after if '"businesses_businesskbli"' in q]
    assert not [q for q in after if 'FROM "businesses_certification"' in q]


@pytest.mark.django_db
def test_a_member_still_sees_only_own_needs(client, officer, market):  # noqa: F811
    from jalinmitra.testing import make_owner

    buyer, need, suppliers = market
    owner, _ = make_owner(officer=officer, username="beli", business=buyer, full_name="")
    stranger, _ = make_owner(
        officer=officer, username="lain", business=suppliers["laundry"].business, full_name=""
    )
    client.force_login(owner)
    assert client.get(reverse("matching:need", args=[need.pk])).status_code == 200
    client.force_login(stranger)
    assert client.get(reverse("matching:need", args=[need.pk])).status_code == 403


def _ids(need, **kwargs) -> list[int]:
    return [r.offer.pk for r in selectors.suppliers_for_need(need=need, **kwargs)]


@pytest.mark.django_db
def test_matches_are_kept_until_something_changes(officer, market):  # noqa: F811
    _, need, suppliers = market
    today = timezone.localdate()
    matcher = selectors.offer_index()
    record = selectors.need_to_engine(need=need)
    kept = selectors.need_matches(matcher=matcher, need=record, top=30, today=today)
    # Shown again: the same list, not matched again.
    assert selectors.need_matches(matcher=matcher, need=record, top=30, today=today) is kept
    # Another day, another count, or the need changed: matched again.
    tomorrow = today + timedelta(days=1)
    assert selectors.need_matches(matcher=matcher, need=record, top=30, today=tomorrow) is not kept
    assert selectors.need_matches(matcher=matcher, need=record, top=5, today=today) is not kept
    edited = replace(record, title="Pasokan kemplang")
    assert selectors.need_matches(matcher=matcher, need=edited, top=30, today=today) is not kept
    assert selectors.need_matches(matcher=matcher, need=record, top=30, today=today) is kept

    # An offer changed (through the services): the next page sees it.
    laundry = suppliers["laundry"]
    assert laundry.pk not in _ids(need)
    cert = biz.certification_add(actor=officer, business=laundry.business, kind="halal", number="H")
    biz.offer_update(
        actor=officer,
        offer=laundry,
        data={"title": "Keripik pisang lumer", "description": "Camilan keripik pisang"},
        certifications=[cert],
    )
    assert laundry.pk in _ids(need)
    # Deactivated, then a new offer added: both seen at once.
    biz.offer_update(actor=officer, offer=laundry, data={"is_active": False})
    assert laundry.pk not in _ids(need)
    added = biz.offer_create(
        actor=officer,
        business=suppliers["kemplang"].business,
        data={"title": "Keripik pisang oleh-oleh", "description": "Camilan khas Lampung"} | SNACK,
        certifications=list(suppliers["kemplang"].business.certifications.all()),
    )
    assert added.pk in _ids(need)
    # The need edited: its own new words are matched.
    before = selectors.suppliers_for_need(need=need)
    biz.need_update(actor=officer, need=need, data={"title": "Jasa laundry kiloan"})
    need.refresh_from_db()
    assert [r.offer.pk for r in selectors.suppliers_for_need(need=need)] != [
        r.offer.pk for r in before
    ]


@pytest.mark.django_db
def test_new_weights_are_not_served_from_kept_matches(officer, market):  # noqa: F811
    _, need, _suppliers = market
    scores = [r.score for r in selectors.suppliers_for_need(need=need)]
    SignalWeights.objects.create(
        version=1,
        is_active=True,
        weights={"text": 1.0, "kbli": 0.0, "capacity": 0.0, "region": 0.0, "price": 0.0},
    )
    selectors.offer_index_weights_reload()
    assert [r.score for r in selectors.suppliers_for_need(need=need)] != scores

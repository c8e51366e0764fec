"""The matching engine inside the app: need pages, opportunities, search, incremental index."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from jalinmitra.businesses import services as biz
from jalinmitra.matching import selectors
from jalinmitra.matching.models import MeetingInvitation, Shortlist
from jalinmitra.testing import make_business, make_owner


@pytest.fixture(autouse=True)
def fresh_index():
    selectors.offer_index_reset()
    yield
    selectors.offer_index_reset()


@pytest.fixture
def market(officer):
    """A supermarket needing camilan, and suppliers: two that fit, one without halal, one off-topic."""
    buyer = make_business(
        officer=officer,
        name="PT Swalayan Uji",
        nib="9000000000001",
        nik="1872014506900011",
        whatsapp="081234567890",
        region="18.72.01.1001",
        modal_usaha=8_000_000_000,
        hasil_penjualan=40_000_000_000,
        kbli="47111",
        verified=True,
    )
    halal = date.today() + timedelta(days=400)
    suppliers = {}
    for key, name, nib, nik, kel, title, desc in [
        (
            "keripik",
            "Keripik Bu Sri",
            "9000000000002",
            "1872014506900012",
            "18.72.01.1005",
            "Keripik pisang cokelat",
            "Keripik pisang kepok renyah khas Lampung, kemasan 250 gr",
        ),
        (
            "kemplang",
            "Kemplang Pak Udin",
            "9000000000003",
            "1872021203850013",
            "18.72.02.1001",
            "Kemplang ikan tenggiri",
            "Kerupuk kemplang panggang oleh-oleh Lampung",
        ),
        (
            "nohalal",
            "Kripik Tanpa Sertifikat",
            "9000000000004",
            "1872021203850014",
            "18.72.03.1001",
            "Kripik singkong balado",
            "Keripik singkong pedas",
        ),
        (
            "laundry",
            "Laundry Bersih",
            "9000000000005",
            "1872021203850015",
            "18.72.04.1001",
            "Jasa laundry kiloan",
            "Cuci setrika pakaian",
        ),
    ]:
        b = make_business(
            officer=officer,
            name=name,
            nib=nib,
            nik=nik,
            whatsapp="081234567890",
            region=kel,
            modal_usaha=30_000_000,
            hasil_penjualan=200_000_000,
            kbli="10794",
            verified=True,
        )
        certs = []
        if key in ("keripik", "kemplang"):
            certs = [
                biz.certification_add(
                    actor=officer, business=b, kind="halal", number=f"ID-{nib}", expires_on=halal
                )
            ]
        offer = biz.offer_create(
            actor=officer,
            business=b,
            data={
                "title": title,
                "description": desc,
                "unit": "kg",
                "capacity_per_month": 500,
                "price_min": 40000,
                "price_max": 60000,
            },
            certifications=certs,
        )
        suppliers[key] = offer
    need = biz.need_create(
        actor=officer,
        business=buyer,
        data={
            "title": "Pasokan camilan oleh-oleh khas Lampung",
            "description": "Untuk rak oleh-oleh di semua gerai",
            "quantity": 200,
            "unit": "kg",
            "period": "month",
            "required_certifications": ["halal"],
            "target_price": 55000,
        },
    )
    return buyer, need, suppliers


@pytest.mark.django_db
def test_need_page_ranks_fitting_suppliers_with_reasons_and_respects_halal(client, officer, market):
    _, need, suppliers = market
    client.force_login(officer)
    response = client.get(reverse("matching:need", args=[need.pk]))
    assert response.status_code == 200
    ranked = [r.offer.pk for r in response.context["ranked"]]
    assert set(ranked[:2]) == {suppliers["keripik"].pk, suppliers["kemplang"].pk}
    assert suppliers["nohalal"].pk not in ranked  # halal is a hard filter
    assert suppliers["laundry"].pk not in ranked
    reasons = " ".join(" ".join(r.reasons) for r in response.context["ranked"])
    assert "halal" in reasons.lower()
    assert "Kapasitas" in reasons


@pytest.mark.django_db
def test_same_ranking_everywhere(officer, market):
    """CI runs this on SQLite and on PostgreSQL: the same data gives the same order."""
    _, need, suppliers = market
    first = [(r.offer.title, r.score) for r in selectors.suppliers_for_need(need=need)]
    selectors.offer_index_reset()
    second = [(r.offer.title, r.score) for r in selectors.suppliers_for_need(need=need)]
    assert first == second
    assert [t for t, _ in first] == ["Keripik pisang cokelat", "Kemplang ikan tenggiri"] or [
        t for t, _ in first
    ] == ["Kemplang ikan tenggiri", "Keripik pisang cokelat"]
    assert first[0][1] >= first[1][1]


@pytest.mark.django_db
def test_changed_offer_is_matched_again_without_rebuild(officer, market):
    _, need, suppliers = market
    matcher = selectors.offer_index()
    assert suppliers["laundry"].pk not in [
        r.offer.pk for r in selectors.suppliers_for_need(need=need)
    ]
    laundry = suppliers["laundry"]
    cert = biz.certification_add(
        actor=officer, business=laundry.business, kind="halal", number="H-1"
    )
    biz.offer_update(
        actor=officer,
        offer=laundry,
        data={"title": "Keripik pisang lumer", "description": "Camilan keripik pisang"},
        certifications=[cert],
    )
    assert selectors.offer_index() is matcher  # same index object, updated in place
    assert laundry.pk in [r.offer.pk for r in selectors.suppliers_for_need(need=need)]
    biz.offer_delete(actor=officer, offer=laundry)
    assert laundry.pk not in [r.offer.pk for r in selectors.suppliers_for_need(need=need)]
    assert str(laundry.pk) not in selectors.offer_index()


@pytest.mark.django_db
def test_shortlist_and_invite(client, officer, market):
    buyer, need, suppliers = market
    owner, _ = make_owner(officer=officer, username="beli", business=buyer, full_name="")
    client.force_login(owner)
    offer = suppliers["keripik"]
    response = client.post(
        reverse("matching:shortlist", args=[need.pk, offer.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "Di daftar pendek" in response.content.decode()
    assert Shortlist.objects.filter(need=need, offer=offer).exists()
    client.post(reverse("matching:shortlist", args=[need.pk, offer.pk]))
    assert not Shortlist.objects.filter(need=need, offer=offer).exists()
    client.post(
        reverse("matching:invite", args=[need.pk, offer.pk]),
        {"message": "Mari bertemu di temu usaha"},
    )
    invitation = MeetingInvitation.objects.get(need=need, offer=offer)
    assert invitation.reasons and invitation.score > 0
    response = client.post(reverse("matching:invite", args=[need.pk, offer.pk]), follow=True)
    assert "sudah diajak" in response.content.decode()
    assert MeetingInvitation.objects.count() == 1


@pytest.mark.django_db
def test_wrong_person_and_wrong_method(client, market, alice):
    _, need, suppliers = market
    user, _ = alice
    client.force_login(user)
    assert client.get(reverse("matching:need", args=[need.pk])).status_code == 403
    assert (
        client.post(
            reverse("matching:shortlist", args=[need.pk, suppliers["keripik"].pk])
        ).status_code
        == 403
    )
    assert (
        client.post(reverse("matching:invite", args=[need.pk, suppliers["keripik"].pk])).status_code
        == 403
    )
    assert (
        client.get(
            reverse("matching:shortlist", args=[need.pk, suppliers["keripik"].pk])
        ).status_code
        == 405
    )
    assert (
        client.get(
            reverse("matching:opportunities", args=[suppliers["keripik"].business_id])
        ).status_code
        == 403
    )


@pytest.mark.django_db
def test_opportunities_for_a_micro_business(client, officer, market):
    _, need, suppliers = market
    owner, _ = make_owner(
        officer=officer, username="sri", business=suppliers["keripik"].business, full_name=""
    )
    client.force_login(owner)
    response = client.get(
        reverse("matching:opportunities", args=[suppliers["keripik"].business_id])
    )
    assert response.status_code == 200
    found = response.context["found"]
    assert [o.need.pk for o in found] == [need.pk]
    assert found[0].reasons


@pytest.mark.django_db
def test_search_uses_the_pipeline(client, officer, market):
    _, _, suppliers = market
    client.force_login(officer)
    response = client.get(reverse("matching:search"), {"q": "kripik pisang"})
    titles = [r.offer.title for r in response.context["results"]]
    assert titles[0] == "Keripik pisang cokelat"
    assert "Jasa laundry kiloan" not in titles


@pytest.mark.django_db
def test_opportunity_scores_equal_the_need_page_scores(officer, market):
    _, need, suppliers = market
    offer = suppliers["keripik"]
    on_need_page = {r.offer.pk: r.score for r in selectors.suppliers_for_need(need=need)}
    opportunities = selectors.opportunities_for(business=offer.business)
    assert [o.need.pk for o in opportunities] == [need.pk]
    assert opportunities[0].score == on_need_page[offer.pk]

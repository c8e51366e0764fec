"""Feedback in the app (issue 15 item 5): "tidak relevan" on a need's list by its buyer or an
officer, the pair then leaves the list; feedback from activity above matching (idempotent);
the officer's page on learnt weights with its audited switch."""

import pytest
from django.urls import reverse

from jalinmitra.core.models import AuditLog
from jalinmitra.matching import selectors, services
from jalinmitra.matching.engine import WEIGHTS
from jalinmitra.matching.models import PairFeedback, SignalWeights
from jalinmitra.testing import make_chip_market

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_index():
    selectors.offer_index_reset()
    yield
    selectors.offer_index_reset()


@pytest.fixture
def market(officer, carol):
    """Carol's need for banana chips and three verified sellers offering them."""
    return make_chip_market(officer=officer, buyer=carol[1])


def _listed(need) -> list[int]:
    return [r.offer.pk for r in selectors.suppliers_for_need(need=need, top=20)]


def test_the_buyer_marks_a_match_not_relevant_and_it_leaves_the_list(client_of, carol, market):
    need, offers = market
    assert set(_listed(need)) == {o.pk for o in offers}
    client = client_of(carol[0])
    page = client.get(reverse("matching:need", args=[need.pk]))
    assert b"Tidak relevan" in page.content
    assert reverse("matching:not_relevant", args=[need.pk, offers[0].pk]).encode() in page.content
    response = client.post(
        reverse("matching:not_relevant", args=[need.pk, offers[0].pk]),
        {"choice": "other_product", "text": "  kami  butuh yang tawar  "},
    )
    assert response.status_code == 302
    fb = PairFeedback.objects.get()
    assert (fb.kind, fb.created_by) == ("not_relevant", carol[0])
    assert fb.reason == "Produk lain, bukan yang dicari: kami butuh yang tawar"
    assert fb.values["text"] > 0
    assert offers[0].pk not in _listed(need)
    assert set(_listed(need)) == {offers[1].pk, offers[2].pk}
    page = client.get(reverse("matching:need", args=[need.pk]))
    assert (
        reverse("matching:not_relevant", args=[need.pk, offers[0].pk]).encode() not in page.content
    )
    assert AuditLog.objects.filter(action="pair_feedback.record").count() == 1


def test_an_officer_may_too_and_nobody_else(client_of, officer, bob, market):
    need, offers = market
    url = reverse("matching:not_relevant", args=[need.pk, offers[1].pk])
    assert client_of(bob[0]).post(url, {"choice": "distance"}).status_code == 403
    assert not PairFeedback.objects.exists()
    with pytest.raises(services.PermissionDenied):
        services.pair_not_relevant(actor=bob[0], need=need, offer=offers[1], choice="distance")
    assert client_of(officer).post(url, {"choice": "distance"}).status_code == 302
    assert PairFeedback.objects.get().reason == "Terlalu jauh"
    assert offers[1].pk not in _listed(need)


def test_the_reason_comes_from_the_list_and_the_note_is_limited(officer, market):
    need, offers = market
    with pytest.raises(services.ValidationError) as error:
        services.pair_not_relevant(actor=officer, need=need, offer=offers[0], choice="bosan")
    assert error.value.code == "invalid"
    limit = services.NOT_RELEVANT_TEXT_MAX
    with pytest.raises(services.ValidationError) as error:
        services.pair_not_relevant(
            actor=officer, need=need, offer=offers[0], choice="other", text="x" * (limit + 1)
        )
    assert error.value.code == "limit"
    assert not PairFeedback.objects.exists()
    services.pair_not_relevant(
        actor=officer, need=need, offer=offers[0], choice="other", text="x" * limit
    )
    assert PairFeedback.objects.count() == 1


def test_feedback_from_activity_is_idempotent(officer, market):
    need, offers = market
    invitation = services.meeting_invitation_create(actor=officer, need=need, offer=offers[2])
    first = services.pair_feedback_from_activity(actor=None, invitation=invitation, kind="met")
    assert first is not None and first.created_by is None and first.values["text"] > 0
    assert (
        services.pair_feedback_from_activity(actor=None, invitation=invitation, kind="met") is None
    )
    assert PairFeedback.objects.filter(kind="met").count() == 1
    with pytest.raises(ValueError):
        services.pair_feedback_from_activity(
            actor=officer, invitation=invitation, kind="not_relevant"
        )


def test_weights_page_is_for_officers_and_the_switch_is_audited(client_of, officer, carol, market):
    need, offers = market
    url = reverse("matching:weights")
    assert client_of(carol[0]).get(url).status_code == 403
    client = client_of(officer)
    page = client.get(url)
    assert page.status_code == 200
    assert f"{WEIGHTS['text']:.3f}".replace(".", ",").encode() in page.content or (
        f"{WEIGHTS['text']:.3f}".encode() in page.content
    )
    services.pair_not_relevant(actor=officer, need=need, offer=offers[0], choice="other")
    assert client.post(url, {"action": "train"}).status_code == 302
    version = SignalWeights.objects.get()
    assert AuditLog.objects.filter(action="signal_weights.train").count() == 1
    page = client.get(url)
    assert b"Versi 1" in page.content and b"Produk lain" not in page.content
    assert b"Alasan lain" in page.content  # the recent "tidak relevan", with its reason
    if not version.better:
        client.post(url, {"action": "activate", "version": version.pk})
        assert not SignalWeights.objects.filter(is_active=True).exists()
    # The switch, both ways, audited (a version that beats the hand weights is made here).
    SignalWeights.objects.filter(pk=version.pk).update(
        heldout_pairs=4, heldout_accuracy_hand=0.5, heldout_accuracy_learnt=0.75
    )
    client.post(url, {"action": "activate", "version": version.pk})
    assert SignalWeights.objects.get().is_active
    assert b"(aktif)" in client.get(url).content
    client.post(url, {"action": "hand"})
    assert not SignalWeights.objects.get().is_active
    assert AuditLog.objects.filter(action="signal_weights.activate").count() == 2

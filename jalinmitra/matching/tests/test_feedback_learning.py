"""Feedback on pairs and learnt signal weights in the app (issue 15 item 5)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jalinmitra.businesses import services as biz
from jalinmitra.core.models import AuditLog
from jalinmitra.matching import selectors, services
from jalinmitra.matching.engine import WEIGHTS
from jalinmitra.matching.models import PairFeedback, SignalWeights
from jalinmitra.testing import make_business


@pytest.fixture(autouse=True)
def fresh_index():
    selectors.offer_index_reset()
    yield
    selectors.offer_index_reset()


@pytest.fixture
def pair(officer):
    buyer = make_business(
        officer=officer, name="Toko Oleh-oleh Uji", nib="9100000000001",
        nik="1872014506900021", kbli="47111", verified=True,
    )  # fmt: skip
    seller = make_business(
        officer=officer, name="Keripik Uji", nib="9100000000002",
        nik="1872014506900022", verified=True,
    )  # fmt: skip
    offer = biz.offer_create(
        actor=officer,
        business=seller,
        data={"title": "Keripik pisang cokelat", "description": "Renyah.", "unit": "kg"},
        certifications=[],
    )
    need = biz.need_create(
        actor=officer, business=buyer, data={"title": "Keripik pisang", "unit": "kg"}
    )
    return need, offer


@pytest.mark.django_db
def test_feedback_is_recorded_with_the_pairs_values_and_audited(officer, pair):
    need, offer = pair
    fb = services.pair_feedback_record(actor=officer, need=need, offer=offer, kind="invited")
    assert fb.values["text"] > 0
    assert AuditLog.objects.filter(action="pair_feedback.record").count() == 1


@pytest.mark.django_db
def test_feedback_refusals(officer, bob, pair):
    need, offer = pair
    with pytest.raises(PermissionDenied):
        services.pair_feedback_record(actor=bob[0], need=need, offer=offer, kind="invited")
    with pytest.raises(ValidationError) as error:
        services.pair_feedback_record(actor=officer, need=need, offer=offer, kind="not_relevant")
    assert error.value.code == "invalid"
    services.pair_feedback_record(
        actor=officer, need=need, offer=offer, kind="not_relevant", reason="Terlalu jauh"
    )
    with pytest.raises(ValidationError) as error:
        services.pair_feedback_record(
            actor=officer, need=need, offer=offer, kind="not_relevant", reason="Lagi"
        )
    assert error.value.code == "duplicate"
    assert PairFeedback.objects.count() == 1


@pytest.mark.django_db
def test_training_is_for_officers_and_versions_each_run(officer, bob, pair):
    need, offer = pair
    services.pair_feedback_record(actor=officer, need=need, offer=offer, kind="agreed")
    with pytest.raises(PermissionDenied):
        services.signal_weights_train(actor=bob[0])
    first = services.signal_weights_train(actor=officer)
    second = services.signal_weights_train(actor=None)  # the periodic command
    assert (first.version, second.version) == (1, 2)
    assert sum(first.weights.values()) == pytest.approx(1.0)
    assert not first.is_active


@pytest.mark.django_db
def test_only_better_weights_are_switched_on_and_the_switch_back_works(
    officer, bob, pair, after_commit_now
):
    trained = services.signal_weights_train(actor=officer)  # no pairs: not better
    with pytest.raises(ValidationError) as error:
        services.signal_weights_activate(actor=officer, weights=trained)
    assert error.value.code == "state"
    learnt = {"text": 0.4, "kbli": 0.1, "capacity": 0.1, "region": 0.3, "price": 0.1}
    better = SignalWeights.objects.create(
        version=99, weights=learnt, heldout_pairs=10,
        heldout_accuracy_hand=0.5, heldout_accuracy_learnt=0.8,
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.signal_weights_activate(actor=bob[0], weights=better)
    services.signal_weights_activate(actor=officer, weights=better)
    assert selectors.offer_index().weights == learnt
    services.signal_weights_activate(actor=officer, weights=None)
    assert selectors.offer_index().weights == WEIGHTS
    assert AuditLog.objects.filter(action="signal_weights.activate").count() == 2

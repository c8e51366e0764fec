"""Learning signal weights from feedback on pairs (issue 15 item 5), engine part."""

import pytest

from jalinmitra.matching.engine import WEIGHTS, Matcher, Need, Offer
from jalinmitra.matching.engine.learning import (
    FEEDBACK_GRADES,
    LearntWeights,
    check_weights,
    combined,
    learn,
    preference_pairs,
)

PRODUCTS = [
    "Keripik pisang",
    "Kopi bubuk",
    "Sambal bawang",
    "Gula aren",
    "Kain tapis",
    "Kue kering",
    "Kemplang ikan",
    "Jamu kunyit",
    "Nasi kotak",
    "Seragam sekolah",
    "Brownies cokelat",
    "Madu hutan",
]
HERE = "18.72.01"


def catalogue() -> tuple[Matcher, list[Need]]:
    """For each product an exact offer far away and a nearer one with a longer title."""
    offers, needs = [], []
    for i, product in enumerate(PRODUCTS):
        offers.append(Offer(id=f"far{i:02}", title=product, region="31.71.01.1001"))
        offers.append(
            Offer(
                id=f"near{i:02}",
                title=f"{product} rumahan asli lezat renyah pilihan keluarga",
                region="18.01.01.2001",  # same province, another regency
            )
        )
        needs.append(Need(id=f"n{i:02}", title=product, region=HERE))
    return Matcher(offers), needs


def demo_feedback(matcher: Matcher, needs: list[Need]):
    """What the demo's buyers did: agreed with the near supplier, marked the far one
    "tidak relevan" (too far to deliver)."""
    graded = {}
    for i, need in enumerate(needs):
        near, far = matcher.get(f"near{i:02}"), matcher.get(f"far{i:02}")
        graded[need.id] = [
            (FEEDBACK_GRADES["agreed"], matcher.signal_values(need, near)),
            (FEEDBACK_GRADES["not_relevant"], matcher.signal_values(need, far)),
        ]
    return preference_pairs(graded)


def test_weights_are_checked():
    assert check_weights(WEIGHTS) == WEIGHTS
    with pytest.raises(ValueError, match="bobot harus untuk sinyal"):
        check_weights({"text": 1.0})
    with pytest.raises(ValueError, match="bobot teks > 0"):
        check_weights({**WEIGHTS, "text": 0.0})
    with pytest.raises(ValueError):
        Matcher(weights={**WEIGHTS, "price": -1.0})


def test_combined_is_the_matcher_score():
    matcher, needs = catalogue()
    for need in needs:
        for offer_id in matcher.ids():
            values = matcher.signal_values(need, matcher.get(offer_id))
            result = matcher.score_pair(need, matcher.get(offer_id))
            assert (values is None) == (result is None)
            if values is not None:
                assert round(combined(values, matcher.weights), 4) == result[0]


def test_feedback_from_the_demo_buyers_changes_a_ranking_and_can_be_switched_off():
    matcher, needs = catalogue()
    hand = {n.id: [m.offer_id for m in matcher.match_need(n)] for n in needs}
    hand_scores = {n.id: [m.score for m in matcher.match_need(n)] for n in needs}
    assert all(ranking[0].startswith("far") for ranking in hand.values())

    learnt = learn(demo_feedback(matcher, needs), version=1)
    assert learnt.trained_pairs == 9 and learnt.heldout_pairs == 3
    assert learnt.better
    assert learnt.heldout_accuracy_learnt == 1.0 > learnt.heldout_accuracy_hand
    assert learnt.weights["region"] > WEIGHTS["region"]
    assert sum(learnt.weights.values()) == pytest.approx(1.0)

    on = Matcher([matcher.get(i) for i in matcher.ids()], weights=learnt.weights)
    for vectorized in (True, False):
        on.vectorized = vectorized
        for need in needs:
            assert on.match_need(need)[0].offer_id.startswith("near")

    # The switch back: the hand weights give exactly the hand ranking and scores again.
    on.weights = dict(WEIGHTS)
    for need in needs:
        found = on.match_need(need)
        assert [m.offer_id for m in found] == hand[need.id]
        assert [m.score for m in found] == hand_scores[need.id]


def test_learnt_weights_round_trip():
    matcher, needs = catalogue()
    learnt = learn(demo_feedback(matcher, needs), version=7)
    again = LearntWeights.from_json(learnt.to_json())
    assert again == learnt and again.version == 7 and again.better == learnt.better
    with pytest.raises(ValueError):
        LearntWeights.from_json(learnt.to_json().replace('"text"', '"teks"'))


def test_no_feedback_keeps_the_hand_weights_and_is_not_better():
    learnt = learn([], version=1)
    assert learnt.weights == pytest.approx(
        {k: v / sum(WEIGHTS.values()) for k, v in WEIGHTS.items()}
    )
    assert not learnt.better

"""Signal weights learnt from what people do with pairs (issue 15 item 5).

Feedback on a (need, offer) pair has a grade: agreed 3, met 2, invited or shortlisted 1,
"tidak relevan" 0. Within one need, an offer with a higher grade is preferred over one with a
lower grade. A pairwise logistic regression over the signal values of ``Matcher.signal_values``
(text, kbli, capacity, region, price, as the score combines them) learns weights w so that
P(a preferred over b) = sigmoid(w · (v(a) − v(b))), with an L2 pull towards the hand weights
(so little feedback moves them little). Full-batch gradient descent, fixed steps: the same
feedback always gives the same weights. Weights are kept ≥ ``MIN_WEIGHT`` and scaled to sum 1.

The held-out part (every ``HOLDOUT``-th pair) decides: the learnt weights are ``better`` only
when they order more held-out pairs correctly than the hand weights, with the matcher's own
formula (``combined``). A ``LearntWeights`` goes to and from JSON with its version, and
``Matcher(weights=None)`` (or ``matcher.weights = dict(WEIGHTS)``) is the switch back.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass

import numpy as np

from .base import WEIGHTS

SIGNALS = ("text", "kbli", "capacity", "region", "price")
FEEDBACK_GRADES = {"agreed": 3, "met": 2, "invited": 1, "shortlisted": 1, "not_relevant": 0}
MIN_WEIGHT = 0.01
HOLDOUT = 4  # every 4th pair is held out
L2 = 0.5
STEPS = 400
RATE = 0.5

Values = dict[str, float]


def check_weights(weights: dict[str, float]) -> dict[str, float]:
    """A copy of ``weights`` if it names every signal once with a finite weight ≥ 0 and a
    positive text weight; else ValueError (Indonesian)."""
    if set(weights) != set(SIGNALS):
        raise ValueError("bobot harus untuk sinyal: " + ", ".join(SIGNALS))
    out = {name: float(weights[name]) for name in SIGNALS}
    if any(not math.isfinite(v) or v < 0 for v in out.values()) or out["text"] <= 0:
        raise ValueError("bobot harus angka ≥ 0, dan bobot teks > 0")
    return out


def combined(values: Values, weights: dict[str, float]) -> float:
    """The matcher's score from signal values (before rounding): Σ wᵢ·vᵢ over the signals
    present, divided by their Σ wᵢ (text is always present)."""
    total = 0.0
    weight_sum = 0.0
    for name in SIGNALS:
        if name in values:
            total += weights[name] * values[name]
            weight_sum += weights[name]
    return total / weight_sum


def preference_pairs(graded: dict[str, list[tuple[int, Values]]]) -> list[tuple[Values, Values]]:
    """(preferred, other) signal values for every two offers of one need with different
    grades; ``graded`` maps a need id to its (grade, values) list. Needs in id order."""
    pairs = []
    for need_id in sorted(graded):
        items = graded[need_id]
        for i, (grade_a, a) in enumerate(items):
            for grade_b, b in items[i + 1 :]:
                if grade_a > grade_b:
                    pairs.append((a, b))
                elif grade_b > grade_a:
                    pairs.append((b, a))
    return pairs


def pairwise_accuracy(pairs: list[tuple[Values, Values]], weights: dict[str, float]) -> float:
    """Share of pairs the weights order as people did (a tie counts half)."""
    if not pairs:
        return 0.0
    right = 0.0
    for better, worse in pairs:
        a, b = combined(better, weights), combined(worse, weights)
        right += 1.0 if a > b else 0.5 if a == b else 0.0
    return right / len(pairs)


@dataclass(frozen=True)
class LearntWeights:
    weights: dict[str, float]
    version: int
    trained_pairs: int
    heldout_pairs: int
    heldout_accuracy_hand: float
    heldout_accuracy_learnt: float

    @property
    def better(self) -> bool:
        """Whether the learnt weights beat the hand weights on the held-out pairs."""
        return self.heldout_pairs > 0 and self.heldout_accuracy_learnt > self.heldout_accuracy_hand

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> LearntWeights:
        data = json.loads(text)
        return cls(
            weights=check_weights(data["weights"]),
            version=int(data["version"]),
            trained_pairs=int(data["trained_pairs"]),
            heldout_pairs=int(data["heldout_pairs"]),
            heldout_accuracy_hand=float(data["heldout_accuracy_hand"]),
            heldout_accuracy_learnt=float(data["heldout_accuracy_learnt"]),
        )


def fit(pairs: list[tuple[Values, Values]], prior: dict[str, float] | None = None) -> Values:
    """Weights from (preferred, other) pairs by pairwise logistic regression."""
    start = np.array([(prior or WEIGHTS)[name] for name in SIGNALS])
    if not pairs:
        return dict(zip(SIGNALS, start.tolist(), strict=True))
    x = np.array(
        [[better.get(n, 0.0) - worse.get(n, 0.0) for n in SIGNALS] for better, worse in pairs]
    )
    w = start.copy()
    n = len(pairs)
    for _ in range(STEPS):
        margin = x @ w
        # d/dw of mean log(1 + exp(-margin)) + L2·|w - start|²
        grad = -(x.T @ (1.0 / (1.0 + np.exp(margin)))) / n + 2 * L2 * (w - start)
        w = np.maximum(w - RATE * grad, MIN_WEIGHT)
    w = w / w.sum()
    return {name: round(float(v), 6) for name, v in zip(SIGNALS, w, strict=True)}


def learn(
    pairs: list[tuple[Values, Values]], *, version: int, prior: dict[str, float] | None = None
) -> LearntWeights:
    """Fit on all but every ``HOLDOUT``-th pair; measure both weight sets on those."""
    held = pairs[HOLDOUT - 1 :: HOLDOUT]
    train = [p for i, p in enumerate(pairs) if i % HOLDOUT != HOLDOUT - 1]
    hand = check_weights(prior or WEIGHTS)
    weights = fit(train, hand)
    return LearntWeights(
        weights=weights,
        version=version,
        trained_pairs=len(train),
        heldout_pairs=len(held),
        heldout_accuracy_hand=pairwise_accuracy(held, hand),
        heldout_accuracy_learnt=pairwise_accuracy(held, weights),
    )

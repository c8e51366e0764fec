"""The scalar path of ``Matcher.match_need``: candidates scored one by one in Python, the
reference the vectorised path is checked against."""

from __future__ import annotations

import heapq
import math
from datetime import date
from operator import itemgetter
from typing import TYPE_CHECKING

from .base import PRUNE_MARGIN, SCORE_DIGITS, TEXT_STEEPNESS, _Features, _Prepared, raw_needed
from .model import Match, Need
from .signals import (
    region_parts,
    valid_certifications,
)

if TYPE_CHECKING:
    from .matcher import Matcher


def match_need(
    m: Matcher,
    need: Need,
    top: int,
    *,
    local_only: bool | None,
    today: date | None,
    region_names: dict[str, str] | None,
) -> list[Match]:
    """The reference path: candidates scored one by one, pruned by score bounds."""
    today = today or date.today()
    local = need.local_only if local_only is None else local_only
    query = m._query(need.title, need.description)
    if not query.weights or query.norm <= 0:
        return []
    if top <= 0:
        return []
    need_region = region_parts(need.region)
    wt = m.weights["text"]
    rest = m._upper_weight(need)
    prepared = m._prepared
    index = m.index
    norm = query.norm
    selective, common = m._split_terms(query.weights)
    acc = index.accumulate(selective)
    # Common terms are looked up per candidate, in query order (the order of the sum).
    commons = [(w, index.score_map(t)) for t, w in common.items()]
    # For the bound: common terms by the most they can add, largest first, and what
    # the terms from position j on can add at most together.
    order = sorted(
        ((w * index.max_contribution(t), i) for i, (t, w) in enumerate(common.items())),
        reverse=True,
    )
    remaining = [0.0] * (len(order) + 1)
    for j in range(len(order) - 1, -1, -1):
        remaining[j] = remaining[j + 1] + order[j][0]
    features = m._signals(need, need_region, local, today, query)
    steep = TEXT_STEEPNESS
    exp = math.exp
    scored: dict[int, float] = {}
    heap: list[float] = []
    state = [raw_needed(((-1.0 - PRUNE_MARGIN) * (wt + rest) - rest) / wt, norm), -1.0]

    def raw_of(slot: int) -> float:
        raw = acc.get(slot, 0.0)
        for weight, scores in commons:
            score = scores.get(slot)
            if score is not None:
                raw += weight * score
        return raw

    def push(slot: int, raw: float, feat: _Features) -> None:
        total = wt * (1.0 - exp(-steep * raw / norm)) if norm > 0 else 0.0
        for weight, value in feat[0]:
            total += weight * value
        score = round(total / feat[1], SCORE_DIGITS)
        scored[slot] = score
        if len(heap) < top:
            heapq.heappush(heap, score)
        elif score > heap[0]:
            heapq.heapreplace(heap, score)
        else:
            return
        if len(heap) >= top:
            kth = heap[0]
            state[0] = raw_needed(((kth - PRUNE_MARGIN) * (wt + rest) - rest) / wt, norm) - 1e-9
            state[1] = kth - PRUNE_MARGIN

    def evaluate(slot: int) -> None:
        if slot in scored:
            return
        feat = features(slot)
        if feat is not None:
            push(slot, raw_of(slot), feat)

    batch = max(4 * top, 40)
    pool = acc
    if pool:
        for slot, _ in heapq.nlargest(batch, pool.items(), key=itemgetter(1)):
            evaluate(slot)
    pool = dict(acc)
    j = 0
    # MaxScore: an offer outside the pool has at most ``remaining[j]`` of raw text
    # score; while that could still reach the top, take in the next common term.
    while j < len(order) and remaining[j] >= state[0]:
        _, i = order[j]
        weight, scores = commons[i]
        get = pool.get
        for slot, score in scores.items():
            pool[slot] = get(slot, 0.0) + weight * score
        j += 1
        if len(heap) < top:
            for slot, _ in heapq.nlargest(batch, pool.items(), key=itemgetter(1)):
                evaluate(slot)
    rest_max = remaining[j] + 1e-9
    for slot, partial in pool.items():
        bound = partial + rest_max
        if bound < state[0] or slot in scored:
            continue
        feat = features(slot)
        if feat is None:
            continue
        text = 1.0 - exp(-steep * bound / norm)
        if (wt * text + feat[2]) / feat[1] < state[1]:
            continue
        push(slot, raw_of(slot), feat)

    def live(slot: int) -> _Prepared:
        item = prepared[slot]
        assert item is not None  # only live slots are scored
        return item

    def rank_key(kv: tuple[int, float]) -> tuple[float, str]:
        item = prepared[kv[0]]
        assert item is not None
        return -kv[1], item.offer.id

    ranked = heapq.nsmallest(top, scored.items(), key=rank_key)
    doc_terms = index.doc_terms
    matches = []
    for slot, score in ranked:
        item = live(slot)
        terms = doc_terms[slot]
        assert terms is not None
        certs = valid_certifications(item.offer.certifications, today) if need.requires else {}
        result = m._score(
            need,
            query,
            raw_of(slot),
            item,
            terms,
            need_region,
            local,
            certs,
            region_names,
        )
        assert result is not None  # it passed the same filters in ``features``
        matches.append(Match(item.offer.id, score, result[1]))
    return matches

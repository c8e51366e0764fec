"""The vectorised path of ``Matcher.match_need``: every candidate scored at once by numpy;
the scores it leaves in doubt (``_ROUND_GUARD``) and every returned score and reason come from
the scalar code (matching/tests/test_engine_paths.py checks both paths agree)."""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from .base import (
    _NO_CERT,
    _ROUND_GUARD,
    PRUNE_MARGIN,
    SCORE_DIGITS,
    TEXT_STEEPNESS,
    _Prepared,
    raw_needed,
)
from .model import Match, Need
from .signals import (
    REGION_SCORE,
    kbli_score,
    region_parts,
    valid_certifications,
)
from .units import UNITS, unit_key

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
    """``match_need`` with every candidate scored at once by numpy; the returned
    scores and reasons come from the scalar code, and so does every score that the
    vectorised one leaves in doubt (see ``_ROUND_GUARD``)."""
    today = today or date.today()
    local = need.local_only if local_only is None else local_only
    query = m._query(need.title, need.description)
    if not query.weights or query.norm <= 0 or top <= 0:
        return []
    need_region = region_parts(need.region)
    index = m.index
    norm = query.norm
    selective, common = m._split_terms(query.weights)
    # The order of the sum, as in the scalar path: selective terms, then common ones.
    weights = {**selective, **common}
    arrays = m._columns.arrays
    size = m._columns.size
    raw = np.zeros(size)
    for term, weight in weights.items():
        slots, scores = index.term_arrays(term)
        if len(slots):
            raw[slots] += weight * scores
    # Hard filters over all slots at once; what they rule out gets no text score.
    eligible = arrays["alive"][:size].copy()
    today_ordinal = today.toordinal()
    for kind in need.requires:
        held = arrays.get(("cert", kind))
        if held is None:
            if _NO_CERT < today_ordinal:
                return []
            continue
        eligible &= held[:size] >= today_ordinal
    depth = len(need_region)
    if local and depth:
        code = m._region_prefixes.get(need_region)
        column = arrays.get(("region", depth))
        if code is None or column is None:
            return []
        eligible &= column[:size] == code
    # A candidate holds a content word of the need; its coverage of the need's product
    # scales the other signals (``_Query.coverage``, summed in the same order).
    held = np.zeros(size, dtype=np.bool_)
    cover = np.zeros(size)
    for term in query.content:
        slots, _ = index.term_arrays(term)
        held[slots] = True
    for term, share in query.gate.items():
        slots, _ = index.term_arrays(term)
        cover[slots] += share
    if query.gate_total > 0:
        cover = np.minimum(1.0, cover / query.gate_total)
    else:
        cover[:] = 1.0
    eligible &= held
    raw[~eligible] = 0.0
    best = float(raw.max()) if size else 0.0
    if best <= 0:
        return []

    wt = m.weights["text"]
    rest = m._upper_weight(need)

    def approximate(cand: NDArray[np.intp]) -> NDArray[np.float64]:
        return _vector_scores(m, need, need_region, raw[cand], norm, cand, cover[cand])

    # A first guess at the k-th score from the offers best by text alone; an offer
    # whose text could not reach it even with every other signal at 1 is left out.
    cand = None
    for fraction in (0.9, 0.7, 0.5, 0.3, 0.1):
        pool = np.flatnonzero(raw >= fraction * best)
        if len(pool) >= top:
            scores = np.round(approximate(pool) - _ROUND_GUARD, SCORE_DIGITS)
            kth = float(np.partition(scores, len(pool) - top)[len(pool) - top])
            text_min = ((kth - PRUNE_MARGIN) * (wt + rest) - rest) / wt
            raw_min = raw_needed(text_min, norm) * (1 - 1e-9) - 1e-12
            cand = np.flatnonzero(raw >= max(raw_min, 1e-300))
            break
    if cand is None:
        cand = np.flatnonzero(raw > 0)
    approx = approximate(cand)

    features = m._signals(need, need_region, local, today, query)
    doc_terms, title_len, desc_len = index.doc_terms, index.title_len, index.desc_len
    exact_cache: dict[int, tuple[float, float] | None] = {}

    def exact(slot: int) -> tuple[float, float] | None:
        """(score, raw) as the scalar path computes them."""
        if slot in exact_cache:
            return exact_cache[slot]
        feat = features(slot)
        result = None
        if feat is not None:
            terms = doc_terms[slot]
            assert terms is not None  # ``features`` rules out removed slots
            raw_text = index.score_terms(weights, terms, title_len[slot], desc_len[slot])
            total = wt * (1.0 - math.exp(-TEXT_STEEPNESS * raw_text / norm))
            for weight, value in feat[0]:
                total += weight * value
            result = (round(total / feat[1], SCORE_DIGITS), raw_text)
        exact_cache[slot] = result
        return result

    prepared = m._prepared

    def live(slot: int) -> _Prepared:
        item = prepared[slot]
        assert item is not None  # only live slots are candidates
        return item

    def tie_key(i: int) -> str:
        item = prepared[cand[i]]
        assert item is not None
        return item.offer.id

    low = np.round(approx - _ROUND_GUARD, SCORE_DIGITS)
    high = np.round(approx + _ROUND_GUARD, SCORE_DIGITS)
    count = len(cand)
    if count > top:
        floor = np.partition(low, count - top)[count - top]
        doubtful = np.flatnonzero((low != high) & (high >= floor))
    else:
        doubtful = np.flatnonzero(low != high)
    rounded = low
    for i in doubtful.tolist():
        found = exact(int(cand[i]))
        rounded[i] = -1.0 if found is None else found[0]
    if count > top:
        kth = np.partition(rounded, count - top)[count - top]
        chosen = np.flatnonzero(rounded > kth).tolist()
        tied = np.flatnonzero(rounded == kth).tolist()
        chosen += heapq.nsmallest(top - len(chosen), tied, key=tie_key)
    else:
        chosen = np.flatnonzero(rounded >= 0).tolist()
    ranked = []
    for i in chosen:
        slot = int(cand[i])
        found = exact(slot)
        if found is not None:
            ranked.append((found[0], live(slot).offer.id, slot, found[1]))
    ranked.sort(key=lambda r: (-r[0], r[1]))
    matches = []
    for score, offer_id, slot, raw_text in ranked[:top]:
        item = live(slot)
        terms = doc_terms[slot]
        assert terms is not None
        certs = valid_certifications(item.offer.certifications, today) if need.requires else {}
        result = m._score(
            need,
            query,
            raw_text,
            item,
            terms,
            need_region,
            local,
            certs,
            region_names,
        )
        assert result is not None  # it passed the same filters in ``features``
        matches.append(Match(offer_id, score, result[1]))
    return matches


def _vector_scores(
    m: Matcher,
    need: Need,
    need_region: tuple[str, ...],
    raw: NDArray[np.float64],
    norm: float,
    cand: NDArray[np.intp],
    cover: NDArray[np.float64],
) -> NDArray[np.float64]:
    """The unrounded score of each candidate slot, with the operations of the scalar
    path in the same order (equal to it up to an ulp of ``np.exp``)."""
    arrays = m._columns.arrays
    count = len(cand)
    wt = m.weights["text"]
    total = wt * (1.0 - np.exp(-TEXT_STEEPNESS * raw / norm))
    weight_sum = np.full(count, wt)
    if need.kbli:
        value = _kbli_table(m, need.kbli)[arrays["kbli"][cand]]
        total = total + m.weights["kbli"] * (value * cover)
        weight_sum = weight_sum + m.weights["kbli"]
    qty = need.quantity
    if qty is not None:
        q_dim = m._dimensions.get(qty.dimension, -2)
        q_base = qty.base_amount()
        dims = arrays["cap_dim"][cand]
        if qty.per:
            q_day = qty.per_day()
            assert q_day is not None  # a quantity per period has an amount per day
            per = arrays["cap_per"][cand]
            have = np.where(per, arrays["cap_day"][cand], arrays["cap_base"][cand])
            want = np.where(per, q_day, q_base)
        else:
            have = arrays["cap_base"][cand]
            want = np.full(count, q_base, dtype=np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            value = np.where(want <= 0, 1.0, np.minimum(have / want, 1.0))
        same_dim = dims == q_dim
        value = np.where(same_dim, value, 0.0)
        # No capacity counts as 0; another dimension drops the signal for the pair.
        weight = np.where(same_dim | (dims < 0), m.weights["capacity"], 0.0)
        total = total + weight * (value * cover)
        weight_sum = weight_sum + weight
    depth = len(need_region)
    if depth:
        common = np.zeros(count, dtype=np.int64)
        same = np.ones(count, dtype=np.bool_)
        for level in range(1, depth + 1):
            code = m._region_prefixes.get(need_region[:level])
            column = arrays.get(("region", level))
            if code is None or column is None:
                break
            same &= column[cand] == code
            common += same
        table = np.array([0.0] + [REGION_SCORE[level] for level in range(1, depth)] + [1.0])
        total = total + m.weights["region"] * (table[common] * cover)
        weight_sum = weight_sum + m.weights["region"]
    target = need.target_price
    if target is not None:
        has = arrays["price_has"][cand]
        dims = arrays["price_dim"][cand]
        if target.unit:
            t_dim = m._dimensions.get(UNITS[unit_key(target.unit)][0], -2)
            both = dims >= 0
        else:
            t_dim = -2
            both = np.zeros(count, dtype=np.bool_)
        dropped = both & (dims != t_dim)
        t_raw = target.min if target.min is not None else target.max
        if t_raw is None:
            value = np.zeros(count)
        else:
            want = np.where(both, target.per_base_unit(t_raw), t_raw)
            low = np.where(both, arrays["price_low_base"][cand], arrays["price_low"][cand])
            with np.errstate(divide="ignore", invalid="ignore"):
                over = np.where(want > 0, (low - want) / want, 1.0)
            value = np.where(low <= want, 1.0, np.maximum(0.0, 1.0 - 2.0 * over))
            value = np.where(has & ~dropped, value, 0.0)
        weight = np.where(dropped, 0.0, m.weights["price"])
        total = total + weight * (value * cover)
        weight_sum = weight_sum + weight
    return total / weight_sum


def _kbli_table(m: Matcher, need_kbli: Sequence[str]) -> NDArray[np.float64]:
    """The KBLI value of every distinct offer KBLI tuple (by id) for these codes."""
    key = tuple(need_kbli)
    table = m._kbli_tables.get(key)
    known = len(m._kbli_keys)
    if table is None or len(table) < known:
        done = 0 if table is None else len(table)
        keys = list(m._kbli_keys)[done:]
        extra = np.array([kbli_score(key, codes, False)[0] for codes in keys], np.float64)
        table = extra if table is None else np.concatenate((table, extra))
        if len(m._kbli_tables) > 4096:
            m._kbli_tables.clear()
        m._kbli_tables[key] = table
    return table

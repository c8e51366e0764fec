"""The matcher: an index of offers, ranked against needs with explained scores."""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from operator import itemgetter

import numpy as np

from .bm25 import TextIndex
from .model import Match, Need, NeedMatch, Offer
from .signals import (
    REGION_SCORE,
    capacity_score,
    certification_reason,
    kbli_score,
    price_score,
    region_parts,
    region_score,
    region_within,
    valid_certifications,
)
from .text import Lexicon, default_lexicon
from .units import UNITS, unit_key

# The vectorised path scores every candidate with numpy; it may differ from the scalar
# formula by an ulp (np.exp), so a score within this distance of a rounding edge is
# recomputed with the scalar code before it decides anything.
_ROUND_GUARD = 1e-12
_NO_CERT = date.min.toordinal()  # "absent": below every ``today``
_NO_EXPIRY = date.max.toordinal()

# Signal weights (docs/matching.md). Text always counts; every other signal counts only
# when the need states it, and the total is divided by the weights that counted.
WEIGHTS = {"text": 0.55, "kbli": 0.15, "capacity": 0.10, "region": 0.10, "price": 0.10}
DESCRIPTION_WEIGHT = 0.5  # a need's description words against its title words
EXPANSION_DOWN = 0.5  # "camilan" in the need -> "keripik" in an offer
EXPANSION_UP = 0.3  # "keripik" in the need -> "camilan" in an offer
SCORE_DIGITS = 4
# How far below the k-th best score a candidate may still be kept when both paths prune: two
# rounding units (one for the rounding of the k-th score, one for the candidate's own), so a
# pruned offer can never have reached the top. One constant for the vectorised and the scalar
# path, so they prune alike (matching/tests/test_engine_paths.py checks they agree).
PRUNE_MARGIN = 2 * 10.0**-SCORE_DIGITS
COMMON_FRACTION = 0.05  # a term in more offers than this share is "common"
COMMON_MIN_POSTINGS = 500


TEXT_STEEPNESS = 1.5


def text_relevance(raw: float, norm: float) -> float:
    """Raw BM25F to 0..1: a title hit on every title word of the need gives about 0.78."""
    if norm <= 0:
        return 0.0
    return 1.0 - math.exp(-TEXT_STEEPNESS * raw / norm)


def raw_needed(text: float, norm: float) -> float:
    """The inverse of ``text_relevance``: the raw score giving a relevance of ``text``."""
    if text <= 0:
        return 0.0
    if text >= 1:
        return math.inf
    return -norm * math.log(1.0 - text) / TEXT_STEEPNESS


@dataclass(slots=True)
class _Query:
    weights: dict[str, float]
    surfaces: dict[str, str]  # direct term -> word as the need wrote it
    related: dict[str, list[tuple[str, str]]]  # expansion term -> [(from, to)]
    norm: float


@dataclass(slots=True)
class _Prepared:
    offer: Offer
    region: tuple[str, ...]
    # Precomputed for fast scoring (see ``_features``).
    capacity: tuple | None = None
    price: tuple | None = None
    expiry: dict[str, date] | None = None
    kbli: tuple[str, ...] = ()


def _features(offer: Offer) -> _Prepared:
    """An offer with the numbers the signals need worked out once, computed exactly as
    ``capacity_score`` and ``price_score`` compute them."""
    capacity = offer.capacity
    cap = None
    if capacity is not None:
        cap = (
            capacity.dimension,
            bool(capacity.per),
            capacity.per_day() if capacity.per else None,
            capacity.base_amount(),
        )
    price = offer.price
    pr = None
    if price is not None and not (price.min is None and price.max is None):
        low_raw = price.min if price.min is not None else price.max
        pr = (
            UNITS[unit_key(price.unit)][0] if price.unit else None,
            low_raw,
            price.per_base_unit(low_raw),
        )
    expiry: dict[str, date] = {}
    for cert in offer.certifications:
        until = cert.expires or date.max
        if until > expiry.get(cert.type, date.min):
            expiry[cert.type] = until
    return _Prepared(offer, region_parts(offer.region), cap, pr, expiry, tuple(offer.kbli))


class _Columns:
    """Per-slot numeric features as numpy arrays that double when full, so that ``add``
    costs amortised O(1). Columns may be created later (a new certificate type, a deeper
    region level); their earlier slots hold the column's fill value."""

    def __init__(self) -> None:
        self.size = 0
        self.capacity = 0
        self.arrays: dict[object, np.ndarray] = {}
        self.fills: dict[object, object] = {}

    def column(self, key: object, dtype, fill) -> np.ndarray:
        array = self.arrays.get(key)
        if array is None:
            array = self.arrays[key] = np.full(self.capacity, fill, dtype=dtype)
            self.fills[key] = fill
        return array

    def new_slot(self) -> int:
        if self.size == self.capacity:
            capacity = max(1024, 2 * self.capacity)
            for key, array in self.arrays.items():
                grown = np.full(capacity, self.fills[key], dtype=array.dtype)
                grown[: self.size] = array[: self.size]
                self.arrays[key] = grown
            self.capacity = capacity
        self.size += 1
        return self.size - 1


class Matcher:
    """Offers indexed for matching. Not thread-safe for concurrent writes."""

    # False: score candidates one by one in Python (the reference implementation the
    # vectorised path is checked against; same results).
    vectorized = True

    def __init__(self, offers: Iterable[Offer] = (), *, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or default_lexicon()
        self.index = TextIndex()
        self._slot_of: dict[str, int] = {}
        self._prepared: list[_Prepared | None] = []
        self._columns = _Columns()
        for key, dtype, fill in (
            ("alive", np.bool_, False),
            ("kbli", np.int32, 0),
            ("cap_dim", np.int32, -1),
            ("cap_per", np.bool_, False),
            ("cap_day", np.float64, 0.0),
            ("cap_base", np.float64, 0.0),
            ("price_has", np.bool_, False),
            ("price_dim", np.int32, -1),
            ("price_low", np.float64, 0.0),
            ("price_low_base", np.float64, 0.0),
        ):
            self._columns.column(key, dtype, fill)
        self._dimensions: dict[str, int] = {}
        self._kbli_keys: dict[tuple[str, ...], int] = {}
        self._kbli_tables: dict[tuple[str, ...], np.ndarray] = {}
        self._region_prefixes: dict[tuple[str, ...], int] = {}
        for offer in offers:
            self.add(offer)

    # -- the index -----------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._slot_of)

    def __contains__(self, offer_id: object) -> bool:
        return offer_id in self._slot_of

    def ids(self) -> list[str]:
        """The ids of the indexed offers."""
        return list(self._slot_of)

    def get(self, offer_id: str) -> Offer | None:
        slot = self._slot_of.get(offer_id)
        return None if slot is None else self._prepared[slot].offer

    def add(self, offer: Offer) -> None:
        if offer.id in self._slot_of:
            raise KeyError(f'penawaran dengan id "{offer.id}" sudah ada')
        slot = self.index.add(
            self.lexicon.tokens(offer.title), self.lexicon.tokens(offer.description)
        )
        prepared = _features(offer)
        self._prepared.append(prepared)
        self._slot_of[offer.id] = slot
        self._add_columns(slot, prepared)

    def _add_columns(self, slot: int, item: _Prepared) -> None:
        columns = self._columns
        if columns.new_slot() != slot:
            raise RuntimeError("feature columns out of step with the text index")
        arrays = columns.arrays
        arrays["alive"][slot] = True
        key = self._kbli_keys.get(item.kbli)
        if key is None:
            key = self._kbli_keys[item.kbli] = len(self._kbli_keys)
        arrays["kbli"][slot] = key
        for level in range(1, len(item.region) + 1):
            prefix = item.region[:level]
            code = self._region_prefixes.get(prefix)
            if code is None:
                code = self._region_prefixes[prefix] = len(self._region_prefixes)
            columns.column(("region", level), np.int32, -1)[slot] = code
        if item.capacity is not None:
            dimension, per, per_day, base = item.capacity
            arrays["cap_dim"][slot] = self._dimension(dimension)
            arrays["cap_per"][slot] = per
            arrays["cap_day"][slot] = per_day if per else 0.0
            arrays["cap_base"][slot] = base
        if item.price is not None:
            dimension, low, low_base = item.price
            arrays["price_has"][slot] = True
            arrays["price_dim"][slot] = -1 if dimension is None else self._dimension(dimension)
            arrays["price_low"][slot] = low
            arrays["price_low_base"][slot] = low_base
        for kind, until in item.expiry.items():
            columns.column(("cert", kind), np.int32, _NO_CERT)[slot] = (
                _NO_EXPIRY if until == date.max else until.toordinal()
            )

    def _dimension(self, name: str) -> int:
        code = self._dimensions.get(name)
        if code is None:
            code = self._dimensions[name] = len(self._dimensions)
        return code

    def warm(self) -> None:
        """Compute the lazily built search arrays now (e.g. before forking workers, which
        then share them instead of each building its own)."""
        self.index.warm()

    def update(self, offer: Offer) -> None:
        self.remove(offer.id)
        self.add(offer)

    def remove(self, offer_id: str) -> None:
        slot = self._slot_of.pop(offer_id, None)
        if slot is not None:
            self.index.remove(slot)
            self._prepared[slot] = None
            self._columns.arrays["alive"][slot] = False

    # -- queries -------------------------------------------------------------------
    def _query(self, title: str, description: str = "") -> _Query:
        weights: dict[str, float] = {}
        surfaces: dict[str, str] = {}
        lex = self.lexicon
        title_pairs = lex.analyze_pairs(title)
        for pairs, weight in (
            (title_pairs, 1.0),
            (lex.analyze_pairs(description), DESCRIPTION_WEIGHT),
        ):
            for token, surface in pairs:
                if weights.get(token, 0.0) < weight:
                    weights[token] = weight
                surfaces.setdefault(token, surface)
        related: dict[str, list[tuple[str, str]]] = {}
        expansion: dict[str, float] = {}
        for head, head_label, member, member_label in lex.relations:
            for have, have_label, get, get_label, factor in (
                (head, head_label, member, member_label, EXPANSION_DOWN),
                (member, member_label, head, head_label, EXPANSION_UP),
            ):
                if all(t in weights for t in have):
                    weight = factor * min(weights[t] for t in have)
                    for term in get:
                        if term in weights:
                            continue
                        expansion[term] = max(expansion.get(term, 0.0), weight)
                        pair = (have_label, get_label)
                        if pair not in related.setdefault(term, []):
                            related[term].append(pair)
        weights.update(expansion)
        idf = self.index.idf
        basis = [t for t, _ in title_pairs] or list(surfaces)
        norm = sum(idf(t) for t in dict.fromkeys(basis)) * self.index.reference
        return _Query(weights, surfaces, related, norm)

    def _score(
        self,
        need: Need,
        query: _Query,
        raw: float,
        prepared: _Prepared,
        terms: dict[str, int],
        need_region: tuple[str, ...],
        local_only: bool,
        valid_certs: dict,
        region_names: dict[str, str] | None,
        explain: bool = True,
    ) -> tuple[float, list[str]] | None:
        """Score one candidate or None when a hard filter rules it out; reasons only
        when ``explain`` (the score is the same either way)."""
        offer = prepared.offer
        reasons: list[str] = []
        for kind in need.requires:
            cert = valid_certs.get(kind)
            if cert is None:
                return None
            if explain:
                reasons.append(certification_reason(cert))
        if local_only and need_region and not region_within(prepared.region, need_region):
            return None
        text = text_relevance(raw, query.norm)
        total = WEIGHTS["text"] * text
        weight_sum = WEIGHTS["text"]
        text_reasons = []
        direct = [] if not explain else [query.surfaces[t] for t in query.surfaces if t in terms]
        if direct:
            text_reasons.append("Cocok dengan: " + " ".join(direct))
        related: list[str] = []
        for term, pairs in query.related.items() if explain else ():
            if term in terms:
                for source, target in pairs:
                    label = f"{source} → {target}"
                    if label not in related:
                        related.append(label)
        if related:
            text_reasons.append("Terkait: " + "; ".join(related[:3]))
        signals: list[tuple[str, float | None, str | None]] = []
        if need.kbli:
            signals.append(("kbli", *kbli_score(need.kbli, offer.kbli, explain)))
        if need.quantity is not None:
            signals.append(("capacity", *capacity_score(need.quantity, offer.capacity, explain)))
        if need_region:
            signals.append(
                ("region", *region_score(need_region, prepared.region, region_names, explain))
            )
        if need.target_price is not None:
            signals.append(("price", *price_score(need.target_price, offer.price, explain)))
        kbli_reasons: list[str] = []
        signal_reasons: list[str] = []
        for name, value, reason in signals:
            if value is None:
                continue
            total += WEIGHTS[name] * value
            weight_sum += WEIGHTS[name]
            if reason:
                (kbli_reasons if name == "kbli" else signal_reasons).append(reason)
        reasons = text_reasons + kbli_reasons + reasons + signal_reasons
        return total / weight_sum, reasons

    def _upper_weight(self, need: Need) -> float:
        rest = 0.0
        if need.kbli:
            rest += WEIGHTS["kbli"]
        if need.quantity is not None:
            rest += WEIGHTS["capacity"]
        if need.region:
            rest += WEIGHTS["region"]
        if need.target_price is not None:
            rest += WEIGHTS["price"]
        return rest

    def match_need(
        self,
        need: Need,
        top: int = 10,
        *,
        local_only: bool | None = None,
        today: date | None = None,
        region_names: dict[str, str] | None = None,
    ) -> list[Match]:
        """The best ``top`` offers for a need, best first; ties broken by offer id.

        ``local_only`` None means the need's own flag decides.
        """
        # Region codes deeper than kelurahan are beyond the vectorised region signal.
        if self.vectorized and len(region_parts(need.region)) <= 4:
            return self._match_need_vector(
                need, top, local_only=local_only, today=today, region_names=region_names
            )
        return self._match_need_scalar(
            need, top, local_only=local_only, today=today, region_names=region_names
        )

    def _match_need_vector(
        self,
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
        query = self._query(need.title, need.description)
        if not query.weights or query.norm <= 0 or top <= 0:
            return []
        need_region = region_parts(need.region)
        index = self.index
        norm = query.norm
        selective, common = self._split_terms(query.weights)
        # The order of the sum, as in the scalar path: selective terms, then common ones.
        weights = {**selective, **common}
        arrays = self._columns.arrays
        size = self._columns.size
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
            code = self._region_prefixes.get(need_region)
            column = arrays.get(("region", depth))
            if code is None or column is None:
                return []
            eligible &= column[:size] == code
        raw[~eligible] = 0.0
        best = float(raw.max()) if size else 0.0
        if best <= 0:
            return []

        wt = WEIGHTS["text"]
        rest = self._upper_weight(need)

        def approximate(cand: np.ndarray) -> np.ndarray:
            return self._vector_scores(need, need_region, raw[cand], norm, cand)

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

        features = self._signals(need, need_region, local, today)
        doc_terms, title_len, desc_len = index.doc_terms, index.title_len, index.desc_len
        exact_cache: dict[int, tuple[float, float] | None] = {}

        def exact(slot: int) -> tuple[float, float] | None:
            """(score, raw) as the scalar path computes them."""
            if slot in exact_cache:
                return exact_cache[slot]
            feat = features(slot)
            result = None
            if feat is not None:
                raw_text = index.score_terms(
                    weights, doc_terms[slot], title_len[slot], desc_len[slot]
                )
                total = wt * (1.0 - math.exp(-TEXT_STEEPNESS * raw_text / norm))
                for weight, value in feat[0]:
                    total += weight * value
                result = (round(total / feat[1], SCORE_DIGITS), raw_text)
            exact_cache[slot] = result
            return result

        prepared = self._prepared
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
            chosen += heapq.nsmallest(
                top - len(chosen), tied, key=lambda i: prepared[cand[i]].offer.id
            )
        else:
            chosen = np.flatnonzero(rounded >= 0).tolist()
        ranked = []
        for i in chosen:
            slot = int(cand[i])
            found = exact(slot)
            if found is not None:
                ranked.append((found[0], prepared[slot].offer.id, slot, found[1]))
        ranked.sort(key=lambda r: (-r[0], r[1]))
        matches = []
        for score, offer_id, slot, raw_text in ranked[:top]:
            item = prepared[slot]
            certs = valid_certifications(item.offer.certifications, today) if need.requires else {}
            result = self._score(
                need,
                query,
                raw_text,
                item,
                doc_terms[slot],
                need_region,
                local,
                certs,
                region_names,
            )
            matches.append(Match(offer_id, score, result[1]))
        return matches

    def _vector_scores(
        self,
        need: Need,
        need_region: tuple[str, ...],
        raw: np.ndarray,
        norm: float,
        cand: np.ndarray,
    ) -> np.ndarray:
        """The unrounded score of each candidate slot, with the operations of the scalar
        path in the same order (equal to it up to an ulp of ``np.exp``)."""
        arrays = self._columns.arrays
        count = len(cand)
        wt = WEIGHTS["text"]
        total = wt * (1.0 - np.exp(-TEXT_STEEPNESS * raw / norm))
        weight_sum = np.full(count, wt)
        if need.kbli:
            value = self._kbli_table(need.kbli)[arrays["kbli"][cand]]
            total = total + WEIGHTS["kbli"] * value
            weight_sum = weight_sum + WEIGHTS["kbli"]
        qty = need.quantity
        if qty is not None:
            q_dim = self._dimensions.get(qty.dimension, -2)
            q_base = qty.base_amount()
            dims = arrays["cap_dim"][cand]
            if qty.per:
                per = arrays["cap_per"][cand]
                have = np.where(per, arrays["cap_day"][cand], arrays["cap_base"][cand])
                want = np.where(per, qty.per_day(), q_base)
            else:
                have = arrays["cap_base"][cand]
                want = np.full(count, q_base, dtype=np.float64)
            with np.errstate(divide="ignore", invalid="ignore"):
                value = np.where(want <= 0, 1.0, np.minimum(have / want, 1.0))
            same_dim = dims == q_dim
            value = np.where(same_dim, value, 0.0)
            # No capacity counts as 0; another dimension drops the signal for the pair.
            weight = np.where(same_dim | (dims < 0), WEIGHTS["capacity"], 0.0)
            total = total + weight * value
            weight_sum = weight_sum + weight
        depth = len(need_region)
        if depth:
            common = np.zeros(count, dtype=np.int64)
            same = np.ones(count, dtype=np.bool_)
            for level in range(1, depth + 1):
                code = self._region_prefixes.get(need_region[:level])
                column = arrays.get(("region", level))
                if code is None or column is None:
                    break
                same &= column[cand] == code
                common += same
            table = np.array([0.0] + [REGION_SCORE[level] for level in range(1, depth)] + [1.0])
            total = total + WEIGHTS["region"] * table[common]
            weight_sum = weight_sum + WEIGHTS["region"]
        target = need.target_price
        if target is not None:
            has = arrays["price_has"][cand]
            dims = arrays["price_dim"][cand]
            if target.unit:
                t_dim = self._dimensions.get(UNITS[unit_key(target.unit)][0], -2)
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
            weight = np.where(dropped, 0.0, WEIGHTS["price"])
            total = total + weight * value
            weight_sum = weight_sum + weight
        return total / weight_sum

    def _kbli_table(self, need_kbli) -> np.ndarray:
        """The KBLI value of every distinct offer KBLI tuple (by id) for these codes."""
        key = tuple(need_kbli)
        table = self._kbli_tables.get(key)
        known = len(self._kbli_keys)
        if table is None or len(table) < known:
            done = 0 if table is None else len(table)
            keys = list(self._kbli_keys)[done:]
            extra = np.array([kbli_score(key, codes, False)[0] for codes in keys], np.float64)
            table = extra if table is None else np.concatenate((table, extra))
            if len(self._kbli_tables) > 4096:
                self._kbli_tables.clear()
            self._kbli_tables[key] = table
        return table

    def _match_need_scalar(
        self,
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
        query = self._query(need.title, need.description)
        if not query.weights or query.norm <= 0:
            return []
        if top <= 0:
            return []
        need_region = region_parts(need.region)
        wt = WEIGHTS["text"]
        rest = self._upper_weight(need)
        prepared = self._prepared
        index = self.index
        norm = query.norm
        selective, common = self._split_terms(query.weights)
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
        features = self._signals(need, need_region, local, today)
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

        def push(slot: int, raw: float, feat: tuple) -> None:
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
        ranked = heapq.nsmallest(
            top, scored.items(), key=lambda kv: (-kv[1], prepared[kv[0]].offer.id)
        )
        doc_terms = index.doc_terms
        matches = []
        for slot, score in ranked:
            item = prepared[slot]
            certs = valid_certifications(item.offer.certifications, today) if need.requires else {}
            result = self._score(
                need,
                query,
                raw_of(slot),
                item,
                doc_terms[slot],
                need_region,
                local,
                certs,
                region_names,
            )
            matches.append(Match(item.offer.id, score, result[1]))
        return matches

    def _signals(self, need: Need, need_region: tuple[str, ...], local: bool, today: date):
        """A function giving, for a slot, None when a hard filter rules the offer out, else
        ([(weight, value)] of the non-text signals in ``_score`` order, the weight sum
        with text, the weighted sum of the values), computed as ``_score`` computes them."""
        prepared = self._prepared
        wt = WEIGHTS["text"]
        w_kbli, w_cap, w_region, w_price = (
            WEIGHTS["kbli"],
            WEIGHTS["capacity"],
            WEIGHTS["region"],
            WEIGHTS["price"],
        )
        requires = need.requires
        need_kbli = need.kbli
        qty = need.quantity
        target = need.target_price
        filter_region = bool(local and need_region)
        kbli_cache: dict[tuple[str, ...], float] = {}
        region_cache: dict[tuple[str, ...], float] = {}
        if qty is not None:
            q_dim = qty.dimension
            q_per = bool(qty.per)
            q_day = qty.per_day() if qty.per else None
            q_base = qty.base_amount()
        if target is not None:
            t_unit = target.unit
            t_dim = UNITS[unit_key(t_unit)][0] if t_unit else None
            t_raw = target.min if target.min is not None else target.max
            t_want = target.per_base_unit(t_raw) if t_raw is not None else None
        cache: dict[int, tuple | None] = {}

        def features(slot: int) -> tuple | None:
            found = cache.get(slot, False)
            if found is not False:
                return found
            cache[slot] = result = compute(slot)
            return result

        def compute(slot: int) -> tuple | None:
            item = prepared[slot]
            if requires:
                expiry = item.expiry
                for kind in requires:
                    if expiry.get(kind, date.min) < today:
                        return None
            region = item.region
            if filter_region and not region_within(region, need_region):
                return None
            values: list[tuple[float, float]] = []
            if need_kbli:
                key = item.kbli
                value = kbli_cache.get(key)
                if value is None:
                    value = kbli_cache[key] = kbli_score(need_kbli, key, False)[0]
                values.append((w_kbli, value))
            if qty is not None:
                cap = item.capacity
                if cap is None:
                    values.append((w_cap, 0.0))
                elif cap[0] == q_dim:
                    if q_per and cap[1]:
                        have, want = cap[2], q_day
                    else:
                        have, want = cap[3], q_base
                    values.append((w_cap, 1.0 if want <= 0 else min(have / want, 1.0)))
            if need_region:
                value = region_cache.get(region)
                if value is None:
                    value = region_cache[region] = region_score(need_region, region, None, False)[0]
                values.append((w_region, value))
            if target is not None:
                price = item.price
                if price is None:
                    values.append((w_price, 0.0))
                else:
                    both = bool(t_unit and price[0] is not None)
                    if not (both and price[0] != t_dim):
                        if t_raw is None:
                            values.append((w_price, 0.0))
                        else:
                            want = t_want if both else t_raw
                            low = price[2] if both else price[1]
                            over = (low - want) / want if want > 0 else 1.0
                            values.append(
                                (w_price, 1.0 if low <= want else max(0.0, 1.0 - 2.0 * over))
                            )
            weight_sum = wt
            total = 0.0
            for weight, value in values:
                weight_sum += weight
                total += weight * value
            return values, weight_sum, total

        return features

    def _split_terms(self, weights: dict[str, float]) -> tuple[dict[str, float], dict[str, float]]:
        live = len(self.index)
        limit = max(COMMON_MIN_POSTINGS, COMMON_FRACTION * live)
        selective = {t: w for t, w in weights.items() if self.index.df.get(t, 0) <= limit}
        if not selective:
            return dict(weights), {}
        return selective, {t: w for t, w in weights.items() if t not in selective}

    def score_pair(
        self,
        need: Need,
        offer: Offer,
        *,
        local_only: bool | None = None,
        today: date | None = None,
        region_names: dict[str, str] | None = None,
    ) -> tuple[float, list[str]] | None:
        """The score ``match_need`` would give this offer for this need, or None when the
        offer is filtered out or shares no word with the need. The offer need not be indexed."""
        today = today or date.today()
        local = need.local_only if local_only is None else local_only
        query = self._query(need.title, need.description)
        if query.norm <= 0:
            return None
        slot = self._slot_of.get(offer.id)
        if slot is not None and self._prepared[slot].offer is offer:
            terms = self.index.doc_terms[slot]
            lt, ld = self.index.title_len[slot], self.index.desc_len[slot]
        else:
            terms, lt, ld = TextIndex.pack(
                self.lexicon.tokens(offer.title), self.lexicon.tokens(offer.description)
            )
        selective, common = self._split_terms(query.weights)
        raw = self.index.score_terms({**selective, **common}, terms, lt, ld)
        if raw <= 0:
            return None
        certs = valid_certifications(offer.certifications, today) if need.requires else {}
        result = self._score(
            need,
            query,
            raw,
            _Prepared(offer, region_parts(offer.region)),
            terms,
            region_parts(need.region),
            local,
            certs,
            region_names,
        )
        if result is None:
            return None
        return round(result[0], SCORE_DIGITS), result[1]

    def match_offer(
        self,
        offer: Offer,
        needs: Iterable[Need],
        top: int = 10,
        *,
        today: date | None = None,
        region_names: dict[str, str] | None = None,
    ) -> list[NeedMatch]:
        """The needs this offer can serve best ("peluang" for a supplier), best first,
        scored exactly as ``match_need`` scores the pair."""
        found = []
        for need in needs:
            result = self.score_pair(need, offer, today=today, region_names=region_names)
            if result is not None:
                found.append(NeedMatch(need.id, result[0], result[1]))
        found.sort(key=lambda m: (-m.score, m.need_id))
        return found[:top]

    def search(self, text: str, top: int = 10) -> list[Match]:
        """Free-text search over the offers, through the same text pipeline."""
        return self.match_need(Need(id="", title=text), top)

"""The matcher: an index of offers, ranked against needs with explained scores."""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from operator import itemgetter

from .bm25 import TextIndex
from .model import Match, Need, NeedMatch, Offer
from .signals import (
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

# Signal weights (docs/matching.md). Text always counts; every other signal counts only
# when the need states it, and the total is divided by the weights that counted.
WEIGHTS = {"text": 0.55, "kbli": 0.15, "capacity": 0.10, "region": 0.10, "price": 0.10}
DESCRIPTION_WEIGHT = 0.5  # a need's description words against its title words
EXPANSION_DOWN = 0.5  # "camilan" in the need -> "keripik" in an offer
EXPANSION_UP = 0.3  # "keripik" in the need -> "camilan" in an offer
SCORE_DIGITS = 4
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


class Matcher:
    """Offers indexed for matching. Not thread-safe for concurrent writes."""

    def __init__(self, offers: Iterable[Offer] = (), *, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or default_lexicon()
        self.index = TextIndex()
        self._slot_of: dict[str, int] = {}
        self._prepared: list[_Prepared | None] = []
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
        self._prepared.append(_features(offer))
        self._slot_of[offer.id] = slot

    def update(self, offer: Offer) -> None:
        self.remove(offer.id)
        self.add(offer)

    def remove(self, offer_id: str) -> None:
        slot = self._slot_of.pop(offer_id, None)
        if slot is not None:
            self.index.remove(slot)
            self._prepared[slot] = None

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
        state = [raw_needed(((-1.0 - 1e-4) * (wt + rest) - rest) / wt, norm), -1.0]

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
                state[0] = raw_needed(((kth - 1e-4) * (wt + rest) - rest) / wt, norm) - 1e-9
                state[1] = kth - 1e-4

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

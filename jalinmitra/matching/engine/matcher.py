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
        self._prepared.append(_Prepared(offer, region_parts(offer.region)))
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
        need_region = region_parts(need.region)
        wt = WEIGHTS["text"]
        rest = self._upper_weight(need)
        prepared = self._prepared
        doc_terms = self.index.doc_terms
        selective, common = self._split_terms(query.weights)
        acc = self.index.accumulate(selective)
        # MaxScore: very common terms (say "produksi") only add to candidates found
        # through the selective ones, unless they alone could reach the top.
        common_scores = [(t, w, self.index.idf(t)) for t, w in common.items()]
        common_max = sum(w * self.index.max_contribution(t) for t, w in common.items())
        full_raw: dict[int, float] = {}
        norms = self.index._norms()
        contribution = self.index.contribution
        title_len, desc_len = self.index.title_len, self.index.desc_len
        scored: dict[int, float] = {}

        def raw_of(slot: int) -> float:
            raw = full_raw.get(slot)
            if raw is None:
                raw = acc.get(slot, 0.0)
                terms = doc_terms[slot]
                for term, weight, idf in common_scores:
                    packed = terms.get(term)
                    if packed is not None:
                        raw += weight * (
                            idf * contribution(packed, title_len[slot], desc_len[slot], norms)
                        )
                full_raw[slot] = raw
            return raw

        def score_slot(slot: int) -> None:
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
                explain=False,
            )
            if result is not None:
                scored[slot] = round(result[0], SCORE_DIGITS)

        batch = max(4 * top, 40)
        for slot, _ in heapq.nlargest(batch, acc.items(), key=itemgetter(1)):
            score_slot(slot)
        best = heapq.nlargest(top, scored.values())
        kth = best[-1] if len(best) >= top else -1.0
        # Smallest raw text score whose best possible total could still reach the k-th
        # score found so far (with a margin for rounding).
        needed = raw_needed(((kth - 1e-4) * (wt + rest) - rest) / wt, query.norm)
        if common and common_max >= needed:
            # Offers with only common words might still make the list: count them all.
            for slot, raw in self.index.accumulate({**selective, **common}).items():
                full_raw[slot] = raw
                acc.setdefault(slot, 0.0)
        for slot, partial in acc.items():
            if slot not in scored and partial + common_max >= needed and raw_of(slot) >= needed:
                score_slot(slot)
        ranked = sorted(scored.items(), key=lambda kv: (-kv[1], prepared[kv[0]].offer.id))[:top]
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

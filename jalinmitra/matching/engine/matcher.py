"""The matcher: an index of offers, ranked against needs with explained scores."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from enum import Enum
from typing import Final

import numpy as np
from numpy.typing import NDArray

from . import scalar, vectorised
from .base import (
    _NO_CERT,
    _NO_EXPIRY,
    COMMON_FRACTION,
    COMMON_MIN_POSTINGS,
    DESCRIPTION_WEIGHT,
    EXPANSION_DOWN,
    EXPANSION_UP,
    GENERIC_WEIGHT,
    PRUNE_MARGIN,  # noqa: F401 (both paths' margin, named here too)
    PURPOSE_MATCH,
    SCORE_DIGITS,
    WEIGHTS,
    _Columns,
    _Features,
    _features,
    _Prepared,
    _Query,
    text_relevance,
)
from .bm25 import TextIndex
from .learning import check_weights
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
from .text import PURPOSE_SUFFIX, Lexicon, default_lexicon
from .units import UNITS, unit_key


class _Missing(Enum):
    # "Not computed yet" in the features cache, where None means "ruled out".
    MISSING = 0


class Matcher:
    """Offers indexed for matching. Not thread-safe for concurrent writes."""

    # False: score candidates one by one in Python (the reference implementation the
    # vectorised path is checked against; same results).
    vectorized = True

    def __init__(
        self,
        offers: Iterable[Offer] = (),
        *,
        lexicon: Lexicon | None = None,
        weights: dict[str, float] | None = None,
    ) -> None:
        self.lexicon = lexicon or default_lexicon()
        # The signal weights: the hand weights unless learnt ones are given (learning.py).
        self.weights = check_weights(weights) if weights is not None else dict(WEIGHTS)
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
        self._kbli_tables: dict[tuple[str, ...], NDArray[np.float64]] = {}
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
        if slot is None:
            return None
        item = self._prepared[slot]
        assert item is not None  # an indexed offer's slot is live
        return item.offer

    def add(self, offer: Offer) -> None:
        if offer.id in self._slot_of:
            raise KeyError(f'penawaran dengan id "{offer.id}" sudah ada')
        lex = self.lexicon
        slot = self.index.add(
            lex.index_tokens(offer.title), lex.index_tokens(offer.description, description=True)
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
            price_dim, low, low_base = item.price
            arrays["price_has"][slot] = True
            arrays["price_dim"][slot] = -1 if price_dim is None else self._dimension(price_dim)
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
        index = self.index
        listed = lex.generic

        def generic(term: str) -> bool:
            # Not "in many offers": a catalogue of banana chips is all "keripik pisang".
            # Generic means found across many product families (``generic.learn_generic``).
            return term in listed

        title_terms = lex.analyze_title(title)
        content: set[str] = set()
        title_weight: dict[str, float] = {}
        for terms in (
            title_terms,
            [(t, w, DESCRIPTION_WEIGHT) for t, w in lex.analyze_units(description)],
        ):
            for token, surface, weight in terms:
                if generic(token):
                    weight *= GENERIC_WEIGHT
                else:
                    content.add(token)
                if weights.get(token, 0.0) < weight:
                    weights[token] = weight
                surfaces.setdefault(token, surface)
        for token, _, _ in title_terms:
            title_weight.setdefault(token, weights[token])
        related: dict[str, list[tuple[str, str]]] = {}
        expansion: dict[str, float] = {}
        # A use or occasion (a head marked "~" in kerabat.txt) reached upwards ranks an offer
        # but never makes it a candidate: the need asks for "tapis", and an offer that is only
        # "oleh-oleh khas Lampung" (banana chips) is no tapis. A kind of product reached
        # upwards does ("kaos" finds a "konveksi"), and so does anything reached downwards.
        finds: set[str] = set()
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
                        if factor == EXPANSION_DOWN or get not in lex.uses:
                            finds.add(term)
                        pair = (have_label, get_label)
                        if pair not in related.setdefault(term, []):
                            related[term].append(pair)
        weights.update(expansion)
        content.update(t for t in expansion if t in finds and not generic(t))
        # What an offer says it goes with ranks it, but only after a content word found it.
        for term in [t for t in weights if t in content]:
            weights[term + PURPOSE_SUFFIX] = PURPOSE_MATCH * weights[term]
        idf = index.idf
        basis = title_weight or dict.fromkeys(surfaces, 1.0)
        norm = sum(w * idf(t) for t, w in basis.items()) * index.reference
        gate = {t: w * idf(t) for t, w in title_weight.items() if t in content}
        gate_total = sum(gate.values())
        for term, weight in expansion.items():
            if term in content:
                gate[term] = weight * idf(term)
        return _Query(weights, surfaces, related, norm, gate, gate_total, frozenset(content))

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
        values: dict[str, float] | None = None,
    ) -> tuple[float, list[str]] | None:
        """Score one candidate or None when a hard filter rules it out; reasons only
        when ``explain`` (the score is the same either way). ``values``, when given, gets
        each signal's value as the score combines it (``learning.combined``)."""
        offer = prepared.offer
        if not query.has_content(terms):
            return None
        cover = query.coverage(terms)
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
        if values is not None:
            values["text"] = text
        total = self.weights["text"] * text
        weight_sum = self.weights["text"]
        text_reasons = []
        direct = [] if not explain else _direct_words(query, terms)
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
            total += self.weights[name] * (value * cover)
            weight_sum += self.weights[name]
            if values is not None:
                values[name] = value * cover
            if reason:
                (kbli_reasons if name == "kbli" else signal_reasons).append(reason)
        reasons = text_reasons + kbli_reasons + reasons + signal_reasons
        return total / weight_sum, reasons

    def _upper_weight(self, need: Need) -> float:
        rest = 0.0
        if need.kbli:
            rest += self.weights["kbli"]
        if need.quantity is not None:
            rest += self.weights["capacity"]
        if need.region:
            rest += self.weights["region"]
        if need.target_price is not None:
            rest += self.weights["price"]
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
            return vectorised.match_need(
                self, need, top, local_only=local_only, today=today, region_names=region_names
            )
        return scalar.match_need(
            self, need, top, local_only=local_only, today=today, region_names=region_names
        )

    def _signals(
        self, need: Need, need_region: tuple[str, ...], local: bool, today: date, query: _Query
    ) -> Callable[[int], _Features | None]:
        """A function giving, for a slot, None when a hard filter rules the offer out or it
        holds no content word of the need, else ([(weight, value × coverage)] of the
        non-text signals in ``_score`` order, the weight sum with text, the weighted sum of
        the values), computed as ``_score`` computes them."""
        prepared = self._prepared
        doc_terms = self.index.doc_terms
        wt = self.weights["text"]
        w_kbli, w_cap, w_region, w_price = (
            self.weights["kbli"],
            self.weights["capacity"],
            self.weights["region"],
            self.weights["price"],
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
            per_day = qty.per_day() if qty.per else None
            q_day = 0.0 if per_day is None else per_day  # read only when ``q_per``
            q_base = qty.base_amount()
        if target is not None:
            t_unit = target.unit
            t_dim = UNITS[unit_key(t_unit)][0] if t_unit else None
            t_raw = target.min if target.min is not None else target.max
            # Read only when t_raw is not None.
            t_want = 0.0 if t_raw is None else target.per_base_unit(t_raw)
        cache: dict[int, _Features | None] = {}
        missing: Final = _Missing.MISSING

        def features(slot: int) -> _Features | None:
            found = cache.get(slot, missing)
            if found is not missing:
                return found
            cache[slot] = result = compute(slot)
            return result

        def compute(slot: int) -> _Features | None:
            item = prepared[slot]
            terms = doc_terms[slot]
            # A removed offer's slot holds None in both.
            if item is None or terms is None or not query.has_content(terms):
                return None
            cover = query.coverage(terms)
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
            if cover != 1.0:
                values = [(weight, value * cover) for weight, value in values]
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
        values: dict[str, float] | None = None,
    ) -> tuple[float, list[str]] | None:
        """The score ``match_need`` would give this offer for this need, or None when the
        offer is filtered out or shares no word with the need. The offer need not be indexed.
        ``values``, when given, gets the signal values (``signal_values``)."""
        today = today or date.today()
        local = need.local_only if local_only is None else local_only
        query = self._query(need.title, need.description)
        if query.norm <= 0:
            return None
        slot = self._slot_of.get(offer.id)
        item = None if slot is None else self._prepared[slot]
        if slot is not None and item is not None and item.offer is offer:
            indexed = self.index.doc_terms[slot]
            assert indexed is not None  # a live slot has its terms
            terms = indexed
            lt, ld = self.index.title_len[slot], self.index.desc_len[slot]
        else:
            terms, lt, ld = TextIndex.pack(
                self.lexicon.index_tokens(offer.title),
                self.lexicon.index_tokens(offer.description, description=True),
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
            values=values,
        )
        if result is None:
            return None
        return round(result[0], SCORE_DIGITS), result[1]

    def signal_values(
        self, need: Need, offer: Offer, *, today: date | None = None
    ) -> dict[str, float] | None:
        """Each signal's value for the pair as the score combines it (text relevance; the
        others times the offer's coverage of the need's product; a signal the need does not
        state, or that cannot be compared, is absent), or None when ``score_pair`` is None.
        What feedback learning (``learning.py``) learns from."""
        values: dict[str, float] = {}
        if self.score_pair(need, offer, today=today, values=values) is None:
            return None
        return values

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


def _direct_words(query: _Query, terms: dict[str, int]) -> list[str]:
    """The need's content words the offer holds, as the need wrote them, in its order; a
    phrase held whole ("gula aren") stands in place of its words."""
    held = [t for t in query.surfaces if t in terms and t in query.content]
    phrase_of = {part: t for t in held if " " in t for part in t.split(" ")}
    out: list[str] = []
    for term in held:
        if " " in term:
            continue
        phrase = phrase_of.get(term)
        word = query.surfaces[phrase] if phrase else query.surfaces[term]
        if word not in out:
            out.append(word)
    return out

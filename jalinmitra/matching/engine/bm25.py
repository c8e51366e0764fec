"""BM25F over an inverted index, with incremental add and remove.

Two fields, title and description, each length-normalised against its own average;
the title counts ``title_weight`` times a description hit. Removed documents leave a
tombstone in the posting lists until enough pile up to compact them.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

import numpy as np

_DESC_BITS = 16
_DESC_MASK = (1 << _DESC_BITS) - 1


class TextIndex:
    def __init__(self, *, k1: float = 1.2, b: float = 0.75, title_weight: float = 2.0) -> None:
        self.k1 = k1
        self.b = b
        self.title_weight = title_weight
        # term -> (slots, packed term frequencies: title << 16 | description)
        self.postings: dict[str, tuple[list[int], list[int]]] = {}
        self.df: Counter[str] = Counter()
        self.doc_terms: list[dict[str, int] | None] = []
        self.title_len: list[int] = []
        self.desc_len: list[int] = []
        self.live = 0
        self.total_title = 0
        self.total_desc = 0
        self.dead_postings = 0
        self.live_postings = 0
        self.version = 0
        self._cache: dict[str, tuple[int, list[int], list[float], float]] = {}
        self._maps: dict[str, tuple[int, dict[int, float]]] = {}
        # numpy mirrors for the vectorised matcher, filled lazily (see ``term_arrays``):
        # term -> (the posting lists converted, how many converted, slots, packed tfs)
        self._np_postings: dict[str, tuple[tuple, int, np.ndarray, np.ndarray]] = {}
        self._np_scores: dict[str, tuple[int, np.ndarray, np.ndarray]] = {}
        self._np_lengths = np.zeros((2, 0), dtype=np.int64)
        self._np_filled = 0
        # The contribution of one title hit in a title of average length: the yardstick
        # that turns raw BM25 into a 0..1 relevance.
        tf = title_weight
        self.reference = tf * (k1 + 1) / (tf + k1)

    def __len__(self) -> int:
        return self.live

    def add(self, title_tokens: Iterable[str], desc_tokens: Iterable[str]) -> int:
        title_tf = Counter(title_tokens)
        desc_tf = Counter(desc_tokens)
        terms: dict[str, int] = {t: min(n, _DESC_MASK) << _DESC_BITS for t, n in title_tf.items()}
        for term, n in desc_tf.items():
            terms[term] = terms.get(term, 0) | min(n, _DESC_MASK)
        slot = len(self.doc_terms)
        self.doc_terms.append(terms)
        lt, ld = sum(title_tf.values()), sum(desc_tf.values())
        self.title_len.append(lt)
        self.desc_len.append(ld)
        self.total_title += lt
        self.total_desc += ld
        self.live += 1
        postings = self.postings
        df = self.df
        for term, packed in terms.items():
            lists = postings.get(term)
            if lists is None:
                lists = postings[term] = ([], [])
                df[term] = 1
            else:
                df[term] = df.get(term, 0) + 1
            lists[0].append(slot)
            lists[1].append(packed)
        self.live_postings += len(terms)
        self.version += 1
        return slot

    def remove(self, slot: int) -> None:
        terms = self.doc_terms[slot]
        if terms is None:
            return
        self.doc_terms[slot] = None
        self.total_title -= self.title_len[slot]
        self.total_desc -= self.desc_len[slot]
        self.live -= 1
        for term in terms:
            self.df[term] -= 1
            if self.df[term] <= 0:
                del self.df[term]
        self.dead_postings += len(terms)
        self.live_postings -= len(terms)
        self.version += 1
        if self.dead_postings > max(1000, self.live_postings // 2):
            self._compact()

    def _compact(self) -> None:
        alive = self.doc_terms
        for term in list(self.postings):
            slots, tfs = self.postings[term]
            kept = [(s, t) for s, t in zip(slots, tfs, strict=True) if alive[s] is not None]
            if kept:
                self.postings[term] = ([s for s, _ in kept], [t for _, t in kept])
            else:
                del self.postings[term]
        self.dead_postings = 0
        self._cache.clear()
        self._maps.clear()
        self._np_postings.clear()
        self._np_scores.clear()

    def idf(self, term: str) -> float:
        df = self.df.get(term, 0)
        return math.log(1.0 + (self.live - df + 0.5) / (df + 0.5))

    def _norms(self) -> tuple[float, float]:
        avg_title = self.total_title / self.live if self.live else 1.0
        avg_desc = self.total_desc / self.live if self.live else 1.0
        return max(avg_title, 1e-9), max(avg_desc, 1e-9)

    def contribution(
        self, packed: int, title_len: int, desc_len: int, norms: tuple[float, float] | None = None
    ) -> float:
        avg_title, avg_desc = norms or self._norms()
        b = self.b
        tf = self.title_weight * (packed >> _DESC_BITS) / (1 - b + b * title_len / avg_title) + (
            packed & _DESC_MASK
        ) / (1 - b + b * desc_len / avg_desc)
        return tf * (self.k1 + 1) / (tf + self.k1)

    def term_scores(self, term: str) -> tuple[list[int], list[float]]:
        """Live slots holding ``term`` and idf × saturated frequency for each."""
        cached = self._cache.get(term)
        if cached is not None and cached[0] == self.version:
            return cached[1], cached[2]
        return self._fill_cache(term)[1:3]

    def _fill_cache(self, term: str) -> tuple[int, list[int], list[float], float]:
        cached = self._cache.get(term)
        if cached is not None and cached[0] == self.version:
            return cached
        lists = self.postings.get(term)
        if lists is None:
            return (self.version, [], [], 0.0)
        idf = self.idf(term)
        alive = self.doc_terms
        contribution = self.contribution
        norms = self._norms()
        tl, dl = self.title_len, self.desc_len
        slots: list[int] = []
        scores: list[float] = []
        for slot, packed in zip(lists[0], lists[1], strict=True):
            if alive[slot] is not None:
                slots.append(slot)
                scores.append(idf * contribution(packed, tl[slot], dl[slot], norms))
        entry = (self.version, slots, scores, max(scores, default=0.0))
        self._cache[term] = entry
        return entry

    def score_map(self, term: str) -> dict[int, float]:
        """``term_scores`` as a dict: live slot -> idf × saturated frequency."""
        cached = self._maps.get(term)
        if cached is not None and cached[0] == self.version:
            return cached[1]
        entry = self._fill_cache(term)
        mapping = dict(zip(entry[1], entry[2], strict=True))
        self._maps[term] = (self.version, mapping)
        return mapping

    def max_contribution(self, term: str) -> float:
        """The largest idf × saturated frequency any live slot has for ``term``."""
        return self._fill_cache(term)[3]

    def _lengths(self) -> tuple[np.ndarray, np.ndarray]:
        """Title and description lengths per slot as arrays (the lists only ever grow);
        the buffer doubles, so appending costs amortised O(1)."""
        have = self._np_filled
        count = len(self.title_len)
        if have < count:
            if self._np_lengths.shape[1] < count:
                grown = np.zeros((2, max(1024, 2 * self._np_lengths.shape[1], count)), np.int64)
                grown[:, :have] = self._np_lengths[:, :have]
                self._np_lengths = grown
            self._np_lengths[0, have:count] = self.title_len[have:count]
            self._np_lengths[1, have:count] = self.desc_len[have:count]
            self._np_filled = count
        return self._np_lengths[0], self._np_lengths[1]

    def _posting_arrays(self, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        lists = self.postings.get(term)
        if lists is None:
            return None
        known = self._np_postings.get(term)
        count = len(lists[0])
        if known is not None and known[0] is lists and known[1] == count:
            return known[2], known[3]
        if known is not None and known[0] is lists and known[1] < count:
            start = known[1]
            slots = np.concatenate((known[2], np.asarray(lists[0][start:], dtype=np.intp)))
            packed = np.concatenate((known[3], np.asarray(lists[1][start:], dtype=np.int64)))
        else:
            slots = np.asarray(lists[0], dtype=np.intp)
            packed = np.asarray(lists[1], dtype=np.int64)
        self._np_postings[term] = (lists, count, slots, packed)
        return slots, packed

    def term_arrays(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """``term_scores`` as arrays, computed with the same operations in the same order
        (so the same floats), but over every posting: slots of removed documents are
        included and must be masked out by the caller."""
        cached = self._np_scores.get(term)
        if cached is not None and cached[0] == self.version:
            return cached[1], cached[2]
        arrays = self._posting_arrays(term)
        if arrays is None:
            empty = (np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.float64))
            return empty
        slots, packed = arrays
        idf = self.idf(term)
        avg_title, avg_desc = self._norms()
        title_len, desc_len = self._lengths()
        b, k1 = self.b, self.k1
        title_tf = (packed >> _DESC_BITS).astype(np.float64)
        desc_tf = (packed & _DESC_MASK).astype(np.float64)
        tl = title_len[slots].astype(np.float64)
        dl = desc_len[slots].astype(np.float64)
        tf = self.title_weight * title_tf / ((1 - b) + b * tl / avg_title) + desc_tf / (
            (1 - b) + b * dl / avg_desc
        )
        scores = idf * (tf * (k1 + 1) / (tf + k1))
        self._np_scores[term] = (self.version, slots, scores)
        return slots, scores

    def warm(self) -> None:
        """Fill the array caches of every term (e.g. before forking workers)."""
        for term in list(self.postings):
            self.term_arrays(term)

    def accumulate(self, weights: dict[str, float]) -> dict[int, float]:
        """Raw BM25F score of every slot sharing a term with the weighted query."""
        acc: dict[int, float] = {}
        get = acc.get
        for term, weight in weights.items():
            slots, scores = self.term_scores(term)
            for slot, score in zip(slots, scores, strict=True):
                acc[slot] = get(slot, 0.0) + weight * score
        return acc

    def score_terms(
        self, weights: dict[str, float], terms: dict[str, int], title_len: int, desc_len: int
    ) -> float:
        """Raw score of one document given by its packed term frequencies; it need not be
        in the index (idf and average lengths come from the index)."""
        raw = 0.0
        for term, weight in weights.items():
            packed = terms.get(term)
            if packed is not None:
                raw += weight * (self.idf(term) * self.contribution(packed, title_len, desc_len))
        return raw

    @staticmethod
    def pack(
        title_tokens: Iterable[str], desc_tokens: Iterable[str]
    ) -> tuple[dict[str, int], int, int]:
        title_tf, desc_tf = Counter(title_tokens), Counter(desc_tokens)
        terms = {
            t: (min(title_tf[t], _DESC_MASK) << _DESC_BITS) | min(desc_tf[t], _DESC_MASK)
            for t in title_tf.keys() | desc_tf.keys()
        }
        return terms, sum(title_tf.values()), sum(desc_tf.values())

"""Indonesian text processing: normalisation, variants, stop words, stemming, vocabulary.

The word lists live in ``jalinmitra/matching/data/`` so an officer can extend them; see
docs/matching.md for their formats.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .units import find_quantities

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

_TOKEN_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DIGIT_RE = re.compile(r"\d")


def _data_lines(name: str, data_dir: Path | None = None) -> list[str]:
    path = (data_dir or DATA_DIR) / name
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            lines.append(line.lower())
    return lines


def normalise(text: str) -> str:
    """Lower case, fold accents and odd punctuation, drop quantities with units."""
    text = text or ""
    if text.isascii():  # NFKD leaves ASCII alone and it has no combining marks
        text = text.lower()
    else:
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
        text = text.replace("\u2013", "-").replace("\u2014", "-")
    text = text.replace("_", " ")
    if not _DIGIT_RE.search(text):  # every quantity starts with a digit
        return text
    spans = find_quantities(text)
    for start, end, _ in reversed(spans):
        text = text[:start] + " " + text[end:]
    return text


def _split(text: str) -> list[str]:
    return _TOKEN_RE.findall(text)


@dataclass
class Lexicon:
    """The officer-editable word lists, loaded once."""

    variants: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    stopwords: frozenset[str] = frozenset()
    protected: dict[str, str] = field(default_factory=dict)
    # vocabulary: (head tokens, head label, member tokens, member label)
    relations: list[tuple[tuple[str, ...], str, tuple[str, ...], str]] = field(default_factory=list)
    max_variant_len: int = 1
    # word -> its (token, surface) pairs; valid while the lists above are not edited
    # (they are loaded once; ``load`` starts afresh).
    _word_pairs: dict[str, tuple[tuple[str, str], ...]] = field(
        default_factory=dict, repr=False, compare=False
    )
    _variant_starts: tuple[int, set[str]] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def load(cls, data_dir: Path | None = None) -> Lexicon:
        lex = cls()
        for line in _data_lines("varian.txt", data_dir):
            canonical, _, alternatives = line.partition(":")
            target = tuple(_split(canonical))
            for alt in alternatives.split(","):
                key = tuple(_split(alt))
                if key and key != target:
                    lex.variants[key] = target
                    lex.max_variant_len = max(lex.max_variant_len, len(key))
        lex.stopwords = frozenset(_data_lines("stopword.txt", data_dir))
        for line in _data_lines("lindung.txt", data_dir):
            word, _, root = line.partition("=")
            lex.protected[word.strip()] = root.strip() or word.strip()
        for line in _data_lines("kerabat.txt", data_dir):
            head, _, members = line.partition(":")
            head_label = head.strip()
            head_tokens = tuple(lex.tokens(head_label))
            for member in members.split(","):
                member_label = member.strip()
                member_tokens = tuple(lex.tokens(member_label))
                if head_tokens and member_tokens:
                    lex.relations.append((head_tokens, head_label, member_tokens, member_label))
        lex._word_pairs.clear()
        return lex

    def stem(self, word: str) -> str:
        return _stem(word, self)

    def surface_tokens(self, text: str) -> list[str]:
        """Normalised words with variants replaced by their standard form, before stemming."""
        words = _split(normalise(text))
        out: list[str] = []
        starts = self._variant_starts
        if starts is None or starts[0] != len(self.variants):
            starts = self._variant_starts = (len(self.variants), {k[0] for k in self.variants})
        i = 0
        while i < len(words):
            if words[i] not in starts[1]:  # no variant begins with this word
                out.append(words[i])
                i += 1
                continue
            for n in range(min(self.max_variant_len, len(words) - i), 0, -1):
                key = tuple(words[i : i + n])
                if key in self.variants:
                    out.extend(self.variants[key])
                    i += n
                    break
            else:
                out.append(words[i])
                i += 1
        return out

    def analyze_pairs(self, text: str) -> list[tuple[str, str]]:
        """(token, surface word) pairs: the token is what the index stores."""
        pairs: list[tuple[str, str]] = []
        cache = self._word_pairs
        for word in self.surface_tokens(text):
            found = cache.get(word)
            if found is None:
                parts: list[tuple[str, str]] = []
                for part in self._expand_hyphen(word):
                    if part in self.stopwords or part.isdigit():
                        continue
                    token = self.stem(part)
                    if token and token not in self.stopwords:
                        parts.append((token, part))
                if len(cache) > 200_000:
                    cache.clear()
                cache[word] = found = tuple(parts)
            pairs.extend(found)
        return pairs

    def tokens(self, text: str) -> list[str]:
        return [token for token, _ in self.analyze_pairs(text)]

    def _expand_hyphen(self, word: str) -> list[str]:
        if "-" not in word or word in self.protected:
            return [word]
        parts = [p for p in word.split("-") if p]
        # Reduplication ("kue-kue") means a plural: keep one.
        return list(dict.fromkeys(parts))


@lru_cache(maxsize=200_000)
def _sastrawi_stem(word: str) -> str:
    return _stemmer().stem(word)


@lru_cache(maxsize=1)
def _stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


def _stem(word: str, lex: Lexicon) -> str:
    if word in lex.protected:
        return lex.protected[word]
    if any(ch.isdigit() for ch in word) or "-" in word or len(word) <= 3:
        return word
    return _sastrawi_stem(word)


_DEFAULT: Lexicon | None = None


def default_lexicon() -> Lexicon:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Lexicon.load()
    return _DEFAULT


def analyze(text: str) -> list[str]:
    """The index tokens of a text: normalised, variants fixed, stop words dropped, stemmed."""
    return default_lexicon().tokens(text)


def stem(word: str) -> str:
    """Stem one lower-case word with the protected-word list applied."""
    return default_lexicon().stem(word)

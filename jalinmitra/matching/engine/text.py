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

# In a product name the head noun and its main material come first ("keripik singkong
# balado", "sepatu olahraga dari kulit asli"); later words are variants (flavour, size).
# Words after a purpose word ("untuk toko oleh-oleh") say what the product is for.
HEAD_WEIGHTS = (1.0, 1.0)  # the first two content words of a title
VARIANT_WEIGHT = 0.7  # the content words after them
PURPOSE_WORDS = frozenset({"untuk", "buat", "bagi", "guna"})
PURPOSE_WEIGHT = 0.4
# In an offer's description: what it goes with or is for, up to the end of the clause.
OFFER_PURPOSE_WORDS = frozenset({"teman", "pendamping", "pelengkap", "cocok"})
# Marks such a word in the index; it holds a space, so no query word can be it and no
# typo correction can reach it (seven characters away from any word).
PURPOSE_SUFFIX = " ~untuk"
# In an offer's description, what follows one of these to the end of the clause is what the
# product does not have ("tanpa gula tambahan", "tanpa pengawet dan pemanis buatan"): not
# indexed, so a need for "gula" does not find banana chips made without sugar.
NEGATION_WORDS = frozenset({"tanpa"})
_CLAUSE_RE = re.compile(r"[.;!?\n]+|,\s")


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
    # Heads marked "~" in kerabat.txt: a use or an occasion ("oleh-oleh", "hampers"), not a
    # kind of product. Reached upwards, such a head ranks but never finds an offer.
    uses: frozenset[tuple[str, ...]] = frozenset()
    max_variant_len: int = 1
    # Words that say nothing about which product it is ("produksi", "kualitas"): stems from
    # umum.txt (a hand list and a list learnt by ``generic.learn_generic``).
    generic: frozenset[str] = frozenset()
    # Phrases that are one unit ("gula aren", "kopi bubuk"), as tuples of index tokens.
    phrases: frozenset[tuple[str, ...]] = frozenset()
    # word -> its (token, surface) pairs; valid while the lists above are not edited
    # (they are loaded once; ``load`` starts afresh).
    _word_pairs: dict[str, tuple[tuple[str, str], ...]] = field(
        default_factory=dict, repr=False, compare=False
    )
    _variant_starts: tuple[int, set[str]] | None = field(default=None, repr=False, compare=False)
    _phrase_starts: tuple[frozenset, dict[str, list[tuple[str, ...]]]] | None = field(
        default=None, repr=False, compare=False
    )

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
        if (data_dir or DATA_DIR).joinpath("umum.txt").exists():
            words = [w for line in _data_lines("umum.txt", data_dir) for w in _split(line)]
            lex.generic = frozenset(words) | frozenset(lex.stem(w) for w in words)
        if (data_dir or DATA_DIR).joinpath("frasa.txt").exists():
            lex.phrases = frozenset(
                tuple(t for t, _ in lex._plain_pairs(line))
                for line in _data_lines("frasa.txt", data_dir)
                if len(lex._plain_pairs(line)) > 1
            )
        uses = set()
        for line in _data_lines("kerabat.txt", data_dir):
            head, _, members = line.partition(":")
            head_label = head.strip()
            is_use = head_label.startswith("~")
            head_label = head_label.lstrip("~").strip()
            head_tokens = tuple(lex.tokens(head_label))
            if is_use and head_tokens:
                uses.add(head_tokens)
            for member in members.split(","):
                member_label = member.strip()
                member_tokens = tuple(lex.tokens(member_label))
                if head_tokens and member_tokens:
                    lex.relations.append((head_tokens, head_label, member_tokens, member_label))
        lex.uses = frozenset(uses)
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

    def _word(self, word: str) -> tuple[tuple[str, str], ...]:
        cache = self._word_pairs
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
        return found

    def _plain_pairs(self, text: str) -> list[tuple[str, str]]:
        pairs: list[tuple[str, str]] = []
        for word in self.surface_tokens(text):
            pairs.extend(self._word(word))
        return pairs

    def _phrase_pairs(self, pairs: list[tuple[str, str]]) -> list[tuple[int, tuple[str, str]]]:
        """(position of the first word, (phrase token, phrase as written)) for every known
        phrase in a row of pairs; the phrase token holds a space, which no word can."""
        starts = self._phrase_starts
        if starts is None or starts[0] is not self.phrases:
            table: dict[str, list[tuple[str, ...]]] = {}
            for phrase in sorted(self.phrases):
                table.setdefault(phrase[0], []).append(phrase)
            starts = self._phrase_starts = (self.phrases, table)
        found = []
        for i, (token, _) in enumerate(pairs):
            for phrase in starts[1].get(token, ()):
                n = len(phrase)
                if i + n <= len(pairs) and all(pairs[i + j][0] == phrase[j] for j in range(n)):
                    words = " ".join(p[1] for p in pairs[i : i + n])
                    found.append((i, (" ".join(phrase), words)))
        return found

    def analyze_pairs(self, text: str) -> list[tuple[str, str]]:
        """(token, surface word) pairs of the words."""
        return self._plain_pairs(text)

    def analyze_units(self, text: str) -> list[tuple[str, str]]:
        """``analyze_pairs`` and, after the words, one more pair per known phrase ("gula
        aren" besides "gula" and "aren"): what the matcher indexes and asks for."""
        pairs = self._plain_pairs(text)
        if self.phrases and len(pairs) > 1:
            pairs.extend(pair for _, pair in self._phrase_pairs(pairs))
        return pairs

    def index_tokens(self, text: str, *, description: bool = False) -> list[str]:
        """What the matcher indexes: the tokens and the known phrases. In a description,
        what a clause says the product goes with ("cocok untuk oleh-oleh dan teman minum
        kopi") is not what the product is: the words from a purpose word to the end of the
        clause are indexed with ``PURPOSE_SUFFIX``, so they rank offers a need's words found
        already but never find one: "Sale pisang basah" is not found for "kopi". What a
        clause says the product is without (``NEGATION_WORDS``) is not indexed at all."""
        if not description or not text:
            return [t for t, _ in self.analyze_units(text)]
        out: list[str] = []
        for clause in _CLAUSE_RE.split(text):
            words = clause.split()
            for i, word in enumerate(words):
                if word.lower().strip("(\"'") in NEGATION_WORDS:
                    words = words[:i]
                    clause = " ".join(words)
                    break
            for i, word in enumerate(words):
                if word.lower().strip("(\"'") in OFFER_PURPOSE_WORDS:
                    out.extend(t for t, _ in self.analyze_units(" ".join(words[:i])))
                    purpose = self.analyze_units(" ".join(words[i:]))
                    out.extend(t + PURPOSE_SUFFIX for t, _ in purpose)
                    break
            else:
                out.extend(t for t, _ in self.analyze_units(clause))
        return out

    def analyze_title(self, text: str) -> list[tuple[str, str, float]]:
        """(token, surface, weight) of a need's title: the head noun and main material (the
        first two content words) weigh 1, the variant words after them ``VARIANT_WEIGHT``,
        words after a purpose word ("untuk") ``PURPOSE_WEIGHT``; a phrase weighs what its
        first word weighs. Generic words keep weight 1 here (``Matcher`` weighs them)."""
        pairs: list[tuple[str, str]] = []
        weights: list[float] = []
        content = 0
        purpose = False
        for word in self.surface_tokens(text):
            if word in PURPOSE_WORDS:
                purpose = True
                continue
            for pair in self._word(word):
                if purpose:
                    weight = PURPOSE_WEIGHT
                elif pair[0] in self.generic:
                    weight = 1.0
                else:
                    weight = (
                        HEAD_WEIGHTS[content] if content < len(HEAD_WEIGHTS) else VARIANT_WEIGHT
                    )
                    content += 1
                pairs.append(pair)
                weights.append(weight)
        out = [(t, s, w) for (t, s), w in zip(pairs, weights, strict=True)]
        if self.phrases and len(pairs) > 1:
            out.extend((t, s, weights[i]) for i, (t, s) in self._phrase_pairs(pairs))
        return out

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

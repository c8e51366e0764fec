"""Generic words learnt from a corpus: a word found across many product families says
nothing about which product a text is about ("produksi", "rumahan", "pesanan").

    python -m jalinmitra.matching.engine.generic IN.json [--share 0.25] [--min-families 4]

prints the words that the offers of IN.json (the CLI's input format) use in at least
``share`` of their product families and in at least ``min_families`` of them. The family
of an offer is its first KBLI code cut to four digits (subgolongan), so the corpus needs no
labels beyond what every offer states. The output goes into ``data/umum.txt`` below the
hand-written list; docs/matching.md says how the list was made.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from pathlib import Path

from .text import Lexicon, default_lexicon


def learn_generic(
    docs: Iterable[tuple[str, Iterable[str]]], *, share: float = 0.25, min_families: int = 4
) -> list[str]:
    """Tokens found in at least ``share`` of the families and in ``min_families`` of them,
    most widespread first (ties by token). ``docs`` are (family, tokens) pairs."""
    families_of: dict[str, set[str]] = {}
    families: set[str] = set()
    for family, tokens in docs:
        families.add(family)
        for token in set(tokens):
            families_of.setdefault(token, set()).add(family)
    if not families:
        return []
    need = max(min_families, share * len(families))
    found = [(len(f), t) for t, f in families_of.items() if len(f) >= need]
    return [t for _, t in sorted(found, key=lambda item: (-item[0], item[1]))]


def corpus_families(data: dict, lexicon: Lexicon | None = None) -> list[tuple[str, list[str]]]:
    """(family, tokens of title and description) of each offer of a CLI input."""
    lex = lexicon or default_lexicon()
    out = []
    for offer in data.get("offers", []):
        codes = offer.get("kbli") or []
        if isinstance(codes, str):
            codes = [c.strip() for c in codes.split(";")]
        family = str(codes[0])[:4] if codes else "?"
        words = [t for t, _ in lex._plain_pairs(offer.get("title", ""))]
        words += [t for t, _ in lex._plain_pairs(offer.get("description", ""))]
        out.append((family, words))
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", type=Path)
    parser.add_argument("--share", type=float, default=0.25)
    parser.add_argument("--min-families", type=int, default=4)
    args = parser.parse_args(argv)
    data = json.loads(args.input.read_text(encoding="utf-8"))
    for word in learn_generic(
        corpus_families(data), share=args.share, min_families=args.min_families
    ):
        print(word)


if __name__ == "__main__":
    main()

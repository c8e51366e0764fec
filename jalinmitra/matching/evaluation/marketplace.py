"""A set of marketplace listing titles nobody here wrote: PRDECT-ID's Tokopedia products.

    python -m jalinmitra.matching.evaluation.marketplace [--worst N]

Offers are the distinct product names of PRDECT-ID (Sutoyo et al., 2022; CC BY 4.0;
``prdect_id_products.csv``, source and licence in docs/matching.md and
``prdect_id_products.SOURCE.md``): listing titles written by Tokopedia sellers, with
Tokopedia's product category (29 of them: Food and Drink, Kitchen, Men's Fashion, Books, …).
Each need is one title asked against all the others; the grade comes from the categories alone,
never from the engine: a title of the same category is 2, anything else 0. The two titles
listed under two categories are left out (1,306 titles remain), so every title has one family
and every answer is on its need's side of the halves. Only the titles reach either system.

The halves are by category (the categories in alphabetical order, even places: development,
odd: test), so a need and all its graded answers are on one side only.
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path

from . import titles
from .titles import HALVES

DATA = Path(__file__).with_name("prdect_id_products.csv")


@functools.cache
def _rows() -> tuple[tuple[str, str, frozenset[str]], ...]:
    with DATA.open(encoding="utf-8", newline="") as handle:
        return tuple(
            (f"t{n:04d}", r["title"], frozenset(r["category"].split("|")))
            for n, r in enumerate(csv.DictReader(handle), 1)
        )


@functools.cache
def _sides() -> dict[str, str]:
    categories = sorted({c for _, _, cats in _rows() for c in cats})
    place = {c: HALVES[i % 2] for i, c in enumerate(categories)}
    return {tid: place[min(cats)] for tid, _, cats in _rows()}


def half(code: str) -> str:
    """The half a need belongs to: by its category, so one family is never on both sides."""
    return _sides()[code]


def load() -> dict:
    rows = [(tid, title, cats) for tid, title, cats in _rows() if len(cats) == 1]
    qrels = {tid: {o: 2 for o, _, c in rows if o != tid and c == cats} for tid, _, cats in rows}
    listed = [(tid, title) for tid, title, _ in rows]
    return {"offers": listed, "needs": listed, "qrels": qrels}


def evaluate(data: dict | None = None) -> dict[str, dict[str, float]]:
    return titles.evaluate(data or load(), half)


def main(argv: list[str] | None = None) -> None:
    titles.cli(argv, load(), half, "PRDECT-ID (Tokopedia)", __doc__)


if __name__ == "__main__":
    main()

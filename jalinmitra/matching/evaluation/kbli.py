"""A second labelled set the team did not write: BPS's KBLI 2020 kelompok titles.

    python -m jalinmitra.matching.evaluation.kbli [--worst N]

Offers are the 1,789 kelompok (5-digit) titles of KBLI 2020 (``kbli2020_kelompok.csv``, copied
from /work/shared/data/kbli2020.csv; source and licence in docs/matching.md and
``kbli2020_kelompok.SOURCE.md``). Each need is one kelompok title, asked against all the
others; the grade comes from the codes alone, never from the engine: another kelompok of the
same subgolongan (4 digits) is 2, of the same golongan (3 digits) 1, anything else 0. The
need's own kelompok is left out of its ranking. Needs are the kelompok whose subgolongan has
at least three kelompok, so every need has at least two grade-2 answers. Only the titles are
given to either system (no KBLI code, no other signal), so this measures the text handling.

The needs are split in two halves by golongan (3 digits, even: development, odd: test), so the
needs of one family are never on both sides: whatever is tuned on this set is tuned on the
development half and reported on the held-out test half. ``--worst N`` prints the N needs where
the engine is furthest behind plain BM25 and the N where it is furthest ahead, with both top
fives and their grades, to read the failures one by one.
"""

from __future__ import annotations

import csv
from pathlib import Path

from . import titles
from .titles import HALVES

DATA = Path(__file__).with_name("kbli2020_kelompok.csv")


def half(code: str) -> str:
    """The half a need belongs to: by its golongan, so one family is never on both sides."""
    return HALVES[int(code[:3]) % 2]


def load() -> dict:
    with DATA.open(encoding="utf-8", newline="") as handle:
        rows = [(r["code"], r["title"]) for r in csv.DictReader(handle)]
    by_sub: dict[str, list[str]] = {}
    for code, _ in rows:
        by_sub.setdefault(code[:4], []).append(code)
    needs = [(code, title) for code, title in rows if len(by_sub[code[:4]]) >= 3]
    qrels: dict[str, dict[str, int]] = {}
    for code, _ in needs:
        labels = {}
        for other, _ in rows:
            if other == code:
                continue
            if other[:4] == code[:4]:
                labels[other] = 2
            elif other[:3] == code[:3]:
                labels[other] = 1
        qrels[code] = labels
    return {"offers": rows, "needs": needs, "qrels": qrels}


def evaluate(data: dict | None = None) -> dict[str, dict[str, float]]:
    return titles.evaluate(data or load(), half)


def main(argv: list[str] | None = None) -> None:
    titles.cli(argv, load(), half, "KBLI 2020 (kelompok)", __doc__)


if __name__ == "__main__":
    main()

"""A second labelled set the team did not write: BPS's KBLI 2020 kelompok titles.

    python -m jalinmitra.matching.evaluation.kbli

Offers are the 1,789 kelompok (5-digit) titles of KBLI 2020 (``kbli2020_kelompok.csv``, copied
from /work/shared/data/kbli2020.csv; source and licence in docs/matching.md and
``kbli2020_kelompok.SOURCE.md``). Each need is one kelompok title, asked against all the
others; the grade comes from the codes alone, never from the engine: another kelompok of the
same subgolongan (4 digits) is 2, of the same golongan (3 digits) 1, anything else 0. The
need's own kelompok is left out of its ranking. Needs are the kelompok whose subgolongan has
at least three kelompok, so every need has at least two grade-2 answers. Only the titles are
given to either system (no KBLI code, no other signal), so this measures the text handling.
"""

from __future__ import annotations

import csv
from pathlib import Path

from ..engine import Matcher, Need, Offer
from ..engine.bm25 import TextIndex
from .evaluate import K, ndcg, recall

DATA = Path(__file__).with_name("kbli2020_kelompok.csv")


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


def engine_rankings(data: dict) -> dict[str, list[str]]:
    matcher = Matcher(Offer(id=code, title=title) for code, title in data["offers"])
    out = {}
    for code, title in data["needs"]:
        found = matcher.match_need(Need(id=code, title=title), K + 1)
        out[code] = [m.offer_id for m in found if m.offer_id != code][:K]
    return out


def plain_bm25_rankings(data: dict) -> dict[str, list[str]]:
    index = TextIndex()
    ids = []
    for code, title in data["offers"]:
        index.add(title.lower().split(), [])
        ids.append(code)
    out = {}
    for code, title in data["needs"]:
        acc = index.accumulate(dict.fromkeys(title.lower().split(), 1.0))
        ranked = sorted(acc.items(), key=lambda item: (-round(item[1], 4), ids[item[0]]))
        out[code] = [ids[s] for s, _ in ranked if ids[s] != code][:K]
    return out


def evaluate(data: dict | None = None) -> dict[str, dict[str, float]]:
    data = data or load()
    qrels = data["qrels"]
    out = {}
    for name, rankings in (
        ("engine", engine_rankings(data)),
        ("plain BM25", plain_bm25_rankings(data)),
    ):
        n = len(rankings)
        out[name] = {
            "ndcg@10": sum(ndcg(rankings[q], qrels[q]) for q in rankings) / n,
            "recall@10": sum(recall(rankings[q], qrels[q]) for q in rankings) / n,
        }
    return out


def main() -> None:
    data = load()
    print(f"KBLI 2020: {len(data['offers'])} kelompok, {len(data['needs'])} needs")
    print("| sistem | nDCG@10 | recall@10 |")
    print("|---|---:|---:|")
    for name, figures in evaluate(data).items():
        print(f"| {name} | {figures['ndcg@10']:.3f} | {figures['recall@10']:.3f} |")


if __name__ == "__main__":
    main()

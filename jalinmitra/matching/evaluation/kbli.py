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

import argparse
import csv
from pathlib import Path

from ..engine import Matcher, Need, Offer, analyze
from ..engine.bm25 import TextIndex
from .evaluate import K, ndcg, recall

DATA = Path(__file__).with_name("kbli2020_kelompok.csv")
HALVES = ("development", "test")


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


def per_need(data: dict) -> dict[str, dict[str, float]]:
    """nDCG@10 of every need, per system; "word-overlap ceiling" ranks the offers that share
    at least one analysed word with the need by their grade: the best any ranking of the
    word-sharing offers could do (the answers are there; the question is their order)."""
    qrels = data["qrels"]
    words = {code: set(analyze(title)) for code, title in data["offers"]}
    ceiling = {}
    for code, _ in data["needs"]:
        sharing = [c for c in words if c != code and words[c] & words[code]]
        ceiling[code] = sorted(sharing, key=lambda c: (-qrels[code].get(c, 0), c))[:K]
    return {
        name: {q: ndcg(rankings[q], qrels[q]) for q in rankings}
        for name, rankings in (
            ("engine", engine_rankings(data)),
            ("plain BM25", plain_bm25_rankings(data)),
            ("word-overlap ceiling", ceiling),
        )
    }


def evaluate(data: dict | None = None) -> dict[str, dict[str, float]]:
    """nDCG@10 and recall@10 of the engine and plain BM25 over all needs, and nDCG@10 on
    each half ("ndcg@10 development", "ndcg@10 test")."""
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
        for part in HALVES:
            values = [ndcg(rankings[q], qrels[q]) for q in rankings if half(q) == part]
            out[name][f"ndcg@10 {part}"] = sum(values) / len(values)
    return out


def worst(data: dict, n: int) -> None:
    """Print the needs where the engine and plain BM25 differ most, both top fives graded."""
    titles = dict(data["offers"])
    qrels = data["qrels"]
    engine, plain = engine_rankings(data), plain_bm25_rankings(data)
    delta = sorted((ndcg(engine[q], qrels[q]) - ndcg(plain[q], qrels[q]), q) for q in engine)
    for heading, rows in (("engine behind", delta[:n]), ("engine ahead", delta[::-1][:n])):
        print(f"\n## {heading}")
        for d, q in rows:
            print(f"\n{q} {titles[q]} ({half(q)}): {d:+.2f}, words {analyze(titles[q])}")
            for a, b in list(zip(engine[q], plain[q], strict=False))[:5]:
                print(
                    f"  engine [{qrels[q].get(a, 0)}] {titles[a][:50]:50}"
                    f"  BM25 [{qrels[q].get(b, 0)}] {titles[b][:50]}"
                )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--worst", type=int, default=0, metavar="N")
    args = parser.parse_args(argv)
    data = load()
    dev = sum(1 for code, _ in data["needs"] if half(code) == "development")
    print(
        f"KBLI 2020: {len(data['offers'])} kelompok, {len(data['needs'])} needs "
        f"({dev} development, {len(data['needs']) - dev} test)"
    )
    print("| sistem | nDCG@10 | recall@10 | nDCG@10 development | nDCG@10 test |")
    print("|---|---:|---:|---:|---:|")
    for name, f in evaluate(data).items():
        print(
            f"| {name} | {f['ndcg@10']:.3f} | {f['recall@10']:.3f} "
            f"| {f['ndcg@10 development']:.3f} | {f['ndcg@10 test']:.3f} |"
        )
    ceiling = per_need(data)["word-overlap ceiling"]
    print(f"| word-overlap ceiling | {sum(ceiling.values()) / len(ceiling):.3f} | | | |")
    if args.worst:
        worst(data, args.worst)


if __name__ == "__main__":
    main()

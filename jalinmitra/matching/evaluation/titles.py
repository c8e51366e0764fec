"""Sets of titles nobody here wrote (KBLI 2020, marketplace listings): the engine against plain
BM25 when only a title is known.

A set is a dict: ``offers`` and ``needs`` as ``(id, title)`` pairs, ``qrels`` as
``{need id: {offer id: grade}}``. Each need is asked by its title against all the offers and
its own id is left out of its ranking. Only the titles reach either system (no KBLI code, no
other signal), so this measures the text handling. A set is split in two halves by family
(``half(need id) -> "development" | "test"``), so that whatever is tuned on it is tuned on the
development half and reported on the held-out test half.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from ..engine import Matcher, Need, Offer, analyze
from ..engine.bm25 import TextIndex
from .evaluate import K, ndcg, recall

HALVES = ("development", "test")
Half = Callable[[str], str]


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


def rankings(data: dict) -> dict[str, dict[str, list[str]]]:
    """Both systems' top tens, worked out once for the table, the halves and `--worst`."""
    return {"engine": engine_rankings(data), "plain BM25": plain_bm25_rankings(data)}


def ceiling_rankings(data: dict) -> dict[str, list[str]]:
    """The "word-overlap ceiling": the offers that share at least one analysed word with the
    need, ordered by their grade: the best any ranking of the word-sharing offers could do (the
    answers are there; the question is their order)."""
    qrels = data["qrels"]
    words = {code: set(analyze(title)) for code, title in data["offers"]}
    ceiling = {}
    for code, _ in data["needs"]:
        sharing = [c for c in words if c != code and words[c] & words[code]]
        ceiling[code] = sorted(sharing, key=lambda c: (-qrels[code].get(c, 0), c))[:K]
    return ceiling


def per_need(data: dict) -> dict[str, dict[str, float]]:
    """nDCG@10 of every need, per system and for the word-overlap ceiling."""
    qrels = data["qrels"]
    ranked = {**rankings(data), "word-overlap ceiling": ceiling_rankings(data)}
    return {name: {q: ndcg(r[q], qrels[q]) for q in r} for name, r in ranked.items()}


def evaluate(data: dict, half: Half, ranked: dict | None = None) -> dict[str, dict[str, float]]:
    """nDCG@10 and recall@10 of the engine and plain BM25 over all needs, and nDCG@10 on
    each half ("ndcg@10 development", "ndcg@10 test"); `ranked`: `rankings(data)` if known."""
    qrels = data["qrels"]
    out = {}
    for name, r in (ranked or rankings(data)).items():
        n = len(r)
        out[name] = {
            "ndcg@10": sum(ndcg(r[q], qrels[q]) for q in r) / n,
            "recall@10": sum(recall(r[q], qrels[q]) for q in r) / n,
        }
        for part in HALVES:
            values = [ndcg(r[q], qrels[q]) for q in r if half(q) == part]
            out[name][f"ndcg@10 {part}"] = sum(values) / len(values)
    return out


def worst(data: dict, n: int, half: Half, ranked: dict) -> None:
    """Print the needs where the engine and plain BM25 differ most, both top fives graded."""
    names = dict(data["offers"])
    qrels = data["qrels"]
    engine, plain = ranked["engine"], ranked["plain BM25"]
    delta = sorted((ndcg(engine[q], qrels[q]) - ndcg(plain[q], qrels[q]), q) for q in engine)
    for heading, rows in (("engine behind", delta[:n]), ("engine ahead", delta[::-1][:n])):
        print(f"\n## {heading}")
        for d, q in rows:
            print(f"\n{q} {names[q]} ({half(q)}): {d:+.2f}, words {analyze(names[q])}")
            for a, b in list(zip(engine[q], plain[q], strict=False))[:5]:
                print(
                    f"  engine [{qrels[q].get(a, 0)}] {names[a][:50]:50}"
                    f"  BM25 [{qrels[q].get(b, 0)}] {names[b][:50]}"
                )


def cli(argv: list[str] | None, data: dict, half: Half, heading: str, doc: str | None) -> None:
    """Each set's command line: the table, and ``--worst N``."""
    parser = argparse.ArgumentParser(description=(doc or "").split("\n\n")[0])
    parser.add_argument("--worst", type=int, default=0, metavar="N")
    worst_n = parser.parse_args(argv).worst
    dev = sum(1 for code, _ in data["needs"] if half(code) == "development")
    print(
        f"{heading}: {len(data['offers'])} offers, {len(data['needs'])} needs "
        f"({dev} development, {len(data['needs']) - dev} test)"
    )
    print("| sistem | nDCG@10 | recall@10 | nDCG@10 development | nDCG@10 test |")
    print("|---|---:|---:|---:|---:|")
    ranked = rankings(data)
    for name, f in evaluate(data, half, ranked).items():
        print(
            f"| {name} | {f['ndcg@10']:.3f} | {f['recall@10']:.3f} "
            f"| {f['ndcg@10 development']:.3f} | {f['ndcg@10 test']:.3f} |"
        )
    qrels = data["qrels"]
    ceiling = [ndcg(r, qrels[q]) for q, r in ceiling_rankings(data).items()]
    print(f"| word-overlap ceiling | {sum(ceiling) / len(ceiling):.3f} | | | |")
    if worst_n:
        worst(data, worst_n, half, ranked)

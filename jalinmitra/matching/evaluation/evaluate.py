"""nDCG@10 and recall@10 of the engine against plain BM25 on the labelled set.

    python -m jalinmitra.matching.evaluation.evaluate

Plain BM25 is the same ``TextIndex`` over lower-cased whitespace-separated words: no
stemming, variants, stop words, vocabulary, KBLI or other signals, and no filters.
"""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path

from ..engine import Matcher
from ..engine.bm25 import TextIndex
from ..engine.io import parse_input

DATASET = Path(__file__).with_name("dataset.json")
K = 10
RELEVANT = 2  # grade counted as relevant for recall


def ndcg(ranking: list[str], labels: dict[str, int], k: int = K) -> float:
    dcg = sum((2 ** labels.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(ranking[:k]))
    ideal = sorted(labels.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg > 0 else 0.0


def recall(ranking: list[str], labels: dict[str, int], k: int = K) -> float:
    relevant = {d for d, g in labels.items() if g >= RELEVANT}
    if not relevant:
        return 0.0
    # Recall@k cannot exceed k/|relevant|; divide by what k results could hold.
    return len(relevant & set(ranking[:k])) / min(len(relevant), k)


def engine_rankings(data: dict) -> dict[str, list[str]]:
    parsed = parse_input(data)
    matcher = Matcher(parsed.offers)
    today = date.fromisoformat(data["today"])
    return {
        need.id: [m.offer_id for m in matcher.match_need(need, K, today=today)]
        for need in parsed.needs
    }


def search_rankings(data: dict) -> dict[str, list[str]]:
    """The need's title typed into the search (``Matcher.search``): no other signal."""
    parsed = parse_input(data)
    matcher = Matcher(parsed.offers)
    return {need.id: [m.offer_id for m in matcher.search(need.title, K)] for need in parsed.needs}


def opportunity_figures(data: dict) -> dict[str, float]:
    """The other direction, "Peluang untuk Anda": for each offer, the needs ranked by
    ``Matcher.match_offer`` (the same scoring), graded by the same labels read the other
    way; over the offers that have a need of grade >= 2."""
    parsed = parse_input(data)
    matcher = Matcher(parsed.offers)
    today = date.fromisoformat(data["today"])
    qrels = data["qrels"]
    by_offer: dict[str, dict[str, int]] = {}
    for need_id, labels in qrels.items():
        for offer_id, grade in labels.items():
            by_offer.setdefault(offer_id, {})[need_id] = grade
    ndcgs, recalls = [], []
    for offer in parsed.offers:
        labels = by_offer.get(offer.id, {})
        if not any(g >= RELEVANT for g in labels.values()):
            continue
        ranking = [m.need_id for m in matcher.match_offer(offer, parsed.needs, K, today=today)]
        ndcgs.append(ndcg(ranking, labels))
        recalls.append(recall(ranking, labels))
    return {"ndcg@10": sum(ndcgs) / len(ndcgs), "recall@10": sum(recalls) / len(recalls)}


def plain_bm25_rankings(data: dict) -> dict[str, list[str]]:
    index = TextIndex()
    ids = []
    for offer in data["offers"]:
        index.add(offer["title"].lower().split(), offer.get("description", "").lower().split())
        ids.append(offer["id"])
    rankings = {}
    for need in data["needs"]:
        words = f"{need['title']} {need.get('description', '')}".lower().split()
        acc = index.accumulate(dict.fromkeys(words, 1.0))
        ranked = sorted(acc.items(), key=lambda item: (-round(item[1], 4), ids[item[0]]))
        rankings[need["id"]] = [ids[slot] for slot, _ in ranked[:K]]
    return rankings


def evaluate(data: dict | None = None) -> dict[str, dict[str, float]]:
    data = data or json.loads(DATASET.read_text(encoding="utf-8"))
    qrels = data["qrels"]
    out = {}
    for name, rankings in (
        ("engine", engine_rankings(data)),
        ("plain BM25", plain_bm25_rankings(data)),
        ("engine, search (the need's title only)", search_rankings(data)),
    ):
        n = len(rankings)
        out[name] = {
            "ndcg@10": sum(ndcg(rankings[q], qrels[q]) for q in rankings) / n,
            "recall@10": sum(recall(rankings[q], qrels[q]) for q in rankings) / n,
        }
    out["engine, Peluang (offer → needs)"] = opportunity_figures(data)
    return out


def main() -> None:
    results = evaluate()
    print("| sistem | nDCG@10 | recall@10 |")
    print("|---|---:|---:|")
    for name, figures in results.items():
        print(f"| {name} | {figures['ndcg@10']:.3f} | {figures['recall@10']:.3f} |")


if __name__ == "__main__":
    main()

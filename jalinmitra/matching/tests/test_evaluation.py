import json

from jalinmitra.matching.evaluation import generate
from jalinmitra.matching.evaluation.evaluate import DATASET, evaluate, ndcg, recall

# Measured when the engine was written (docs/matching.md); the floor allows 0.05 slack.
MEASURED_NDCG = 0.931
MEASURED_RECALL = 0.920


def test_dataset_is_what_the_generator_writes():
    on_disk = json.loads(DATASET.read_text(encoding="utf-8"))
    assert on_disk == json.loads(json.dumps(generate.build(), ensure_ascii=False))
    assert len(on_disk["needs"]) >= 30 and len(on_disk["offers"]) >= 300
    grades = {g for labels in on_disk["qrels"].values() for g in labels.values()}
    assert grades == {1, 2, 3}


def test_metrics():
    labels = {"a": 3, "b": 2, "c": 0}
    assert ndcg(["a", "b"], labels) == 1.0
    assert ndcg(["b", "a"], labels) < 1.0
    assert ndcg(["x"], labels) == 0.0
    assert recall(["a", "x"], labels) == 0.5


def test_engine_floor_and_margin_over_plain_bm25():
    results = evaluate()
    engine, plain = results["engine"], results["plain BM25"]
    assert engine["ndcg@10"] >= MEASURED_NDCG - 0.05
    assert engine["recall@10"] >= MEASURED_RECALL - 0.05
    assert engine["ndcg@10"] >= plain["ndcg@10"] + 0.05
    assert engine["recall@10"] >= plain["recall@10"] + 0.05

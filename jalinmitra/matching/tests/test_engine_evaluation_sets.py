"""Both labelled sets (docs/matching.md, "Quality"): the team's own and BPS's KBLI 2020 titles,
which nobody here wrote."""

from jalinmitra.matching.evaluation import evaluate as own
from jalinmitra.matching.evaluation import kbli

# Measured after issue 15 (docs/matching.md); floors with a little slack.
OWN_NDCG = 0.945
KBLI_NDCG = 0.512


def test_kbli_set_is_built_from_the_codes_only():
    data = kbli.load()
    assert len(data["offers"]) == 1789
    assert len(data["needs"]) >= 1000
    for code, _ in data["needs"]:
        labels = data["qrels"][code]
        assert code not in labels
        assert sum(1 for g in labels.values() if g == 2) >= 2
        for other, grade in labels.items():
            assert grade == (2 if other[:4] == code[:4] else 1)
            assert other[:3] == code[:3]


def test_own_set_stays_at_or_above_093():
    assert own.evaluate()["engine"]["ndcg@10"] >= max(0.93, OWN_NDCG - 0.01)


def test_kbli_set_floor_and_not_behind_plain_bm25():
    results = kbli.evaluate()
    engine, plain = results["engine"]["ndcg@10"], results["plain BM25"]["ndcg@10"]
    assert engine >= KBLI_NDCG - 0.01
    assert engine >= plain - 0.005

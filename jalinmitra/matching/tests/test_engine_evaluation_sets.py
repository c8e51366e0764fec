"""Both labelled sets (docs/matching.md, "Quality"): the team's own and BPS's KBLI 2020 titles,
which nobody here wrote."""

from jalinmitra.matching.evaluation import evaluate as own
from jalinmitra.matching.evaluation import kbli

# Measured after issue 15 (docs/matching.md); floors with a little slack.
OWN_NDCG = 0.945
KBLI_NDCG = 0.517


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
    for part in kbli.HALVES:
        key = f"ndcg@10 {part}"
        assert results["engine"][key] >= results["plain BM25"][key] - 0.01


def test_kbli_halves_keep_each_family_on_one_side():
    data = kbli.load()
    sides: dict[str, set[str]] = {}
    for code, _ in data["needs"]:
        sides.setdefault(code[:3], set()).add(kbli.half(code))
    assert all(len(s) == 1 for s in sides.values())
    counts = {
        part: sum(1 for code, _ in data["needs"] if kbli.half(code) == part) for part in kbli.HALVES
    }
    assert min(counts.values()) >= 500
    # A need's grade-2 answers are in its own golongan, so on its own side.
    for code, _ in data["needs"]:
        assert all(kbli.half(o) == kbli.half(code) for o in data["qrels"][code])


def test_kbli_word_overlap_ceiling_is_above_both_systems():
    """The answers share words with the need (the ceiling orders the word-sharing offers by
    grade): what fails on this set is the order, not the finding (docs/matching.md)."""
    data = kbli.load()
    figures = {name: sum(v.values()) / len(v) for name, v in kbli.per_need(data).items()}
    assert figures["word-overlap ceiling"] >= 0.9
    assert figures["word-overlap ceiling"] >= figures["engine"] + 0.3
    assert figures["word-overlap ceiling"] >= figures["plain BM25"] + 0.3

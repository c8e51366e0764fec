"""The labelled sets (docs/matching.md, "Quality"): the team's own, and two nobody here wrote:
BPS's KBLI 2020 titles and PRDECT-ID's Tokopedia listing titles."""

import csv

import pytest

from jalinmitra.matching.evaluation import evaluate as own
from jalinmitra.matching.evaluation import kbli, marketplace, titles

# Measured after issue 15 (docs/matching.md); floors with a little slack.
OWN_NDCG = 0.945
KBLI_NDCG = 0.517
MARKETPLACE_NDCG = 0.511


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


@pytest.mark.parametrize(
    ("labelled_set", "floor"), [(kbli, KBLI_NDCG), (marketplace, MARKETPLACE_NDCG)]
)
def test_independent_set_floor_and_not_behind_plain_bm25(labelled_set, floor):
    results = labelled_set.evaluate()
    engine, plain = results["engine"]["ndcg@10"], results["plain BM25"]["ndcg@10"]
    assert engine >= floor - 0.01
    assert engine >= plain - 0.005
    for part in titles.HALVES:
        key = f"ndcg@10 {part}"
        assert results["engine"][key] >= results["plain BM25"][key] - 0.01


def test_kbli_halves_keep_each_family_on_one_side():
    data = kbli.load()
    sides: dict[str, set[str]] = {}
    for code, _ in data["needs"]:
        sides.setdefault(code[:3], set()).add(kbli.half(code))
    assert all(len(s) == 1 for s in sides.values())
    counts = {
        part: sum(1 for code, _ in data["needs"] if kbli.half(code) == part)
        for part in titles.HALVES
    }
    assert min(counts.values()) >= 500
    # A need's grade-2 answers are in its own golongan, so on its own side.
    for code, _ in data["needs"]:
        assert all(kbli.half(o) == kbli.half(code) for o in data["qrels"][code])


def test_kbli_word_overlap_ceiling_is_above_both_systems():
    """The answers share words with the need (the ceiling orders the word-sharing offers by
    grade): what fails on this set is the order, not the finding (docs/matching.md)."""
    data = kbli.load()
    figures = {name: sum(v.values()) / len(v) for name, v in titles.per_need(data).items()}
    assert figures["word-overlap ceiling"] >= 0.9
    assert figures["word-overlap ceiling"] >= figures["engine"] + 0.3
    assert figures["word-overlap ceiling"] >= figures["plain BM25"] + 0.3


def test_marketplace_set_is_the_source_file_graded_by_category_only():
    with marketplace.DATA.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 1308
    assert len({r["title"] for r in rows}) == 1308
    category = {f"t{n:04d}": set(r["category"].split("|")) for n, r in enumerate(rows, 1)}
    assert len(set().union(*category.values())) == 29
    single = {tid for tid, c in category.items() if len(c) == 1}
    assert len(single) == 1306
    data = marketplace.load()
    assert {tid for tid, _ in data["offers"]} == {tid for tid, _ in data["needs"]} == single
    for tid, _ in data["needs"]:
        labels = data["qrels"][tid]
        assert tid not in labels
        assert len(labels) >= 2
        expected = {o for o in single if o != tid and category[o] == category[tid]}
        assert set(labels) == expected
        assert set(labels.values()) == {2}


def test_marketplace_halves_keep_each_category_on_one_side():
    data = marketplace.load()
    counts = {part: 0 for part in titles.HALVES}
    for tid, _ in data["needs"]:
        counts[marketplace.half(tid)] += 1
        assert all(marketplace.half(o) == marketplace.half(tid) for o in data["qrels"][tid])
    assert min(counts.values()) >= 500

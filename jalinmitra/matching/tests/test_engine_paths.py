"""The vectorised matcher and the scalar (reference) one give the same results on generated
data: same offers, same order, same scores and reasons, plain and local-only."""

import importlib.util
from datetime import date
from pathlib import Path

import pytest

from jalinmitra.matching.engine import Matcher
from jalinmitra.matching.engine.io import parse_input

BENCH = Path(__file__).resolve().parents[3] / "bench" / "bench_matching.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_matching", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("seed", [7, 11])
def test_vectorised_and_scalar_paths_agree(seed):
    parsed = parse_input(_bench().make_data(3000, 60, seed=seed))
    matcher = Matcher(parsed.offers)
    today = date(2025, 6, 1)
    compared = 0
    for need in parsed.needs:
        for local in (None, True):
            found = []
            for vectorized in (True, False):
                matcher.vectorized = vectorized
                found.append(matcher.match_need(need, 10, local_only=local, today=today))
            assert found[0] == found[1], (need, local)
            compared += bool(found[0])
    assert compared > 30  # the generated needs do find offers

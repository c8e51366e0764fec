"""The command-line contract of docs/design.md: happy path, and bad input refused."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from jalinmitra.events.scheduling import (
    ProblemError,
    problem_from_dict,
    solve,
    validate_schedule,
)
from jalinmitra.events.scheduling.__main__ import main

REPO = Path(__file__).resolve().parents[3]

DESIGN_EXAMPLE = {
    "slots": ["09:00", "09:20"],
    "sellers": [{"id": "m1", "available": ["09:00"], "max_meetings": 3}],
    "buyers": [{"id": "b1", "tables": 2, "available": ["09:00", "09:20"], "max_meetings": 20}],
    "scores": [{"seller": "m1", "buyer": "b1", "score": 0.8}],
    "coverage_bonus": 0.5,
}

BASE = {
    "slots": ["09:00", "09:20", "09:40"],
    "sellers": [{"id": "m1"}, {"id": "m2", "available": ["09:20"]}, {"id": "m3"}],
    "buyers": [{"id": "b1", "tables": 2}, {"id": "b2"}],
    "scores": [
        {"seller": "m1", "buyer": "b1", "score": 0.9},
        {"seller": "m2", "buyer": "b1", "score": 0.4, "required": True},
        {"seller": "m3", "buyer": "b2", "score": 0.7},
        {"seller": "m1", "buyer": "b2", "score": 0.2},
    ],
    "coverage_bonus": 0.5,
    "locked": [{"seller": "m3", "buyer": "b2", "slot": "09:40", "table": 1}],
}


def run_cli(tmp_path: Path, data, capsys, raw: str | None = None):
    src = tmp_path / "in.json"
    dst = tmp_path / "out.json"
    src.write_text(raw if raw is not None else json.dumps(data), encoding="utf-8")
    code = main([str(src), str(dst), "--time-limit", "5"])
    err = capsys.readouterr().err
    return code, dst, err


def test_design_example_end_to_end(tmp_path):
    src, dst = tmp_path / "in.json", tmp_path / "out.json"
    src.write_text(json.dumps(DESIGN_EXAMPLE))
    done = subprocess.run(
        [sys.executable, "-m", "jalinmitra.events.scheduling", str(src), str(dst)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(dst.read_text()) == {
        "meetings": [{"seller": "m1", "buyer": "b1", "slot": "09:00", "table": 1}],
        "objective": 1.3,
        "upper_bound": 1.3,
        "status": "optimal",
    }


def test_extension_fields(tmp_path, capsys):
    code, dst, err = run_cli(tmp_path, BASE, capsys)
    assert code == 0, err
    out = json.loads(dst.read_text())
    meetings = out["meetings"]
    assert {"seller": "m3", "buyer": "b2", "slot": "09:40", "table": 1} in meetings
    assert {"seller": "m2", "buyer": "b1", "slot": "09:20"} in [
        {k: m[k] for k in ("seller", "buyer", "slot")} for m in meetings
    ]
    assert out["status"] == "optimal"
    assert out["objective"] == pytest.approx(0.9 + 0.4 + 0.7 + 0.2 + 1.5)
    problem = problem_from_dict(BASE)
    assert validate_schedule(problem, solve(problem).meetings) == []


def _bad(mutate):
    data = copy.deepcopy(BASE)
    mutate(data)
    return data


BAD_CASES = {
    "unknown seller in scores": (
        _bad(lambda d: d["scores"].append({"seller": "m9", "buyer": "b1", "score": 0.5})),
        'skor #5: penjual "m9" tidak ada di daftar sellers',
    ),
    "unknown buyer in scores": (
        _bad(lambda d: d["scores"].append({"seller": "m1", "buyer": "b7", "score": 0.5})),
        'skor #5: pembeli "b7" tidak ada di daftar buyers',
    ),
    "score above 1": (
        _bad(lambda d: d["scores"][1].update(score=1.5)),
        "skor #2: skor 1.5",
    ),
    "score negative": (
        _bad(lambda d: d["scores"][0].update(score=-0.1)),
        "skor #1: skor -0.1",
    ),
    "score not a number": (
        _bad(lambda d: d["scores"][0].update(score="tinggi")),
        'skor #1: skor "tinggi"',
    ),
    "duplicate pair": (
        _bad(lambda d: d["scores"].append({"seller": "m1", "buyer": "b1", "score": 0.1})),
        'skor #5: pasangan "m1"–"b1" ganda (sudah ada di skor #1)',
    ),
    "duplicate seller id": (
        _bad(lambda d: d["sellers"].append({"id": "m2"})),
        'penjual #4 "m2": id ganda',
    ),
    "duplicate buyer id": (
        _bad(lambda d: d["buyers"].append({"id": "b1"})),
        'pembeli #3 "b1": id ganda',
    ),
    "slot not in list": (
        _bad(lambda d: d["sellers"][1].update(available=["10:00"])),
        'penjual #2 "m2": slot "10:00" pada available tidak ada di daftar slots',
    ),
    "bad slot label": (
        _bad(lambda d: d["slots"].append("jam 10")),
        'slot #4: "jam 10" bukan label waktu HH:MM',
    ),
    "duplicate slot": (
        _bad(lambda d: d["slots"].append("09:00")),
        'slot #4: "09:00" ganda',
    ),
    "zero tables": (
        _bad(lambda d: d["buyers"][1].update(tables=0)),
        'pembeli #2 "b2": tables 0 harus bilangan bulat ≥ 1',
    ),
    "negative max_meetings": (
        _bad(lambda d: d["sellers"][0].update(max_meetings=-1)),
        'penjual #1 "m1": max_meetings -1',
    ),
    "negative bonus": (
        _bad(lambda d: d.update(coverage_bonus=-1)),
        "coverage_bonus: -1",
    ),
    "no slots": (
        _bad(lambda d: d.update(slots=[])),
        "slots:",
    ),
    "locked unknown seller": (
        _bad(
            lambda d: d["locked"].append(
                {"seller": "m9", "buyer": "b1", "slot": "09:00", "table": 1}
            )
        ),
        'locked #2: penjual "m9" tidak ada di daftar sellers',
    ),
    "locked slot not in list": (
        _bad(lambda d: d["locked"][0].update(slot="12:00")),
        'locked #1: slot "12:00" tidak ada di daftar slots',
    ),
    "locked table out of range": (
        _bad(lambda d: d["locked"][0].update(table=2)),
        'locked #1: meja 2 di luar 1–1 milik pembeli "b2"',
    ),
    "locked pair not scored": (
        _bad(lambda d: d["locked"][0].update(buyer="b1")),
        'locked #1: pasangan "m3"–"b1" tidak ada di daftar scores',
    ),
    "locked seller unavailable": (
        _bad(
            lambda d: d["locked"].append(
                {"seller": "m2", "buyer": "b1", "slot": "09:00", "table": 1}
            )
        ),
        'locked #2: penjual "m2" tidak tersedia pada slot 09:00',
    ),
    "locked clash": (
        _bad(
            lambda d: d["locked"].append(
                {"seller": "m1", "buyer": "b2", "slot": "09:40", "table": 1}
            )
        ),
        'locked #2: meja 1 pembeli "b2" sudah terisi pada slot 09:40 (locked #1)',
    ),
    "not an object": ([1, 2], "masukan harus berupa objek JSON"),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_input_is_refused(tmp_path, capsys, case):
    data, message = BAD_CASES[case]
    code, dst, err = run_cli(tmp_path, data, capsys)
    assert code == 2
    assert message in err
    assert not dst.exists()
    with pytest.raises(ProblemError):
        problem_from_dict(data)


def test_malformed_json(tmp_path, capsys):
    code, dst, err = run_cli(tmp_path, None, capsys, raw='{"slots": ["09:00",]')
    assert code == 2
    assert "bukan JSON yang sah (baris 1" in err
    assert not dst.exists()


def test_missing_input_file(tmp_path, capsys):
    dst = tmp_path / "out.json"
    assert main([str(tmp_path / "tidak-ada.json"), str(dst)]) == 2
    assert "tidak dapat dibaca" in capsys.readouterr().err
    assert not dst.exists()


def test_every_bad_record_is_listed(tmp_path, capsys):
    data = _bad(
        lambda d: d["scores"].extend(
            [
                {"seller": "m9", "buyer": "b1", "score": 0.5},
                {"seller": "m1", "buyer": "b8", "score": 0.5},
                {"seller": "m2", "buyer": "b2", "score": 2},
            ]
        )
    )
    code, dst, err = run_cli(tmp_path, data, capsys)
    assert code == 2
    assert "skor #5" in err and "skor #6" in err and "skor #7" in err
    assert not dst.exists()


def test_existing_output_untouched_on_bad_input(tmp_path, capsys):
    (tmp_path / "out.json").write_text("lama")
    code, dst, _ = run_cli(tmp_path, _bad(lambda d: d["buyers"][0].update(tables=0)), capsys)
    assert code == 2
    assert dst.read_text() == "lama"

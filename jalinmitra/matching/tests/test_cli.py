import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from jalinmitra.matching.__main__ import main

ROOT = Path(__file__).resolve().parents[3]

DOC = {
    "offers": [
        {"id": "o1", "title": "Keripik pisang cokelat", "description": "Kripik khas Lampung",
         "kbli": ["10794"], "certifications": ["halal", "pirt"],
         "capacity": {"quantity": 500, "unit": "kg", "per": "month"}, "region": "18.72.01"},
        {"id": "o2", "title": "Kemplang ikan", "region": "18.72.01.1001",
         "certifications": [{"type": "halal", "number": "ID1", "expires": "2027-12-31"}]},
        {"id": "o3", "title": "Kemplang panggang", "region": "18.04.01",
         "certifications": [{"type": "halal", "number": "ID2", "expires": "2024-01-31"}]},
        {"id": "o4", "title": "Konveksi seragam"},
    ],
    "needs": [
        {"id": "n1", "title": "Pasokan camilan oleh-oleh khas Lampung", "requires": ["halal"],
         "quantity": {"quantity": 200, "unit": "kg", "per": "month"}, "region": "18.72"},
        {"id": "n2", "title": "Seragam kantor"},
    ],
    "today": "2025-06-01",
    "region_names": {"18.72": "Kota Metro"},
}  # fmt: skip


def run(tmp_path, doc, *extra):
    source, out = tmp_path / "in.json", tmp_path / "out.json"
    source.write_text(json.dumps(doc) if not isinstance(doc, str) else doc, encoding="utf-8")
    code = main([str(source), str(out), "--workers", "1", *extra])
    return code, out


def test_contract_output_shape(tmp_path):
    code, out = run(tmp_path, DOC)
    assert code == 0
    results = json.loads(out.read_text(encoding="utf-8"))["results"]
    assert [r["need"] for r in results] == ["n1", "n2"]
    first = results[0]["matches"]
    assert [m["offer"] for m in first] == ["o1", "o2"]  # o3's halal expired, o4 unrelated
    assert all(set(m) == {"offer", "score", "reasons"} and 0 <= m["score"] <= 1 for m in first)
    assert "Sama-sama di Kota Metro" in first[0]["reasons"]
    assert [m["offer"] for m in results[1]["matches"]] == ["o4"]


def test_top_k(tmp_path):
    code, out = run(tmp_path, DOC, "--top", "1")
    assert code == 0
    assert len(json.loads(out.read_text())["results"][0]["matches"]) == 1


def test_local_only_flag_top_level(tmp_path):
    doc = dict(DOC, local_only=True, needs=[dict(DOC["needs"][0], requires=[], region="18.72.01")])
    code, out = run(tmp_path, doc)
    assert [m["offer"] for m in json.loads(out.read_text())["results"][0]["matches"]] == [
        "o1",
        "o2",
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["offers"][2]["certifications"][0].update(expires="31/12/2027"),
         'penawaran #3 (id "o3"): tanggal berlaku "31/12/2027" tidak sah'),
        (lambda d: d["offers"][1].update(capacity={"quantity": 2, "unit": "karung"}),
         'penawaran #2 (id "o2"): satuan "karung" tidak dikenal'),
        (lambda d: d["offers"][3].update(id="o1"), 'penawaran #4 (id "o1"): id "o1" sudah dipakai'),
        (lambda d: d["needs"][1].pop("title"), 'kebutuhan #2 (id "n2"): judul (title) tidak ada'),
        (lambda d: d["needs"][0].pop("id"), "kebutuhan #1: id tidak ada"),
        (lambda d: d["needs"][0].update(region="Metro"), 'kode wilayah "Metro" tidak sah'),
        (lambda d: d["offers"][0].update(kbli=["1O794"]), 'kode KBLI "1O794" tidak sah'),
        (lambda d: d["needs"][0]["quantity"].update(per="windu"), 'periode "windu" tidak dikenal'),
    ],
)  # fmt: skip
def test_bad_input_exit_2_message_and_no_output(tmp_path, capsys, change, message):
    doc = json.loads(json.dumps(DOC))
    change(doc)
    code, out = run(tmp_path, doc)
    assert code == 2
    assert message in capsys.readouterr().err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [tmp_path / "in.json"]  # no temp file left either


def test_malformed_json(tmp_path, capsys):
    code, out = run(tmp_path, '{"offers": [')
    assert code == 2 and not out.exists()
    assert "JSON tidak sah" in capsys.readouterr().err


def test_every_bad_record_is_listed(tmp_path, capsys):
    doc = {
        "offers": [{"id": "a"}, {"title": "x"}],
        "needs": [{"id": "n", "title": "t", "requires": {"halal": 1}}],
    }
    code, _ = run(tmp_path, doc)
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 4 and "3 masalah" in err


def test_existing_output_is_not_clobbered_on_bad_input(tmp_path):
    (tmp_path / "out.json").write_text("lama", encoding="utf-8")
    code, out = run(tmp_path, {"offers": [{"id": "x"}], "needs": []})
    assert code == 2 and out.read_text(encoding="utf-8") == "lama"


def _write_csv(path, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerows(rows)


def test_csv_and_xlsx_inputs(tmp_path):
    offers_csv = tmp_path / "penawaran.csv"
    _write_csv(offers_csv, [
        ["id", "judul", "deskripsi", "kbli", "sertifikat", "kapasitas", "wilayah", "harga_min", "harga_max", "satuan_harga"],
        ["o1", "Kripik pisang", "khas Lampung", "10794", "halal:ID9:2027-12-31; pirt", "500 kg/bulan", "18.72.01", "40000", "50000", "kg"],
        ["o2", "Sablon kaos", "", "14111", "", "10 lusin/minggu", "18.72.02", "", "", ""],
    ])  # fmt: skip
    wb = Workbook()
    sheet = wb.active
    sheet.append(["ID", "Judul", "Syarat", "Jumlah", "Wilayah", "Harga target", "Satuan harga"])
    sheet.append(["n1", "Camilan oleh-oleh", "halal", "200 kg/bulan", "18.72", 45000, "kg"])
    needs_xlsx = tmp_path / "kebutuhan.xlsx"
    wb.save(needs_xlsx)
    out = tmp_path / "out.json"
    assert (
        main(
            [
                "--offers",
                str(offers_csv),
                "--needs",
                str(needs_xlsx),
                str(out),
                "--today",
                "2025-06-01",
            ]
        )
        == 0
    )
    [result] = json.loads(out.read_text())["results"]
    assert [m["offer"] for m in result["matches"]] == ["o1"]
    assert "Harga Rp40.000–Rp50.000/kg sesuai target Rp45.000/kg" in result["matches"][0]["reasons"]

    book = Workbook()
    book.active.title = "penawaran"
    book.active.append(["id", "title", "capacity"])
    book.active.append(["o1", "Kripik pisang", "3 karung"])
    book.create_sheet("kebutuhan").append(["id", "title"])
    both = tmp_path / "semua.xlsx"
    book.save(both)
    assert main([str(both), str(tmp_path / "x.json")]) == 2
    assert not (tmp_path / "x.json").exists()


def test_real_subprocess_with_parallel_workers(tmp_path):
    offers = [
        {"id": f"o{i}", "title": f"Keripik pisang rasa {i % 7}", "region": "18.72.01"}
        for i in range(300)
    ]
    needs = [{"id": f"n{j}", "title": "keripik pisang", "region": "18.72"} for j in range(120)]
    source, out_a, out_b = tmp_path / "in.json", tmp_path / "a.json", tmp_path / "b.json"
    source.write_text(json.dumps({"offers": offers, "needs": needs}), encoding="utf-8")
    for out, workers in ((out_a, "2"), (out_b, "1")):
        done = subprocess.run(
            [sys.executable, "-m", "jalinmitra.matching", str(source), str(out), "--workers", workers],
            cwd=ROOT, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
    a, b = json.loads(out_a.read_text()), json.loads(out_b.read_text())
    assert a == b and len(a["results"]) == 120 and len(a["results"][0]["matches"]) == 10

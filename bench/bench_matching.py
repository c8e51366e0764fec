"""Benchmark of the matching engine on synthetic, deterministic data (not a test).

    .venv/bin/python bench/bench_matching.py [--offers 100000 --needs 1000]

Prints a Markdown table: index build, per-need p50/p95 for the top 10, the whole CLI run
on a generated JSON file (a real subprocess), and peak memory.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jalinmitra.matching.engine import Matcher  # noqa: E402
from jalinmitra.matching.engine.io import parse_input  # noqa: E402

PRODUCTS = [
    ("keripik pisang", "10794"), ("kripik singkong", "10794"), ("kemplang ikan", "10794"),
    ("kerupuk udang", "10794"), ("basreng pedas", "10794"), ("kopi robusta bubuk", "10761"),
    ("biji kopi arabika", "10761"), ("sambal lingkung", "10772"), ("sambel bawang", "10772"),
    ("kue kering nastar", "10710"), ("bolu pandan", "10710"), ("gula aren cetak", "10722"),
    ("gula semut", "10722"), ("kain tapis", "13912"), ("kerajinan anyaman bambu", "16291"),
    ("kerajinan rotan", "16291"), ("seragam sekolah", "14111"), ("kemeja batik", "14111"),
    ("kaos sablon", "14111"), ("laundry kiloan", "96200"), ("cetak spanduk", "18111"),
    ("undangan pernikahan", "18111"), ("nasi kotak", "56210"), ("catering prasmanan", "56210"),
    ("jasa pengemasan", "82920"), ("kemasan standing pouch", "82920"), ("pempek ikan", "10750"),
    ("bakso sapi", "10750"), ("jamu kunyit asam", "11040"), ("perhiasan emas", "32111"),
    ("dodol durian", "10733"), ("lempok durian", "10733"), ("madu hutan", "10799"),
    ("tempe kedelai", "10391"), ("tahu putih", "10392"), ("kecap manis", "10771"),
    ("minyak kelapa", "10411"), ("abon ikan", "10213"), ("telur asin", "10299"),
    ("rengginang ketan", "10794"),
]  # fmt: skip
ADJECTIVES = (
    "pedas manis original balado cokelat keju premium asli gurih renyah organik murah segar".split()
)
PLACES = "Metro Lampung Pringsewu Pesawaran Lampung-Timur Tulang-Bawang Bandar-Lampung".split()
EXTRA = (
    "produksi rumahan tanpa pengawet kemasan higienis siap kirim pesanan partai besar "
    "kualitas ekspor harga grosir bahan pilihan tradisional modern keluarga ibu-ibu PKK "
    "dapur bersih sertifikat lengkap sudah terdaftar stok banyak tahan lama resep warisan"
).split()
UNITS = ["kg", "pcs", "bungkus", "liter", "kotak", "lusin"]
NEED_WORDS = [
    "pasokan",
    "butuh",
    "dicari",
    "untuk",
    "toko",
    "supermarket",
    "hotel",
    "kantor",
    "acara",
]


def make_data(n_offers: int, n_needs: int, seed: int = 7) -> dict:
    rng = random.Random(seed)
    offers = []
    for i in range(n_offers):
        product, kbli = rng.choice(PRODUCTS)
        title = f"{product} {rng.choice(ADJECTIVES)}"
        if rng.random() < 0.3:
            title += f" {rng.choice(PLACES)}"
        offers.append(
            {
                "id": f"o{i}",
                "title": title,
                "description": " ".join(rng.sample(EXTRA, 8)) + f" {rng.randrange(1, 20) * 50}gr",
                "kbli": [kbli],
                "certifications": rng.choice(
                    [[], ["halal"], ["halal", "pirt"], [{"type": "halal", "expires": "2026-01-31"}]]
                ),
                "capacity": {
                    "quantity": rng.randrange(10, 1000),
                    "unit": rng.choice(UNITS),
                    "per": "month",
                },
                "region": f"18.{rng.choice(['71', '72', '05', '06'])}.0{rng.randrange(1, 6)}.100{rng.randrange(1, 6)}",
                "price": {
                    "min": rng.randrange(5, 50) * 1000,
                    "max": rng.randrange(50, 90) * 1000,
                    "unit": "kg",
                },
            }
        )
    needs = []
    for j in range(n_needs):
        product, kbli = rng.choice(PRODUCTS)
        words = [rng.choice(NEED_WORDS), product]
        if rng.random() < 0.5:
            words.append(rng.choice(ADJECTIVES))
        if rng.random() < 0.3:
            words.append(rng.choice(["camilan", "oleh-oleh khas Lampung", "seragam", "katering"]))
        need = {
            "id": f"n{j}",
            "title": " ".join(words),
            "description": " ".join(rng.sample(EXTRA, 4)),
            "kbli": [kbli] if rng.random() < 0.5 else [],
            "requires": ["halal"] if rng.random() < 0.4 else [],
            "quantity": {"quantity": rng.randrange(10, 500), "unit": "kg", "per": "month"},
            "region": rng.choice(["18.72", "18.72.01", "18", "18.71"]),
        }
        if rng.random() < 0.3:
            need["target_price"] = {"amount": rng.randrange(10, 60) * 1000, "unit": "kg"}
        needs.append(need)
    return {"offers": offers, "needs": needs, "today": "2025-06-01"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--needs", type=int, default=1000)
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument(
        "--verify",
        type=int,
        default=0,
        metavar="N",
        help="also check that the first N needs get the same results from the vectorised "
        "and the scalar (reference) path, plain and local-only",
    )
    args = parser.parse_args()
    load_before = _loadavg()

    data = make_data(args.offers, args.needs)
    parsed = parse_input(data)
    start = time.perf_counter()
    matcher = Matcher(parsed.offers)
    matcher.warm()  # the search arrays, otherwise built by the first queries
    build = time.perf_counter() - start
    today = date(2025, 6, 1)
    if args.verify:
        differ = 0
        for need in parsed.needs[: args.verify]:
            for local in (None, True):
                found = []
                for vectorized in (True, False):
                    matcher.vectorized = vectorized
                    found.append(matcher.match_need(need, args.top, local_only=local, today=today))
                differ += found[0] != found[1]
        matcher.vectorized = True
        print(f"verify: {differ} of {2 * min(args.verify, len(parsed.needs))} results differ")
    timings, cpu = [], []
    for need in parsed.needs:
        t0, c0 = time.perf_counter(), time.thread_time()
        matcher.match_need(need, args.top, today=today)
        timings.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.thread_time() - c0) * 1000)
    timings.sort()
    cpu.sort()
    p50 = statistics.median(timings)
    p95 = timings[min(len(timings) - 1, int(0.95 * len(timings)))]
    cpu_p95 = cpu[min(len(cpu) - 1, int(0.95 * len(cpu)))]
    engine_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "in.json", Path(tmp) / "out.json"
        source.write_text(json.dumps(data), encoding="utf-8")
        command = [
            sys.executable,
            "-m",
            "jalinmitra.matching",
            str(source),
            str(target),
            "--top",
            str(args.top),
        ]
        # The peak RSS of a child forked from this (large) process counts this process's
        # pages until it execs; GNU time reports the CLI's own peak instead.
        timer = shutil.which("time", path="/usr/bin:/bin")
        rss_file = Path(tmp) / "rss"
        if timer:
            command = [timer, "-q", "-f", "%M", "-o", str(rss_file), *command]
        t0 = time.perf_counter()
        subprocess.run(command, check=True, cwd=ROOT)
        cli = time.perf_counter() - t0
        results = json.loads(target.read_text(encoding="utf-8"))["results"]
        cli_rss = int(rss_file.read_text().split()[-1]) / 1024 if timer else None
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cli_cpu = children.ru_utime + children.ru_stime
    if cli_rss is None:
        cli_rss = children.ru_maxrss / 1024

    print(f"| measure ({args.offers:,} offers × {args.needs:,} needs, top {args.top}) | value |")
    print("|---|---:|")
    print(f"| index build (in-process, input already parsed, arrays warmed) | {build:.2f} s |")
    print(f"| per need p50 | {p50:.2f} ms |")
    print(f"| per need p95 | {p95:.2f} ms |")
    print(f"| per need max | {timings[-1]:.2f} ms |")
    print(
        f"| per need CPU time p50 / p95 (this thread only) | {statistics.median(cpu):.2f} / {cpu_p95:.2f} ms |"
    )
    print(f"| whole CLI run (subprocess, JSON in → JSON out) | {cli:.2f} s |")
    print(f"| CLI CPU time, all its processes (user + sys) | {cli_cpu:.2f} s |")
    print(f"| needs answered by the CLI | {len(results):,} |")
    print(f"| peak RSS, this process (data + index) | {engine_rss:.0f} MB |")
    print(f"| peak RSS, largest CLI process | {cli_rss:.0f} MB |")
    print(f"| load average (1 min) at start / at end | {load_before} / {_loadavg()} |")


def _loadavg() -> str:
    """The machine's 1-minute load average (figures depend on it on a shared machine)."""
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


if __name__ == "__main__":
    main()

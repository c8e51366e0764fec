"""Command line: ``python -m jalinmitra.matching IN.json OUT.json [--top K]``.

Also ``python -m jalinmitra.matching IN.xlsx OUT.json`` (sheets "penawaran" and
"kebutuhan") and ``python -m jalinmitra.matching --offers A.csv --needs B.xlsx OUT.json``.
Bad input: every problem on stderr, exit status 2, no output file.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

from .engine import Matcher
from .engine.io import InputError, MatchInput, load_input

_STATE: dict = {}


def _match_chunk(bounds: tuple[int, int]) -> list[dict]:
    matcher: Matcher = _STATE["matcher"]
    data: MatchInput = _STATE["data"]
    out = []
    for need in data.needs[bounds[0] : bounds[1]]:
        matches = matcher.match_need(
            need,
            _STATE["top"],
            local_only=True if data.local_only else None,
            today=_STATE["today"],
            region_names=data.region_names,
        )
        out.append(
            {
                "need": need.id,
                "matches": [
                    {"offer": m.offer_id, "score": m.score, "reasons": m.reasons} for m in matches
                ],
            }
        )
    return out


def run(data: MatchInput, top: int, today: date, workers: int) -> dict:
    matcher = Matcher(data.offers)
    _STATE.update(matcher=matcher, data=data, top=top, today=today)
    count = len(data.needs)
    workers = max(1, min(workers, count // 50 or 1))
    if workers > 1:
        # The search arrays are built lazily; build them once here so that the forked
        # workers share them instead of each building its own.
        matcher.warm()
    if workers == 1 or "fork" not in multiprocessing.get_all_start_methods():
        results = _match_chunk((0, count))
    else:
        # Forked workers share the built index copy-on-write; chunks keep input order.
        size = -(-count // (workers * 4))
        chunks = [(i, min(i + size, count)) for i in range(0, count, size)]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = [r for part in pool.map(_match_chunk, chunks) for r in part]
    return {"results": results}


def write_atomically(path: Path, document: dict) -> None:
    directory = path.resolve().parent
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(document, handle, ensure_ascii=False, indent=1)
            handle.write("\n")
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m jalinmitra.matching",
        description="Mencocokkan kebutuhan usaha menengah/besar dengan penawaran usaha mikro.",
    )
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="IN.json|IN.xlsx OUT.json, atau OUT.json saja dengan --offers/--needs",
    )
    parser.add_argument("--offers", type=Path, help="penawaran dari CSV/XLSX")
    parser.add_argument("--needs", type=Path, help="kebutuhan dari CSV/XLSX")
    parser.add_argument("--top", type=int, default=10, help="hasil per kebutuhan (bawaan 10)")
    parser.add_argument(
        "--today",
        type=date.fromisoformat,
        help="tanggal acuan masa berlaku sertifikat (TTTT-BB-HH)",
    )
    parser.add_argument(
        "--local-only", action="store_true", help="hanya penawaran di dalam wilayah kebutuhan"
    )
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="proses paralel")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    separate = args.offers is not None or args.needs is not None
    if separate and (args.offers is None or args.needs is None):
        parser.error("--offers dan --needs harus dipakai bersama")
    if separate and len(args.paths) != 1:
        parser.error("dengan --offers/--needs berikan hanya OUT.json")
    if not separate and len(args.paths) != 2:
        parser.error("berikan IN.json OUT.json")
    if args.top < 1:
        parser.error("--top harus minimal 1")
    out = Path(args.paths[-1])
    try:
        if separate:
            data = load_input(offers=args.offers, needs=args.needs)
        else:
            data = load_input(Path(args.paths[0]))
    except InputError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} masalah; berkas keluaran tidak ditulis.", file=sys.stderr)
        return 2
    if args.local_only:
        data.local_only = True
    today = args.today or data.today or date.today()
    document = run(data, args.top, today, args.workers)
    write_atomically(out, document)
    return 0


if __name__ == "__main__":
    sys.exit(main())

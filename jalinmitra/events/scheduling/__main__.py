"""python -m jalinmitra.events.scheduling IN.json OUT.json [--time-limit SECONDS]

Exit status 0 on success; 2 on bad input (every problem on stderr, no output file).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile

from .model import ProblemError, problem_from_dict, solution_to_dict
from .solver import solve

EXIT_BAD_INPUT = 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m jalinmitra.events.scheduling",
        description="Menyusun jadwal pertemuan temu usaha dari berkas JSON.",
    )
    parser.add_argument("input", help="berkas masukan JSON")
    parser.add_argument("output", help="berkas keluaran JSON")
    parser.add_argument(
        "--time-limit",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="batas waktu pencarian dalam detik (bawaan 30)",
    )
    args = parser.parse_args(argv)
    if not args.time_limit >= 0:
        parser.error("--time-limit harus ≥ 0")

    try:
        with open(args.input, encoding="utf-8") as fh:
            data = json.load(fh)
    except OSError as exc:
        print(f"{args.input}: tidak dapat dibaca: {exc.strerror}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except UnicodeDecodeError:
        print(f"{args.input}: bukan teks UTF-8", file=sys.stderr)
        return EXIT_BAD_INPUT
    except json.JSONDecodeError as exc:
        print(
            f"{args.input}: bukan JSON yang sah (baris {exc.lineno}, kolom {exc.colno}: {exc.msg})",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    try:
        problem = problem_from_dict(data)
    except ProblemError as exc:
        for error in exc.errors:
            print(f"{args.input}: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT

    solution = solve(problem, time_limit=args.time_limit)

    out_dir = os.path.dirname(os.path.abspath(args.output))
    fd, tmp = tempfile.mkstemp(prefix=".jadwal-", suffix=".json", dir=out_dir)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(solution_to_dict(solution), fh, ensure_ascii=False)
            fh.write("\n")
        os.replace(tmp, args.output)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return 0


if __name__ == "__main__":
    sys.exit(main())

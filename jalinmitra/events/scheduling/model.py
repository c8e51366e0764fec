"""Plain data for the meeting scheduler, its JSON form, and the checks on both.

Messages are in Bahasa Indonesia because officers read them; records are
numbered from 1 (``skor #4`` is the fourth entry of ``scores``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeGuard

STATUS_OPTIMAL = "optimal"
STATUS_FEASIBLE = "feasible"

_SLOT_RE = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


class ProblemError(ValueError):
    """The input cannot be scheduled as given; ``errors`` lists every bad record."""

    def __init__(self, errors: Sequence[str]):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


@dataclass(frozen=True)
class Seller:
    """A micro/small business; ``available`` None means every slot."""

    id: str
    available: tuple[str, ...] | None = None
    max_meetings: int | None = None


@dataclass(frozen=True)
class Buyer:
    """A medium/large business receiving sellers at ``tables`` tables."""

    id: str
    tables: int = 1
    available: tuple[str, ...] | None = None
    max_meetings: int | None = None


@dataclass(frozen=True)
class Pair:
    """A pair allowed to meet; ``required`` pairs are scheduled whenever possible."""

    seller: str
    buyer: str
    score: float
    required: bool = False


@dataclass(frozen=True)
class Meeting:
    seller: str
    buyer: str
    slot: str
    table: int


@dataclass(frozen=True)
class Problem:
    slots: tuple[str, ...]
    sellers: tuple[Seller, ...]
    buyers: tuple[Buyer, ...]
    pairs: tuple[Pair, ...]
    coverage_bonus: float = 0.0
    # Meetings that must stay exactly as they are (already published, or locked by an officer).
    locked: tuple[Meeting, ...] = ()


@dataclass
class Solution:
    meetings: list[Meeting]
    objective: float
    upper_bound: float
    status: str
    sellers_covered: int = 0
    # Upper bound on the sellers any schedule can cover (exact without windows and locks).
    max_sellers_coverable: int = 0
    required_met: int = 0
    required_total: int = 0
    seconds: float = 0.0
    stats: dict[str, Any] = field(default_factory=dict)


# --- JSON -> Problem -------------------------------------------------------------------


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> TypeGuard[float]:
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(float(value))
    )


def _q(value: Any) -> str:
    """Quote a value the way it appeared in the input."""
    if isinstance(value, str):
        return f'"{value}"'
    return repr(value)


def _raw_ids(records: Any) -> set[str]:
    if not isinstance(records, list):
        return set()
    return {r["id"] for r in records if isinstance(r, dict) and isinstance(r.get("id"), str)}


def problem_from_dict(data: Any) -> Problem:
    """Build a Problem from the JSON contract; raise ProblemError listing every bad record."""
    errors: list[str] = []
    if not isinstance(data, dict):
        raise ProblemError(["masukan harus berupa objek JSON {...}"])

    slots: list[str] = []
    raw_slots = data.get("slots")
    if not isinstance(raw_slots, list) or not raw_slots:
        errors.append('slots: harus berupa daftar label waktu "HH:MM" yang tidak kosong')
        raw_slots = []
    seen_slots: set[str] = set()
    for i, slot in enumerate(raw_slots, 1):
        if not isinstance(slot, str) or not _SLOT_RE.match(slot):
            errors.append(f"slot #{i}: {_q(slot)} bukan label waktu HH:MM")
        elif slot in seen_slots:
            errors.append(f"slot #{i}: {_q(slot)} ganda")
        else:
            seen_slots.add(slot)
            slots.append(slot)

    def read_people(key: str, noun: str, is_buyer: bool) -> list[Any]:
        out: list[Any] = []
        raw = data.get(key)
        if not isinstance(raw, list):
            errors.append(f"{key}: harus berupa daftar")
            return out
        seen: dict[str, int] = {}
        for i, rec in enumerate(raw, 1):
            if not isinstance(rec, dict):
                errors.append(f"{noun} #{i}: harus berupa objek")
                continue
            pid = rec.get("id")
            if not isinstance(pid, str) or not pid:
                errors.append(f"{noun} #{i}: id harus berupa teks yang tidak kosong")
                continue
            where = f'{noun} #{i} "{pid}"'
            ok = True
            if pid in seen:
                errors.append(f"{where}: id ganda (sudah dipakai {noun} #{seen[pid]})")
                ok = False
            else:
                seen[pid] = i
            available = rec.get("available")
            if available is not None:
                if not isinstance(available, list):
                    errors.append(f"{where}: available harus berupa daftar slot")
                    ok = False
                else:
                    for slot in available:
                        if not isinstance(slot, str) or slot not in seen_slots:
                            errors.append(
                                f"{where}: slot {_q(slot)} pada available tidak ada di daftar slots"
                            )
                            ok = False
                    wanted = {s for s in available if isinstance(s, str)}
                    available = tuple(s for s in slots if s in wanted)
            max_meetings = rec.get("max_meetings")
            if max_meetings is not None and (not _is_int(max_meetings) or max_meetings < 0):
                errors.append(f"{where}: max_meetings {_q(max_meetings)} harus bilangan bulat ≥ 0")
                ok = False
            if is_buyer:
                tables = rec.get("tables", 1)
                if not _is_int(tables) or tables < 1:
                    errors.append(f"{where}: tables {_q(tables)} harus bilangan bulat ≥ 1")
                    ok = False
                if ok:
                    out.append(Buyer(pid, tables, available, max_meetings))
            elif ok:
                out.append(Seller(pid, available, max_meetings))
        return out

    sellers = read_people("sellers", "penjual", False)
    buyers = read_people("buyers", "pembeli", True)
    seller_ids = {s.id for s in sellers}
    buyer_ids = {b.id for b in buyers}
    # Ids that were present but bad are already reported; don't report them again as unknown.
    raw_seller_ids = _raw_ids(data.get("sellers"))
    raw_buyer_ids = _raw_ids(data.get("buyers"))

    bonus = data.get("coverage_bonus", 0.0)
    if not _is_number(bonus) or bonus < 0:
        errors.append(f"coverage_bonus: {_q(bonus)} harus bilangan ≥ 0")
        bonus = 0.0

    pairs: list[Pair] = []
    raw_scores = data.get("scores")
    if not isinstance(raw_scores, list):
        errors.append("scores: harus berupa daftar")
        raw_scores = []
    seen_pairs: dict[tuple[str, str], int] = {}
    for i, rec in enumerate(raw_scores, 1):
        where = f"skor #{i}"
        if not isinstance(rec, dict):
            errors.append(f"{where}: harus berupa objek")
            continue
        ok = True
        seller, buyer, score = rec.get("seller"), rec.get("buyer"), rec.get("score")
        if not isinstance(seller, str) or seller not in seller_ids:
            if not (isinstance(seller, str) and seller in raw_seller_ids):
                errors.append(f"{where}: penjual {_q(seller)} tidak ada di daftar sellers")
            ok = False
        if not isinstance(buyer, str) or buyer not in buyer_ids:
            if not (isinstance(buyer, str) and buyer in raw_buyer_ids):
                errors.append(f"{where}: pembeli {_q(buyer)} tidak ada di daftar buyers")
            ok = False
        if not _is_number(score) or not 0 <= score <= 1:
            errors.append(f"{where}: skor {_q(score)} harus bilangan antara 0 dan 1")
            ok = False
        required = rec.get("required", False)
        if not isinstance(required, bool):
            errors.append(f"{where}: required {_q(required)} harus true atau false")
            ok = False
        if ok and isinstance(seller, str) and isinstance(buyer, str) and _is_number(score):
            key = (seller, buyer)
            if key in seen_pairs:
                errors.append(
                    f"{where}: pasangan {_q(seller)}–{_q(buyer)} ganda (sudah ada di skor #{seen_pairs[key]})"
                )
                continue
            seen_pairs[key] = i
            pairs.append(Pair(seller, buyer, float(score), required))

    locked: list[Meeting] = []
    raw_locked = data.get("locked", [])
    if not isinstance(raw_locked, list):
        errors.append("locked: harus berupa daftar")
        raw_locked = []
    for i, rec in enumerate(raw_locked, 1):
        where = f"locked #{i}"
        if not isinstance(rec, dict):
            errors.append(f"{where}: harus berupa objek")
            continue
        seller, buyer = rec.get("seller"), rec.get("buyer")
        slot, table = rec.get("slot"), rec.get("table")
        if not isinstance(seller, str) or not isinstance(buyer, str):
            errors.append(f"{where}: seller dan buyer harus berupa teks")
            continue
        if not isinstance(slot, str):
            errors.append(f"{where}: slot {_q(slot)} harus berupa label waktu")
            continue
        if not _is_int(table):
            errors.append(f"{where}: table {_q(table)} harus bilangan bulat ≥ 1")
            continue
        locked.append(Meeting(seller, buyer, slot, table))

    problem = Problem(
        slots=tuple(slots),
        sellers=tuple(sellers),
        buyers=tuple(buyers),
        pairs=tuple(pairs),
        coverage_bonus=float(bonus),
        locked=tuple(locked),
    )
    if not errors:
        errors.extend(check_problem(problem))
    if errors:
        raise ProblemError(errors)
    return problem


def check_problem(problem: Problem) -> list[str]:
    """Consistency checks of a Problem built in code (the JSON reader runs them too)."""
    errors: list[str] = []
    slot_set = set(problem.slots)
    if len(slot_set) != len(problem.slots):
        errors.append("slots: ada label waktu ganda")
    if not problem.slots:
        errors.append("slots: daftar kosong")
    for label, people in (("penjual", problem.sellers), ("pembeli", problem.buyers)):
        seen: set[str] = set()
        for p in people:
            if p.id in seen:
                errors.append(f'{label} "{p.id}": id ganda')
            seen.add(p.id)
            for slot in p.available or ():
                if slot not in slot_set:
                    errors.append(f'{label} "{p.id}": slot "{slot}" tidak ada di daftar slots')
            if p.max_meetings is not None and p.max_meetings < 0:
                errors.append(f'{label} "{p.id}": max_meetings harus ≥ 0')
    for b in problem.buyers:
        if b.tables < 1:
            errors.append(f'pembeli "{b.id}": tables harus ≥ 1')
    if not math.isfinite(problem.coverage_bonus) or problem.coverage_bonus < 0:
        errors.append("coverage_bonus: harus bilangan ≥ 0")
    sellers = {s.id: s for s in problem.sellers}
    buyers = {b.id: b for b in problem.buyers}
    pairs: dict[tuple[str, str], int] = {}
    for i, pair in enumerate(problem.pairs, 1):
        if pair.seller not in sellers:
            errors.append(f'skor #{i}: penjual "{pair.seller}" tidak ada di daftar sellers')
        if pair.buyer not in buyers:
            errors.append(f'skor #{i}: pembeli "{pair.buyer}" tidak ada di daftar buyers')
        if not (math.isfinite(pair.score) and 0 <= pair.score <= 1):
            errors.append(f"skor #{i}: skor {pair.score!r} harus bilangan antara 0 dan 1")
        key = (pair.seller, pair.buyer)
        if key in pairs:
            errors.append(
                f'skor #{i}: pasangan "{pair.seller}"–"{pair.buyer}" ganda (sudah ada di skor #{pairs[key]})'
            )
        else:
            pairs[key] = i
    if errors:
        return errors
    for i, m in enumerate(problem.locked, 1):
        for problem_text in _meeting_problems(m, sellers, buyers, slot_set, pairs):
            errors.append(f"locked #{i}: {problem_text}")
    if not errors:
        errors.extend(_clash_errors(problem, problem.locked, "locked"))
    return errors


def _meeting_problems(
    m: Meeting,
    sellers: dict[str, Seller],
    buyers: dict[str, Buyer],
    slot_set: set[str],
    pairs: dict[tuple[str, str], Any],
) -> list[str]:
    out: list[str] = []
    seller, buyer = sellers.get(m.seller), buyers.get(m.buyer)
    if seller is None:
        out.append(f'penjual "{m.seller}" tidak ada di daftar sellers')
    if buyer is None:
        out.append(f'pembeli "{m.buyer}" tidak ada di daftar buyers')
    if m.slot not in slot_set:
        out.append(f'slot "{m.slot}" tidak ada di daftar slots')
    if out or seller is None or buyer is None:
        return out
    if (m.seller, m.buyer) not in pairs:
        out.append(f'pasangan "{m.seller}"–"{m.buyer}" tidak ada di daftar scores')
    if not 1 <= m.table <= buyer.tables:
        out.append(f'meja {m.table} di luar 1–{buyer.tables} milik pembeli "{m.buyer}"')
    if seller.available is not None and m.slot not in seller.available:
        out.append(f'penjual "{m.seller}" tidak tersedia pada slot {m.slot}')
    if buyer.available is not None and m.slot not in buyer.available:
        out.append(f'pembeli "{m.buyer}" tidak tersedia pada slot {m.slot}')
    return out


def _clash_errors(problem: Problem, meetings: Iterable[Meeting], label: str) -> list[str]:
    errors: list[str] = []
    seller_at: dict[tuple[str, str], int] = {}
    table_at: dict[tuple[str, int, str], int] = {}
    pair_at: dict[tuple[str, str], int] = {}
    seller_count: dict[str, int] = {}
    buyer_count: dict[str, int] = {}
    for i, m in enumerate(meetings, 1):
        where = f"{label} #{i}"
        key = (m.seller, m.slot)
        if key in seller_at:
            errors.append(
                f'{where}: penjual "{m.seller}" sudah punya pertemuan pada slot {m.slot} ({label} #{seller_at[key]})'
            )
        else:
            seller_at[key] = i
        tkey = (m.buyer, m.table, m.slot)
        if tkey in table_at:
            errors.append(
                f'{where}: meja {m.table} pembeli "{m.buyer}" sudah terisi pada slot {m.slot} ({label} #{table_at[tkey]})'
            )
        else:
            table_at[tkey] = i
        pkey = (m.seller, m.buyer)
        if pkey in pair_at:
            errors.append(
                f'{where}: pasangan "{m.seller}"–"{m.buyer}" sudah bertemu ({label} #{pair_at[pkey]})'
            )
        else:
            pair_at[pkey] = i
        seller_count[m.seller] = seller_count.get(m.seller, 0) + 1
        buyer_count[m.buyer] = buyer_count.get(m.buyer, 0) + 1
    for label_p, people, counts in (
        ("penjual", problem.sellers, seller_count),
        ("pembeli", problem.buyers, buyer_count),
    ):
        for p in people:
            n = counts.get(p.id, 0)
            if p.max_meetings is not None and n > p.max_meetings:
                errors.append(
                    f'{label}: {label_p} "{p.id}" punya {n} pertemuan, melebihi max_meetings {p.max_meetings}'
                )
    return errors


def validate_schedule(problem: Problem, meetings: Sequence[Meeting]) -> list[str]:
    """Every way ``meetings`` breaks the rules of ``problem``; empty when the schedule is valid."""
    sellers = {s.id: s for s in problem.sellers}
    buyers = {b.id: b for b in problem.buyers}
    pairs = {(p.seller, p.buyer): p for p in problem.pairs}
    slot_set = set(problem.slots)
    errors: list[str] = []
    for i, m in enumerate(meetings, 1):
        for text in _meeting_problems(m, sellers, buyers, slot_set, pairs):
            errors.append(f"pertemuan #{i}: {text}")
    if errors:
        return errors
    errors.extend(_clash_errors(problem, meetings, "pertemuan"))
    present = set(meetings)
    for i, m in enumerate(problem.locked, 1):
        if m not in present:
            errors.append(
                f'locked #{i}: pertemuan "{m.seller}"–"{m.buyer}" slot {m.slot} meja {m.table} tidak dipertahankan'
            )
    return errors


def objective_of(problem: Problem, meetings: Iterable[Meeting]) -> float:
    """Sum of scores plus the coverage bonus per seller with at least one meeting."""
    scores = {(p.seller, p.buyer): p.score for p in problem.pairs}
    order = {s.id: i for i, s in enumerate(problem.sellers)}
    ms = sorted(meetings, key=lambda m: (order.get(m.seller, -1), m.buyer, m.slot))
    total = math.fsum(scores[(m.seller, m.buyer)] for m in ms)
    return total + problem.coverage_bonus * len({m.seller for m in ms})


# --- Solution -> JSON ------------------------------------------------------------------


def solution_to_dict(solution: Solution) -> dict[str, Any]:
    return {
        "meetings": [
            {"seller": m.seller, "buyer": m.buyer, "slot": m.slot, "table": m.table}
            for m in solution.meetings
        ],
        "objective": solution.objective,
        "upper_bound": solution.upper_bound,
        "status": solution.status,
    }


def problem_to_dict(problem: Problem) -> dict[str, Any]:
    """The JSON form of a Problem (handy for exporting an event to the command line)."""

    def person(p: Seller | Buyer) -> dict[str, Any]:
        out: dict[str, Any] = {"id": p.id}
        if isinstance(p, Buyer):
            out["tables"] = p.tables
        if p.available is not None:
            out["available"] = list(p.available)
        if p.max_meetings is not None:
            out["max_meetings"] = p.max_meetings
        return out

    out: dict[str, Any] = {
        "slots": list(problem.slots),
        "sellers": [person(s) for s in problem.sellers],
        "buyers": [person(b) for b in problem.buyers],
        "scores": [
            {"seller": p.seller, "buyer": p.buyer, "score": p.score}
            | ({"required": True} if p.required else {})
            for p in problem.pairs
        ],
        "coverage_bonus": problem.coverage_bonus,
    }
    if problem.locked:
        out["locked"] = [
            {"seller": m.seller, "buyer": m.buyer, "slot": m.slot, "table": m.table}
            for m in problem.locked
        ]
    return out

"""The meeting scheduler: a flow relaxation, bipartite edge colouring, then repair.

1. Slots are grouped into *periods*: runs of slots in which exactly the same
   sellers and buyers are available. A min-cost flow chooses the meetings and a
   period for each (source -> seller -> [pair ->] buyer-period -> buyer -> sink).
   It only forgets that a seller cannot sit in two meetings of the same period at
   once, so its value is a proven upper bound.
2. Inside a period everybody present is free in every slot, so when no seller got
   more meetings than the period has slots, König's theorem says the chosen
   meetings fit: split each buyer into its tables and edge-colour the bipartite
   graph with the period's slots (alternating-path / Kempe swaps).
   Without availability windows and locks there is one period, so the flow
   optimum is scheduled as it is and the result is proven optimal.
3. Whatever did not fit is repaired and the schedule improved (insertions with
   Kempe swaps, then replacements) until the bound is reached or time runs out.

Costs are integers: scores are scaled by ``SCALE``; a required pair adds a weight
larger than every other gain together, so the flow maximises first the number of
required meetings, then the objective.
"""

from __future__ import annotations

import heapq
import math
import time
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import max_flow, min_cost_flow
from ortools.sat.python import cp_model

from .model import (
    STATUS_FEASIBLE,
    STATUS_OPTIMAL,
    Meeting,
    Problem,
    ProblemError,
    Solution,
    check_problem,
)

SCALE = 1_000_000
FREE = -1
BLOCKED = -2
# Alternating paths longer than this are not tried while repairing (the exact
# colouring of step 2 never needs the limit: there every path is valid).
_MAX_SWAP_TRIES = 12
# Events with at most this many (pair, slot) choices left get an exact CP-SAT pass
# when the fast method did not prove optimality.
CPSAT_MAX_VARS = 60_000


@dataclass
class _Flow:
    value: int  # maximised gain (scaled)
    chosen: list[tuple[int, int]]  # (pair index, period index)


class _Board:
    """The schedule under construction, indexed: who sits where in which slot."""

    def __init__(self, problem: Problem):
        self.problem = problem
        self.slots = list(problem.slots)
        S = self.S = len(self.slots)
        slot_ix = {s: t for t, s in enumerate(self.slots)}
        self.slot_ix = slot_ix
        sellers, buyers = problem.sellers, problem.buyers
        self.n, self.m = len(sellers), len(buyers)
        seller_ix = {s.id: i for i, s in enumerate(sellers)}
        buyer_ix = {b.id: j for j, b in enumerate(buyers)}

        self.seller_occ: list[list[int]] = []
        for s in sellers:
            row = [FREE] * S
            if s.available is not None:
                avail = {slot_ix[a] for a in s.available}
                row = [FREE if t in avail else BLOCKED for t in range(S)]
            self.seller_occ.append(row)
        self.table_base: list[int] = []
        self.table_buyer: list[int] = []
        self.table_occ: list[list[int]] = []
        for j, b in enumerate(buyers):
            self.table_base.append(len(self.table_occ))
            row = [FREE] * S
            if b.available is not None:
                avail = {slot_ix[a] for a in b.available}
                row = [FREE if t in avail else BLOCKED for t in range(S)]
            for _ in range(b.tables):
                self.table_occ.append(list(row))
                self.table_buyer.append(j)
        self.tables = [b.tables for b in buyers]
        self.s_max = [S if s.max_meetings is None else min(S, s.max_meetings) for s in sellers]
        self.b_max = [
            b.tables * S if b.max_meetings is None else min(b.tables * S, b.max_meetings)
            for b in buyers
        ]

        self.ps = [seller_ix[p.seller] for p in problem.pairs]
        self.pb = [buyer_ix[p.buyer] for p in problem.pairs]
        self.required = [p.required for p in problem.pairs]
        scaled = [round(p.score * SCALE) for p in problem.pairs]
        self.bonus = round(problem.coverage_bonus * SCALE)
        # A required pair outweighs every other gain together.
        self.weight = (sum(scaled) + self.bonus * self.n + 1) if any(self.required) else 0
        self.plain_gain = scaled
        self.gain = [
            g + (self.weight if r else 0) for g, r in zip(scaled, self.required, strict=True)
        ]
        # What rounding scores to integers may hide, to keep the bound honest.
        self.rounding_slack = (
            math.fsum(
                abs(p.score * SCALE - g) / SCALE for p, g in zip(problem.pairs, scaled, strict=True)
            )
            + self.n * abs(problem.coverage_bonus * SCALE - self.bonus) / SCALE
        )
        self.pair_ix = {(i, j): p for p, (i, j) in enumerate(zip(self.ps, self.pb, strict=True))}
        self.pairs_of_seller: list[list[int]] = [[] for _ in range(self.n)]
        for p, i in enumerate(self.ps):
            self.pairs_of_seller[i].append(p)

        # Meetings: parallel lists indexed by meeting id.
        self.m_pair: list[int] = []
        self.m_table: list[int] = []
        self.m_slot: list[int] = []
        self.m_fixed: list[bool] = []
        self.m_alive: list[bool] = []
        self.pair_meeting = [-1] * len(problem.pairs)
        self.seller_count = [0] * self.n
        self.buyer_count = [0] * self.m

        for lk in problem.locked:
            p = self.pair_ix[(seller_ix[lk.seller], buyer_ix[lk.buyer])]
            v = self.table_base[buyer_ix[lk.buyer]] + lk.table - 1
            self._add(p, v, slot_ix[lk.slot], fixed=True)
        self.locked_seller = list(self.seller_count)
        self.locked_buyer = list(self.buyer_count)

    # -- bookkeeping ------------------------------------------------------------------

    def _add(self, p: int, v: int, t: int, fixed: bool = False) -> int:
        mid = len(self.m_pair)
        self.m_pair.append(p)
        self.m_table.append(v)
        self.m_slot.append(t)
        self.m_fixed.append(fixed)
        self.m_alive.append(True)
        self.seller_occ[self.ps[p]][t] = mid
        self.table_occ[v][t] = mid
        self.pair_meeting[p] = mid
        self.seller_count[self.ps[p]] += 1
        self.buyer_count[self.pb[p]] += 1
        return mid

    def _remove(self, mid: int) -> None:
        p, v, t = self.m_pair[mid], self.m_table[mid], self.m_slot[mid]
        self.seller_occ[self.ps[p]][t] = FREE
        self.table_occ[v][t] = FREE
        self.pair_meeting[p] = -1
        self.seller_count[self.ps[p]] -= 1
        self.buyer_count[self.pb[p]] -= 1
        self.m_alive[mid] = False

    def can_add(self, p: int) -> bool:
        return (
            self.pair_meeting[p] == -1
            and self.seller_count[self.ps[p]] < self.s_max[self.ps[p]]
            and self.buyer_count[self.pb[p]] < self.b_max[self.pb[p]]
        )

    def value(self) -> int:
        total = sum(self.gain[p] for p, mid in enumerate(self.pair_meeting) if mid >= 0)
        return total + self.bonus * sum(1 for c in self.seller_count if c > 0)

    # -- placing with alternating paths -----------------------------------------------

    def place(self, p: int, v: int, colours: list[int] | range, max_path: int) -> bool:
        """Seat pair ``p`` at table ``v`` in one of ``colours``, swapping slots along an
        alternating path if needed. Caps are the caller's business."""
        so = self.seller_occ[self.ps[p]]
        to = self.table_occ[v]
        free_s = [c for c in colours if so[c] == FREE]
        if not free_s:
            return False
        free_v = [c for c in colours if to[c] == FREE]
        if not free_v:
            return False
        for c in free_s:
            if to[c] == FREE:
                self._add(p, v, c)
                return True
        tries = 0
        for a in free_s:
            if to[a] < 0:
                continue
            for b in free_v:
                tries += 1
                if tries > _MAX_SWAP_TRIES:
                    return False
                path = self._alternating_path(v, a, b, max_path)
                if path is not None:
                    self._flip(path, a, b)
                    self._add(p, v, a)
                    return True
        return False

    def _alternating_path(self, v: int, a: int, b: int, max_path: int) -> list[int] | None:
        """Meetings on the a/b path from table ``v`` (which holds ``a`` and is free at
        ``b``), or None when a locked meeting or an unavailable slot is in the way."""
        path: list[int] = []
        mid = self.table_occ[v][a]
        new, at_seller = b, True
        while True:
            if self.m_fixed[mid] or len(path) >= max_path:
                return None
            path.append(mid)
            if at_seller:
                nxt = self.seller_occ[self.ps[self.m_pair[mid]]][new]
            else:
                nxt = self.table_occ[self.m_table[mid]][new]
            if nxt == FREE:
                return path
            if nxt == BLOCKED:
                return None
            mid = nxt
            new = a if new == b else b
            at_seller = not at_seller

    def _flip(self, path: list[int], a: int, b: int) -> None:
        for mid in path:
            t = self.m_slot[mid]
            self.seller_occ[self.ps[self.m_pair[mid]]][t] = FREE
            self.table_occ[self.m_table[mid]][t] = FREE
        for mid in path:
            t = b if self.m_slot[mid] == a else a
            self.m_slot[mid] = t
            self.seller_occ[self.ps[self.m_pair[mid]]][t] = mid
            self.table_occ[self.m_table[mid]][t] = mid

    def place_anywhere(self, p: int, max_path: int) -> bool:
        j = self.pb[p]
        base = self.table_base[j]
        colours = range(self.S)
        tables = sorted(
            range(base, base + self.tables[j]),
            key=lambda v: -sum(1 for x in self.table_occ[v] if x == FREE),
        )
        return any(self.place(p, v, colours, max_path) for v in tables)

    def meetings(self) -> list[Meeting]:
        problem = self.problem
        out = []
        for mid, alive in enumerate(self.m_alive):
            if not alive:
                continue
            p, v = self.m_pair[mid], self.m_table[mid]
            j = self.pb[p]
            out.append((self.m_slot[mid], j, v, self.ps[p]))
        out.sort()
        return [
            Meeting(
                problem.sellers[i].id,
                problem.buyers[j].id,
                self.slots[t],
                v - self.table_base[j] + 1,
            )
            for t, j, v, i in out
        ]


def _periods(board: _Board) -> tuple[list[list[int]], list[int]]:
    """Group slots whose availability (ignoring locks) is the same for everybody."""
    S = board.S
    s_av = np.array([[x != BLOCKED for x in row] for row in board.seller_occ], dtype=bool)
    s_av = s_av.reshape(board.n, S)
    b_av = np.array(
        [[x != BLOCKED for x in board.table_occ[board.table_base[j]]] for j in range(board.m)],
        dtype=bool,
    ).reshape(board.m, S)
    groups: dict[bytes, list[int]] = {}
    for t in range(S):
        # Locked meetings are not part of availability (they were entered as meeting ids).
        key = s_av[:, t].tobytes() + b"|" + b_av[:, t].tobytes()
        groups.setdefault(key, []).append(t)
    periods = sorted(groups.values())
    period_of = [0] * S
    for k, slots in enumerate(periods):
        for t in slots:
            period_of[t] = k
    return periods, period_of


class _Network:
    """The relaxation: which pairs may meet in which period, and the capacities."""

    def __init__(self, board: _Board, periods: list[list[int]]):
        self.board = board
        n, m = board.n, board.m
        nP = len(periods)
        # Free (not blocked, not locked) slots per seller and per period.
        s_free = [[0] * nP for _ in range(n)]
        for i, row in enumerate(board.seller_occ):
            fr = s_free[i]
            for k, slots in enumerate(periods):
                fr[k] = sum(1 for t in slots if row[t] == FREE)
        b_cap = [[0] * nP for _ in range(m)]
        for v, row in enumerate(board.table_occ):
            cap = b_cap[board.table_buyer[v]]
            for k, slots in enumerate(periods):
                cap[k] += sum(1 for t in slots if row[t] == FREE)
        self.s_total = [sum(r) for r in s_free]
        self.b_total = [sum(r) for r in b_cap]
        self.b_cap = b_cap
        self.options: list[list[int]] = []
        for p, (i, j) in enumerate(zip(board.ps, board.pb, strict=True)):
            if board.pair_meeting[p] >= 0:
                self.options.append([])
                continue
            fi, cj = s_free[i], b_cap[j]
            self.options.append([k for k in range(nP) if fi[k] and cj[k]])
        self.nP = nP

    def caps(self) -> tuple[list[int], list[int], list[int]]:
        b = self.board
        usable = [0] * b.n
        for p, opts in enumerate(self.options):
            if opts:
                usable[b.ps[p]] += 1
        s_cap = [
            max(0, min(b.s_max[i] - b.locked_seller[i], self.s_total[i], usable[i]))
            for i in range(b.n)
        ]
        b_cap = [max(0, min(b.b_max[j] - b.locked_buyer[j], self.b_total[j])) for j in range(b.m)]
        return s_cap, b_cap, usable

    def arcs(self, seller_unit: list[int], pair_gain: list[int], seller_first: list[int]):
        """Arc lists; ``seller_unit[i]`` caps seller i, of which one unit gains
        ``seller_first[i]``. Returns (tails, heads, caps, costs, pair_arcs, n_nodes)."""
        b = self.board
        n, m, nP = b.n, b.m, self.nP
        SRC, SNK = 0, 1
        seller_node = 2
        buyer_node = 2 + n
        next_node = 2 + n + m
        bp_node: dict[tuple[int, int], int] = {}
        tails: list[int] = []
        heads: list[int] = []
        caps: list[int] = []
        costs: list[int] = []
        _, b_caps, _ = self.caps()

        def arc(u: int, w: int, c: int, cost: int) -> int:
            tails.append(u)
            heads.append(w)
            caps.append(c)
            costs.append(cost)
            return len(tails) - 1

        for i in range(n):
            cap = seller_unit[i]
            if cap <= 0:
                continue
            if seller_first[i] > 0:
                arc(SRC, seller_node + i, 1, -seller_first[i])
                if cap > 1:
                    arc(SRC, seller_node + i, cap - 1, 0)
            else:
                arc(SRC, seller_node + i, cap, 0)
        for j in range(m):
            if b_caps[j] <= 0:
                continue
            arc(buyer_node + j, SNK, b_caps[j], 0)
            for k in range(nP):
                if self.b_cap[j][k]:
                    bp_node[(j, k)] = next_node
                    arc(next_node, buyer_node + j, self.b_cap[j][k], 0)
                    next_node += 1
        pair_arcs: list[tuple[int, int, int]] = []  # (arc, pair, period)
        for p, opts in enumerate(self.options):
            i, j = b.ps[p], b.pb[p]
            if not opts or seller_unit[i] <= 0 or b_caps[j] <= 0:
                continue
            if len(opts) == 1:
                a = arc(seller_node + i, bp_node[(j, opts[0])], 1, -pair_gain[p])
                pair_arcs.append((a, p, opts[0]))
            else:
                pn = next_node
                next_node += 1
                arc(seller_node + i, pn, 1, -pair_gain[p])
                for k in opts:
                    a = arc(pn, bp_node[(j, k)], 1, 0)
                    pair_arcs.append((a, p, k))
        return tails, heads, caps, costs, pair_arcs, next_node

    def max_gain_flow(self, pair_gain: list[int]) -> _Flow:
        b = self.board
        s_cap, _, _ = self.caps()
        first = [b.bonus if b.locked_seller[i] == 0 else 0 for i in range(b.n)]
        tails, heads, caps, costs, pair_arcs, n_nodes = self.arcs(s_cap, pair_gain, first)
        supply = sum(s_cap)
        if supply == 0 or not pair_arcs:
            return _Flow(0, [])
        # Flow that gains nothing goes straight to the sink.
        tails.append(0)
        heads.append(1)
        caps.append(supply)
        costs.append(0)
        smcf = min_cost_flow.SimpleMinCostFlow()
        smcf.add_arcs_with_capacity_and_unit_cost(
            np.array(tails, dtype=np.int32),
            np.array(heads, dtype=np.int32),
            np.array(caps, dtype=np.int64),
            np.array(costs, dtype=np.int64),
        )
        supplies = np.zeros(n_nodes, dtype=np.int64)
        supplies[0], supplies[1] = supply, -supply
        smcf.set_nodes_supplies(np.arange(n_nodes, dtype=np.int32), supplies)
        status = smcf.solve()
        if status != smcf.OPTIMAL:
            raise RuntimeError(f"min cost flow failed with status {status}")
        flows = smcf.flows(np.array([a for a, _, _ in pair_arcs], dtype=np.int32))
        chosen = [(p, k) for (_, p, k), f in zip(pair_arcs, flows, strict=True) if f > 0]
        return _Flow(-smcf.optimal_cost(), chosen)

    def max_coverable(self) -> int:
        """Most sellers any schedule can give a meeting (a bound; exact without windows)."""
        b = self.board
        s_cap, _, _ = self.caps()
        unit = [1 if (s_cap[i] > 0 and b.locked_seller[i] == 0) else 0 for i in range(b.n)]
        zero = [0] * len(b.ps)
        tails, heads, caps, _, pair_arcs, n_nodes = self.arcs(unit, zero, [0] * b.n)
        locked = sum(1 for c in b.locked_seller if c > 0)
        if not pair_arcs:
            return locked
        mf = max_flow.SimpleMaxFlow()
        mf.add_arcs_with_capacity(
            np.array(tails, dtype=np.int32),
            np.array(heads, dtype=np.int32),
            np.array(caps, dtype=np.int64),
        )
        if mf.solve(0, 1) != mf.OPTIMAL:
            raise RuntimeError("max flow failed")
        return locked + mf.optimal_flow()


def _colour_period(board: _Board, slots: list[int], chosen: list[int], leftovers: list[int]):
    """Seat the pairs ``chosen`` for one period: split each buyer's meetings over its
    tables (no table more than it has free slots), then colour with the period's slots."""
    by_buyer: dict[int, list[int]] = {}
    for p in chosen:
        by_buyer.setdefault(board.pb[p], []).append(p)
    max_path = 2 * (board.n + len(board.table_occ)) + 2
    for j, ps in sorted(by_buyer.items()):
        base = board.table_base[j]
        heap = []
        for v in range(base, base + board.tables[j]):
            free = sum(1 for t in slots if board.table_occ[v][t] == FREE)
            heap.append((-free, v))
        heapq.heapify(heap)
        assignment: list[tuple[int, int]] = []
        for p in ps:
            free, v = heapq.heappop(heap)
            assignment.append((p, v))
            heapq.heappush(heap, (free + 1, v))
        for p, v in assignment:
            if board.place(p, v, slots, max_path):
                continue
            others = [w for w in range(base, base + board.tables[j]) if w != v]
            if not any(board.place(p, w, slots, max_path) for w in others):
                leftovers.append(p)


def _improve(board: _Board, deadline: float, target: int, max_path: int) -> dict[str, int]:
    """Insert unscheduled pairs, best first; then replace weaker meetings, until the
    bound is reached, nothing improves, or the time is up."""
    stats = {"inserted": 0, "replaced": 0, "passes": 0}
    value = board.value()
    while time.monotonic() < deadline and value < target:
        stats["passes"] += 1
        improved = False

        def marginal(p: int) -> int:
            return board.gain[p] + (board.bonus if board.seller_count[board.ps[p]] == 0 else 0)

        candidates = [p for p in range(len(board.ps)) if board.pair_meeting[p] < 0]
        candidates.sort(key=lambda p: (-marginal(p), p))
        for n_done, p in enumerate(candidates):
            if n_done % 256 == 0 and time.monotonic() >= deadline:
                break
            if not board.can_add(p):
                if (
                    board.pair_meeting[p] >= 0
                    or board.seller_count[board.ps[p]] >= (board.s_max[board.ps[p]])
                ):
                    continue
                # The buyer is at its cap: only a replacement at that buyer can help.
            elif board.place_anywhere(p, max_path):
                stats["inserted"] += 1
                improved = True
                continue
            if _replace(board, p, marginal(p), max_path):
                stats["replaced"] += 1
                improved = True
        new_value = board.value()
        if not improved or new_value <= value:
            value = new_value
            break
        value = new_value
    return stats


def _replace(board: _Board, p: int, gain: int, max_path: int) -> bool:
    """Seat ``p`` in place of a weaker meeting at the same buyer, then try to reseat
    the one displaced elsewhere."""
    i, j = board.ps[p], board.pb[p]
    so = board.seller_occ[i]
    base = board.table_base[j]
    best = None
    for t in range(board.S):
        if so[t] != FREE:
            continue
        for v in range(base, base + board.tables[j]):
            mid = board.table_occ[v][t]
            if mid < 0 or board.m_fixed[mid]:
                continue
            q = board.m_pair[mid]
            i2 = board.ps[q]
            loss = board.gain[q] + (board.bonus if board.seller_count[i2] == 1 else 0)
            if gain - loss > 0 and (best is None or gain - loss > best[0]):
                best = (gain - loss, mid, v, t)
    if best is None:
        return False
    _, mid, v, t = best
    q = board.m_pair[mid]
    board._remove(mid)
    board._add(p, v, t)
    if board.can_add(q):
        board.place_anywhere(q, max_path)
    return True


def _cpsat(
    board: _Board, deadline: float, locked_value: int
) -> tuple[list[tuple[int, int]] | None, int | None]:
    """Exact model of the free part (tables of a buyer pooled per slot): the
    (pair, slot) choices it found, if better than the board, and its proven bound."""
    S = board.S
    free_tables = [[0] * S for _ in range(board.m)]
    for v, row in enumerate(board.table_occ):
        ft = free_tables[board.table_buyer[v]]
        for t in range(S):
            if row[t] == FREE or (row[t] >= 0 and not board.m_fixed[row[t]]):
                ft[t] += 1
    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    by_seller_slot: dict[tuple[int, int], list] = {}
    by_buyer_slot: dict[tuple[int, int], list] = {}
    by_seller: dict[int, list] = {}
    by_buyer: dict[int, list] = {}
    terms = []
    for p, (i, j) in enumerate(zip(board.ps, board.pb, strict=True)):
        mid = board.pair_meeting[p]
        if mid >= 0 and board.m_fixed[mid]:
            continue
        so = board.seller_occ[i]
        choices: list[cp_model.IntVar] = []
        for t in range(S):
            occupied = so[t] == BLOCKED or (so[t] >= 0 and board.m_fixed[so[t]])
            if occupied or not free_tables[j][t]:
                continue
            var = model.new_bool_var(f"x{p}_{t}")
            x[(p, t)] = var
            choices.append(var)
            by_seller_slot.setdefault((i, t), []).append(var)
            by_buyer_slot.setdefault((j, t), []).append(var)
            by_seller.setdefault(i, []).append(var)
            by_buyer.setdefault(j, []).append(var)
            model.add_hint(var, mid >= 0 and board.m_slot[mid] == t)
            terms.append(board.gain[p] * var)
        if len(choices) > 1:
            model.add_at_most_one(choices)
    if not x:
        return None, None
    for vars_ in by_seller_slot.values():
        if len(vars_) > 1:
            model.add_at_most_one(vars_)
    for (j, t), vars_ in by_buyer_slot.items():
        if len(vars_) > free_tables[j][t]:
            model.add(sum(vars_) <= free_tables[j][t])
    for i, vars_ in by_seller.items():
        room = board.s_max[i] - board.locked_seller[i]
        if len(vars_) > room:
            model.add(sum(vars_) <= room)
        if board.bonus and board.locked_seller[i] == 0:
            y = model.new_bool_var(f"y{i}")
            model.add(y <= sum(vars_))
            model.add_hint(y, board.seller_count[i] > 0)
            terms.append(board.bonus * y)
    for j, vars_ in by_buyer.items():
        room = board.b_max[j] - board.locked_buyer[j]
        if len(vars_) > room:
            model.add(sum(vars_) <= room)
    model.maximize(sum(terms))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, deadline - time.monotonic())
    solver.parameters.num_workers = 2
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, None
    bound = locked_value + math.floor(solver.best_objective_bound + 0.5)
    found = [key for key, var in x.items() if solver.boolean_value(var)]
    return found, bound


def _reseat(board: _Board, chosen: list[tuple[int, int]]) -> None:
    """Replace every free meeting by ``chosen`` (pair, slot), first free table each."""
    for mid, alive in enumerate(board.m_alive):
        if alive and not board.m_fixed[mid]:
            board._remove(mid)
    for p, t in sorted(chosen):
        j = board.pb[p]
        base = board.table_base[j]
        v = next(w for w in range(base, base + board.tables[j]) if board.table_occ[w][t] == FREE)
        board._add(p, v, t)


def solve(problem: Problem, time_limit: float = 30.0) -> Solution:
    """Best schedule found within ``time_limit`` seconds, with a proven upper bound.

    Raises ProblemError when the problem is inconsistent (see ``check_problem``)."""
    started = time.monotonic()
    deadline = started + max(0.0, time_limit)
    errors = check_problem(problem)
    if errors:
        raise ProblemError(errors)
    board = _Board(problem)
    periods, _ = _periods(board)
    net = _Network(board, periods)

    locked_value = board.value()  # gains of locked meetings (already on the board)
    flow = net.max_gain_flow(board.gain)
    bound_w = locked_value + flow.value

    by_period: dict[int, list[int]] = {}
    for p, k in flow.chosen:
        by_period.setdefault(k, []).append(p)
    leftovers: list[int] = []
    for k in sorted(by_period):
        _colour_period(board, periods[k], by_period[k], leftovers)
    max_path = 2 * (board.n + len(board.table_occ)) + 2
    repair_path = min(max_path, 64)
    for p in leftovers:
        if board.can_add(p):
            board.place_anywhere(p, repair_path)

    stats: dict[str, int] = {"periods": len(periods), "flow_meetings": len(flow.chosen)}
    stats["leftovers"] = len(leftovers)
    if board.value() < bound_w:
        stats |= _improve(board, deadline, bound_w, repair_path)
    if board.value() < bound_w and time.monotonic() < deadline:
        n_vars = sum(
            1
            for p, i in enumerate(board.ps)
            if board.pair_meeting[p] < 0 or not board.m_fixed[board.pair_meeting[p]]
            for t in range(board.S)
            if board.seller_occ[i][t] != BLOCKED
        )
        if n_vars <= CPSAT_MAX_VARS:
            before = board.value()
            found, cp_bound = _cpsat(board, deadline, locked_value)
            stats["cpsat_vars"] = n_vars
            if cp_bound is not None:
                bound_w = min(bound_w, cp_bound)
            if found is not None:
                snapshot = [
                    (board.m_pair[mid], board.m_slot[mid])
                    for mid, alive in enumerate(board.m_alive)
                    if alive and not board.m_fixed[mid]
                ]
                _reseat(board, found)
                if board.value() < before:
                    _reseat(board, snapshot)

    required_met = sum(
        1 for p, mid in enumerate(board.pair_meeting) if mid >= 0 and board.required[p]
    )
    # Any schedule with at least as many required meetings gains at most this much.
    bound_int = bound_w - board.weight * required_met
    if board.weight:
        # Fewer required meetings than the flow found: the weighted bound says
        # little, so bound the plain objective instead.
        flow_required = sum(1 for p, _ in flow.chosen if board.required[p]) + sum(
            1 for mid, f in enumerate(board.m_fixed) if f and board.required[board.m_pair[mid]]
        )
        if required_met < flow_required:
            plain = net.max_gain_flow(board.plain_gain)
            locked_plain = sum(
                board.plain_gain[board.m_pair[mid]] for mid, f in enumerate(board.m_fixed) if f
            ) + board.bonus * sum(1 for c in board.locked_seller if c > 0)
            bound_int = min(bound_int, locked_plain + plain.value)

    meetings = board.meetings()
    scores = {(pp.seller, pp.buyer): pp.score for pp in problem.pairs}
    objective = math.fsum(scores[(mt.seller, mt.buyer)] for mt in meetings)
    covered = len({mt.seller for mt in meetings})
    objective += problem.coverage_bonus * covered
    upper = bound_int / SCALE + board.rounding_slack
    # Reaching the weighted bound also means no required meeting was given up.
    reached = board.value() >= bound_w
    if reached and objective >= upper - 1e-9 * max(1.0, abs(upper)):
        status, upper = STATUS_OPTIMAL, objective
    else:
        status = STATUS_FEASIBLE
    return Solution(
        meetings=meetings,
        objective=objective,
        upper_bound=upper,
        status=status,
        sellers_covered=covered,
        max_sellers_coverable=net.max_coverable(),
        required_met=required_met,
        required_total=sum(board.required),
        seconds=time.monotonic() - started,
        stats=stats,
    )

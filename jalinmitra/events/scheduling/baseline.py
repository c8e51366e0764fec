"""The first-come greedy that spreadsheets and simple booking tools do, for comparison.

Pairs are taken best score first (input order breaks ties) and each goes to the
first slot, then the first table, where both sides are free.
"""

from __future__ import annotations

from .model import Meeting, Problem


def first_come_schedule(problem: Problem) -> list[Meeting]:
    slots = problem.slots
    sellers = {s.id: s for s in problem.sellers}
    buyers = {b.id: b for b in problem.buyers}
    seller_busy: set[tuple[str, str]] = set()
    table_busy: set[tuple[str, int, str]] = set()
    met: set[tuple[str, str]] = set()
    count: dict[str, int] = {}
    meetings: list[Meeting] = []

    def book(m: Meeting) -> None:
        meetings.append(m)
        seller_busy.add((m.seller, m.slot))
        table_busy.add((m.buyer, m.table, m.slot))
        met.add((m.seller, m.buyer))
        count[m.seller] = count.get(m.seller, 0) + 1
        count["\0" + m.buyer] = count.get("\0" + m.buyer, 0) + 1

    for m in problem.locked:
        book(m)
    order = sorted(range(len(problem.pairs)), key=lambda k: (-problem.pairs[k].score, k))
    for k in order:
        pair = problem.pairs[k]
        if (pair.seller, pair.buyer) in met:
            continue
        seller, buyer = sellers[pair.seller], buyers[pair.buyer]
        if seller.max_meetings is not None and count.get(seller.id, 0) >= seller.max_meetings:
            continue
        if buyer.max_meetings is not None and count.get("\0" + buyer.id, 0) >= buyer.max_meetings:
            continue
        s_av = set(seller.available) if seller.available is not None else None
        b_av = set(buyer.available) if buyer.available is not None else None
        placed = False
        for slot in slots:
            if (s_av is not None and slot not in s_av) or (b_av is not None and slot not in b_av):
                continue
            if (seller.id, slot) in seller_busy:
                continue
            for table in range(1, buyer.tables + 1):
                if (buyer.id, table, slot) not in table_busy:
                    book(Meeting(seller.id, buyer.id, slot, table))
                    placed = True
                    break
            if placed:
                break
    return meetings

"""Reads of the events app, and the bridge from the models to the pure scheduler."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from jalinmitra.businesses.models import Membership, Need
from jalinmitra.businesses.selectors import is_member, need_open_q
from jalinmitra.events import hooks
from jalinmitra.events.choices import MeetingStatus, OutcomeResult, RequestStatus, Role
from jalinmitra.events.models import (
    ACTIVE_MEETING,
    CHECKIN_SALT,
    Event,
    FollowUp,
    Meeting,
    MeetingRequest,
    Outcome,
    Participant,
    live_requests_q,
)
from jalinmitra.events.scheduling import Buyer, Pair, Problem, Seller
from jalinmitra.events.scheduling import Meeting as PlannedMeeting
from jalinmitra.events.workflow import EVENT_FLOW

if TYPE_CHECKING:
    from jalinmitra.accounts.models import User

logger = logging.getLogger(__name__)

SCORE_ACCEPTED = 1.0
SCORE_PENDING = 0.7
RECOMMENDATION_WEIGHT = 0.5
RECOMMENDATIONS_PER_NEED = 20


# --- access ------------------------------------------------------------------------------


def events_for(*, user: User) -> QuerySet[Event]:
    qs = Event.objects.annotate(participant_count=Count("participants", distinct=True))
    if user.is_officer:
        return qs
    mine = Participant.objects.filter(event=OuterRef("pk"), business__memberships__user=user)
    return qs.filter(Q(status__in=["open", "scheduled", "published"]) | Exists(mine))


def available_transitions(*, event: Event, user: User):
    """The status buttons of the event workflow this user sees (the service still decides)."""
    return EVENT_FLOW.available(event, user)


def participants_of_user(*, user: User, event: Event) -> list[Participant]:
    return list(
        Participant.objects.filter(event=event, business__memberships__user=user)
        .select_related("business", "event")
        .distinct()
    )


def participant_for_user(*, user: User, event: Event, pk: int) -> Participant:
    """A participant the user may act for: officers any, members their own; 403 for others."""
    participant = get_object_or_404(
        Participant.objects.select_related("business", "event"), pk=pk, event=event
    )
    if user.is_officer:
        return participant
    if is_member(user, participant.business_id):
        return participant
    raise PermissionDenied


def participant_from_token(*, event: Event, token: str) -> Participant | None:
    try:
        pk = signing.loads(token, salt=CHECKIN_SALT)
    except signing.BadSignature:
        return None
    return (
        Participant.objects.select_related("business", "event").filter(pk=pk, event=event).first()
    )


# --- lists -----------------------------------------------------------------------------


def participants_of(*, event: Event) -> QuerySet[Participant]:
    return (
        Participant.objects.filter(event=event)
        .select_related("business")
        .annotate(
            meeting_count=Count(
                "as_seller", filter=~Q(as_seller__status=MeetingStatus.CANCELLED), distinct=True
            )
            + Count("as_buyer", filter=~Q(as_buyer__status=MeetingStatus.CANCELLED), distinct=True)
        )
        .order_by("role", "business__name", "id")
    )


def participants_search(*, event: Event, query: str, limit: int = 30) -> list[Participant]:
    qs = Participant.objects.filter(event=event).select_related("business")
    query = (query or "").strip()
    if query:
        qs = qs.filter(
            Q(business__name__icontains=query)
            | Q(business__owner_name__icontains=query)
            | Q(business__nib__startswith=query)
        )
    return list(qs.order_by("business__name")[:limit])


def participants_without_requests(*, event: Event) -> list[Participant]:
    """Participants who have asked for nothing (the reminder goes to them)."""
    return list(
        Participant.objects.filter(event=event, no_show=False)
        .exclude(Exists(MeetingRequest.objects.filter(from_participant=OuterRef("pk"))))
        .select_related("business")
        .order_by("business__name")
    )


def request_counts(*, event: Event) -> dict[str, int]:
    """How many of the event's requests are in each status, a pending one past its time
    counted as expired (computed: the page writes nothing)."""
    counts = dict.fromkeys(RequestStatus.values, 0)
    for request in MeetingRequest.objects.filter(event=event).only("status", "expires_at"):
        counts[request.status_shown] += 1
    return counts


def open_request_count(*, participant: Participant) -> int:
    """Requests this participant sent that still wait for an answer in time."""
    return MeetingRequest.objects.filter(
        from_participant=participant,
        status=RequestStatus.PENDING,
        expires_at__gt=timezone.now(),
    ).count()


def requests_for(*, participant: Participant) -> dict[str, list[MeetingRequest]]:
    base = MeetingRequest.objects.select_related(
        "from_participant__business", "to_participant__business"
    )
    return {
        "received": list(base.filter(to_participant=participant)),
        "sent": list(base.filter(from_participant=participant)),
    }


def _agreement_from_invitation() -> Q | None:
    """For a MeetingInvitation queryset: it already led to a partnership agreement, either
    directly or through a meeting at an event where it had become a request. Supplied by the
    apps that know (events.hooks.invitation_done), so this lower app imports none of them."""
    conditions = [fn() for fn in hooks.invitation_done]
    if not conditions:
        return None
    made = Q(conditions[0])
    for condition in conditions[1:]:
        made |= Q(condition)
    return made


def invitations_without_agreement(*, invitations: QuerySet) -> QuerySet:
    """Drop the invitations that already became an agreement: they are done, not requests
    to make again at every new event."""
    made = _agreement_from_invitation()
    return invitations if made is None else invitations.exclude(made)


def invitation_has_agreement(*, invitation) -> bool:
    made = _agreement_from_invitation()
    if made is None:
        return False
    return type(invitation).objects.filter(pk=invitation.pk).filter(made).exists()


def invitations_open_for(*, participant: Participant) -> list:
    """The "ajak bertemu" invitations of this participant whose other side takes part too.

    A buyer's come from its needs, a seller's go to its offers; still open, not yet a request
    at this event, not already turned into an agreement, and the pair has no pending or
    accepted request. Each carries ``buyer`` and
    ``seller``: the two participants. Oldest first, so the cap keeps the earliest ones.
    """
    from jalinmitra.matching.choices import InvitationStatus
    from jalinmitra.matching.models import MeetingInvitation

    event = participant.event
    others = Participant.objects.filter(event=event, no_show=False).exclude(pk=participant.pk)
    invitations = invitations_without_agreement(
        invitations=MeetingInvitation.objects.filter(status=InvitationStatus.OPEN).filter(
            need_open_q(prefix="need__")  # a need past its deadline no longer asks to meet
        )
    )
    if participant.is_buyer:
        invitations = invitations.filter(
            need__business_id=participant.business_id,
            offer__business_id__in=others.filter(role=Role.SELLER).values("business_id"),
        )
    else:
        invitations = invitations.filter(
            offer__business_id=participant.business_id,
            need__business_id__in=others.filter(role=Role.BUYER).values("business_id"),
        )
    used = MeetingRequest.objects.filter(event=event, invitation=OuterRef("pk"))
    invitations = (
        invitations.exclude(Exists(used))
        .select_related("need__business", "offer__business")
        .order_by("created_at", "pk")
    )
    rows = list(invitations)
    if not rows:
        return []
    by_business = {
        p.business_id: p
        for p in others.filter(
            business_id__in={i.offer.business_id for i in rows} | {i.need.business_id for i in rows}
        ).select_related("business")
    }
    busy = {
        frozenset(pair)
        for pair in MeetingRequest.objects.filter(
            Q(from_participant=participant) | Q(to_participant=participant),
            live_requests_q(),
        ).values_list("from_participant_id", "to_participant_id")
    }
    found = []
    for invitation in rows:
        if participant.is_buyer:
            invitation.buyer = participant
            invitation.seller = by_business[invitation.offer.business_id]
        else:
            invitation.buyer = by_business[invitation.need.business_id]
            invitation.seller = participant
        if frozenset((invitation.buyer.pk, invitation.seller.pk)) not in busy:
            found.append(invitation)
    return found


def request_targets(*, participant: Participant) -> QuerySet[Participant]:
    """Whom this participant may ask: the other side, not yet asked."""
    other = Role.BUYER if participant.is_seller else Role.SELLER
    asked = MeetingRequest.objects.filter(
        Q(from_participant=participant, to_participant=OuterRef("pk"))
        | Q(to_participant=participant, from_participant=OuterRef("pk")),
        live_requests_q(),
    )
    return (
        Participant.objects.filter(event=participant.event, role=other, no_show=False)
        .exclude(Exists(asked))
        .select_related("business")
        .order_by("business__name")
    )


def meetings_of(*, event: Event, published_only: bool = False) -> QuerySet[Meeting]:
    qs = Meeting.objects.filter(ACTIVE_MEETING, event=event).select_related(
        "seller__business", "buyer__business"
    )
    if published_only:
        qs = qs.filter(published=True)
    return qs.order_by("slot", "buyer__business__name", "table")


def agenda_of(*, participant: Participant, published_only: bool = True) -> list[Meeting]:
    qs = (
        Meeting.objects.filter(ACTIVE_MEETING)
        .filter(Q(seller=participant) | Q(buyer=participant))
        .select_related("seller__business", "buyer__business")
        .prefetch_related("outcomes")
        .order_by("slot", "table")
    )
    if published_only:
        qs = qs.filter(published=True)
    return list(qs)


def schedule_grid(*, event: Event, meetings: list[Meeting]) -> dict:
    """Rows of slots, columns of buyer tables, for the preview and the printed master sheet."""
    buyers = list(
        Participant.objects.filter(event=event, role=Role.BUYER)
        .select_related("business")
        .order_by("business__name", "id")
    )
    columns = [(b, t) for b in buyers for t in range(1, b.tables + 1)]
    at = {(m.slot, m.buyer_id, m.table): m for m in meetings}
    rows = [
        {
            "slot": slot,
            "end": event.slot_end_label(slot),
            "cells": [at.get((slot, b.pk, t)) for b, t in columns],
        }
        for slot in event.slots
    ]
    return {"columns": columns, "rows": rows}


def table_sheet(*, participant: Participant) -> list[dict]:
    """One buyer's tables, slot by slot: the paper each table keeps."""
    event = participant.event
    meetings = {
        (m.slot, m.table): m
        for m in Meeting.objects.filter(ACTIVE_MEETING, buyer=participant).select_related(
            "seller__business"
        )
    }
    return [
        {
            "table": t,
            "rows": [
                {"slot": s, "end": event.slot_end_label(s), "meeting": meetings.get((s, t))}
                for s in event.slots
            ],
        }
        for t in range(1, participant.tables + 1)
    ]


def latest_run(*, event: Event):
    return event.runs.select_related("job").first()


def participants_who_met(*, event: Event) -> list[Participant]:
    """Participants who came: checked in, or with a meeting held or an outcome."""
    met = Meeting.objects.filter(event=event, status=MeetingStatus.HELD)
    return list(
        Participant.objects.filter(event=event, no_show=False)
        .filter(
            Q(checked_in_at__isnull=False)
            | Exists(met.filter(seller=OuterRef("pk")))
            | Exists(met.filter(buyer=OuterRef("pk")))
        )
        .select_related("business")
    )


def followups_open_for(*, user: User) -> list[FollowUp]:
    return list(
        FollowUp.objects.filter(
            participant__business__memberships__user=user, answered_at__isnull=True
        )
        .select_related("participant__event", "participant__business")
        .distinct()
    )


# --- report -------------------------------------------------------------------------------


@dataclass
class EventReport:
    participants: int
    sellers: int
    buyers: int
    checked_in: int
    no_shows: int
    meetings: int
    meetings_held: int
    sellers_met: int
    outcome_counts: list[tuple[str, str, int]]
    rating_avg: float | None
    rating_by_side: dict[str, float | None]
    requests: Counter
    agreements: list = field(default_factory=list)


def event_report(*, event: Event) -> EventReport:
    participants = Participant.objects.filter(event=event)
    roles = Counter(participants.values_list("role", flat=True))
    meetings = Meeting.objects.filter(ACTIVE_MEETING, event=event, published=True)
    outcomes = Outcome.objects.filter(meeting__event=event)
    counts = Counter(outcomes.values_list("result", flat=True))
    by_side = {
        row["side"]: round(row["avg"], 2)
        for row in outcomes.values("side").annotate(avg=Avg("rating"))
        if row["avg"] is not None
    }
    avg = outcomes.aggregate(avg=Avg("rating"))["avg"]
    sellers_met = (
        meetings.filter(Q(status=MeetingStatus.HELD) | Q(outcomes__isnull=False))
        .values("seller")
        .distinct()
        .count()
    )
    return EventReport(
        participants=sum(roles.values()),
        sellers=roles.get(Role.SELLER, 0),
        buyers=roles.get(Role.BUYER, 0),
        checked_in=participants.filter(checked_in_at__isnull=False).count(),
        no_shows=participants.filter(no_show=True).count(),
        meetings=meetings.count(),
        meetings_held=meetings.filter(status=MeetingStatus.HELD).count(),
        sellers_met=sellers_met,
        outcome_counts=[(v, str(label), counts.get(v, 0)) for v, label in OutcomeResult.choices],
        rating_avg=round(avg, 2) if avg is not None else None,
        rating_by_side=by_side,
        requests=Counter(
            MeetingRequest.objects.filter(event=event).values_list("status", flat=True)
        ),
        agreements=agreements_from(event),
    )


def agreements_from(event: Event) -> list:
    """Agreements that came from the event, as the apps that make them say
    (events.hooks.event_report_agreements; the agreements app registers one)."""
    rows: list = []
    for fn in hooks.event_report_agreements:
        rows.extend(fn(event))
    return rows


# --- the scheduler problem ------------------------------------------------------------------


@dataclass
class BuiltProblem:
    problem: Problem
    scores: dict[tuple[str, str], float]
    locked_meeting_ids: list[int]
    table_capacity: int


def _recommendations(
    event: Event, sellers: dict[int, Participant], buyers: list[Participant]
) -> dict[tuple[int, int], float]:
    """Matching scores for each buyer's open needs, against the event's sellers."""
    from jalinmitra.matching.selectors import suppliers_for_need

    seller_by_business = {p.business_id: p for p in sellers.values()}
    found: dict[tuple[int, int], float] = {}
    needs = Need.objects.filter(need_open_q(), business_id__in=[b.business_id for b in buyers])
    buyer_by_business = {b.business_id: b for b in buyers}
    for need in needs:
        try:
            ranked = suppliers_for_need(need=need, top=RECOMMENDATIONS_PER_NEED)
        except Exception:  # a recommendation is a bonus; never block scheduling on it
            logger.exception("Matching failed for need %s", need.pk)
            continue
        buyer = buyer_by_business[need.business_id]
        for r in ranked:
            seller = seller_by_business.get(r.offer.business_id)
            if seller is None:
                continue
            key = (seller.pk, buyer.pk)
            found[key] = max(found.get(key, 0.0), float(r.score))
    return found


def schedule_problem(
    *, event: Event, allow_move_published: bool = False, from_slot: str = ""
) -> BuiltProblem:
    """The scheduler's input for an event.

    Pairs: accepted requests (1.0; must-meet ones required), pending ones (0.7), and matching
    recommendations for the buyers' open needs (score × 0.5). Kept exactly: locked meetings,
    published ones (unless the officer allows moving them), meetings already held or marked,
    and those before ``from_slot`` (the part of the day already gone).
    """
    slots = event.slots
    participants = list(
        Participant.objects.filter(event=event, no_show=False).select_related("business")
    )
    sellers = {p.pk: p for p in participants if p.is_seller}
    buyers = [p for p in participants if p.is_buyer]
    buyer_ids = {b.pk for b in buyers}

    fixed = []
    for m in Meeting.objects.filter(ACTIVE_MEETING, event=event):
        if m.seller_id not in sellers or m.buyer_id not in buyer_ids:
            continue
        keep = (
            m.locked
            or (m.published and not allow_move_published)
            or m.status != MeetingStatus.SCHEDULED
            or (from_slot and m.slot < from_slot)
        )
        if keep:
            fixed.append(m)

    def window(p: Participant) -> tuple[str, ...] | None:
        # A kept meeting stays in its slot even if the participant has since marked the slot
        # unavailable; the officer moves it by allowing published meetings to move.
        kept = {m.slot for m in fixed if p.pk in (m.seller_id, m.buyer_id)}
        own = set(p.slots_available()) | kept
        if from_slot:
            own = {s for s in own if s >= from_slot or s in kept}
        ordered = [s for s in slots if s in own]
        return None if ordered == slots else tuple(ordered)

    scores: dict[tuple[int, int], float] = {}
    required: set[tuple[int, int]] = set()
    for key, value in _recommendations(event, sellers, buyers).items():
        scores[key] = round(value * RECOMMENDATION_WEIGHT, 4)
    requests = MeetingRequest.objects.filter(
        event=event, status__in=[RequestStatus.PENDING, RequestStatus.ACCEPTED]
    ).select_related("from_participant", "to_participant")
    for r in requests:
        seller, buyer = r.seller_buyer()
        if seller.pk not in sellers or buyer.pk not in buyer_ids:
            continue
        key = (seller.pk, buyer.pk)
        value = SCORE_ACCEPTED if r.status == RequestStatus.ACCEPTED else SCORE_PENDING
        if r.status == RequestStatus.PENDING and not r.is_open:
            continue
        scores[key] = max(scores.get(key, 0.0), value)
        if r.must_meet and r.status == RequestStatus.ACCEPTED:
            required.add(key)
    for m in fixed:
        scores.setdefault((m.seller_id, m.buyer_id), min(max(m.score, 0.0), 1.0))

    problem = Problem(
        slots=tuple(slots),
        sellers=tuple(
            Seller(str(p.pk), available=window(p), max_meetings=p.max_meetings)
            for p in sellers.values()
        ),
        buyers=tuple(
            Buyer(str(p.pk), tables=p.tables, available=window(p), max_meetings=p.max_meetings)
            for p in buyers
        ),
        pairs=tuple(
            Pair(str(s), str(b), v, required=(s, b) in required)
            for (s, b), v in sorted(scores.items())
        ),
        coverage_bonus=event.coverage_bonus,
        locked=tuple(
            PlannedMeeting(str(m.seller_id), str(m.buyer_id), m.slot, m.table) for m in fixed
        ),
    )
    capacity = sum(
        b.tables * len(b.available if b.available is not None else slots) for b in problem.buyers
    )
    return BuiltProblem(
        problem=problem,
        scores={(str(s), str(b)): v for (s, b), v in scores.items()},
        locked_meeting_ids=[m.pk for m in fixed],
        table_capacity=capacity,
    )


def stored_schedule(*, event: Event) -> list[PlannedMeeting]:
    """The event's active meetings among present participants, as the scheduler sees them."""
    return [
        PlannedMeeting(str(s), str(b), slot, table)
        for s, b, slot, table in Meeting.objects.filter(
            ACTIVE_MEETING, event=event, seller__no_show=False, buyer__no_show=False
        ).values_list("seller_id", "buyer_id", "slot", "table")
    ]


def meeting_request_thread_parties(*, obj: MeetingRequest) -> list:
    """Who writes in a meeting request's conversation: both participants' active members."""
    return [
        m.user
        for m in Membership.objects.filter(
            business_id__in=[obj.from_participant.business_id, obj.to_participant.business_id],
            user__is_active=True,
        ).select_related("user")
    ]


def meeting_thread_parties(*, obj: Meeting) -> list:
    """Who writes in a meeting's conversation: seller's and buyer's active members."""
    return [
        m.user
        for m in Membership.objects.filter(
            business_id__in=[obj.seller.business_id, obj.buyer.business_id],
            user__is_active=True,
        ).select_related("user")
    ]

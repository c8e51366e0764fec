from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from jalinmitra.agreements.choices import Status
from jalinmitra.agreements.models import Agreement
from jalinmitra.agreements.workflow import AGREEMENT_FLOW, viewer
from jalinmitra.businesses.models import BusinessKbli
from jalinmitra.core.models import Official
from jalinmitra.events.models import ACTIVE_MEETING, Meeting, MeetingRequest
from jalinmitra.matching.models import MeetingInvitation

if TYPE_CHECKING:
    from jalinmitra.accounts.models import User

RUNNING = [Status.READY, Status.SIGNED, Status.WITNESSED, Status.ACTIVE]


def agreement_qs() -> QuerySet[Agreement]:
    return Agreement.objects.select_related("small_party", "large_party")


def agreements_visible_to(*, user: User) -> QuerySet[Agreement]:
    qs = agreement_qs()
    if user.is_officer:
        return qs
    return qs.filter(
        Q(small_party__memberships__user=user) | Q(large_party__memberships__user=user)
    ).distinct()


def agreements_filter(*, user: User, params: dict) -> QuerySet[Agreement]:
    """The register: pattern, status, ending within 60 days, sector (KBLI kategori of the small
    party's primary KBLI), kecamatan (of the small party), event, text (number, party name)."""
    qs = agreements_visible_to(user=user)
    if params.get("sector"):
        qs = qs.filter(
            Exists(
                BusinessKbli.objects.filter(
                    business=OuterRef("small_party"),
                    is_primary=True,
                    kbli__category=params["sector"],
                )
            )
        )
    if params.get("kecamatan"):
        qs = qs.filter(small_party__region__parent_id=params["kecamatan"])
    if params.get("event"):
        qs = qs.filter(origin_meeting__event_id=params["event"])
    if params.get("pattern"):
        qs = qs.filter(pattern=params["pattern"])
    if params.get("status"):
        qs = qs.filter(status=params["status"])
    if params.get("ending"):
        today = timezone.localdate()
        qs = qs.filter(
            status__in=RUNNING,
            end_date__gte=today,
            end_date__lte=today + datetime.timedelta(days=60),
        )
    q = (params.get("q") or "").strip()
    if q:
        qs = qs.filter(
            Q(number__icontains=q)
            | Q(code__iexact=q)
            | Q(small_party__name__icontains=q)
            | Q(large_party__name__icontains=q)
        )
    return qs.order_by("-created_at", "-id")


def agreement_for_user(*, user: User, pk: int) -> Agreement:
    agreement = get_object_or_404(agreement_qs(), pk=pk)
    if user.is_officer:
        return agreement
    if agreements_visible_to(user=user).filter(pk=pk).exists():
        return agreement
    raise PermissionDenied


def available_transitions(*, agreement: Agreement, user: User):
    """The buttons of the agreement workflow this user sees (the services still decide)."""
    return AGREEMENT_FLOW.available(agreement, viewer(user))


def agreement_by_code(*, code: str) -> Agreement:
    return get_object_or_404(agreement_qs(), code=code.strip().upper())


# What the public verification page shows (and checks an upload against): nothing else is
# read, so anyone's request loads no personal data and no wide rows.
VERIFICATION_FIELDS = (
    "code",
    "number",
    "status",
    "small_party__name",
    "large_party__name",
    "start_date",
    "end_date",
    "witnessed_at",
    "signed_sha256",
)


def agreement_for_verification(*, code: str) -> Agreement:
    """The agreement behind a QR code in one narrow query (404 if none); its witnesses come from
    ``verification_witnesses``."""
    return get_object_or_404(agreement_qs().only(*VERIFICATION_FIELDS), code=code.strip().upper())


def verification_witnesses(*, agreement: Agreement) -> list[Official]:
    """The officials who witnessed it, as the verification page names them; no query for an
    agreement not witnessed (the page shows them only with the witnessing date)."""
    if agreement.witnessed_at is None:
        return []
    return list(agreement.witness_officials.only("name", "title"))


def invitation_for_agreement(*, user: User, pk) -> MeetingInvitation | None:
    """The "ajak bertemu" an agreement is drafted from, if the user may see it: an officer,
    or a member of one of its two businesses. Anyone else gets nothing (no names leak)."""
    if not str(pk or "").isdigit():
        return None
    qs = MeetingInvitation.objects.select_related("need__business", "offer__business")
    if not user.is_officer:
        qs = qs.filter(
            Q(need__business__memberships__user=user) | Q(offer__business__memberships__user=user)
        ).distinct()
    return qs.filter(pk=int(pk)).first()


def agreements_for_export(*, qs: QuerySet[Agreement]) -> QuerySet[Agreement]:
    """The register's rows with what the spreadsheet shows, in a fixed number of queries."""
    return qs.select_related(
        "small_party__region__parent", "origin_meeting__event"
    ).prefetch_related(
        Prefetch(
            "small_party__kbli_links",
            queryset=BusinessKbli.objects.filter(is_primary=True).select_related("kbli"),
        )
    )


def ceremony_agreements(event) -> QuerySet[Agreement]:
    """The event's agreements on the signing table: approved and on, in number order."""
    return (
        agreement_qs()
        .filter(origin_meeting__event=event, status__in=RUNNING)
        .order_by("number_year", "number_seq", "pk")
    )


def meeting_for_agreement(*, user: User, pk) -> Meeting | None:
    """The temu usaha meeting an agreement is drafted from, if the user may see it: an
    officer, or a member of the seller's or the buyer's business."""
    if not str(pk or "").isdigit():
        return None
    qs = Meeting.objects.select_related("event", "seller__business", "buyer__business")
    if not user.is_officer:
        qs = qs.filter(
            Q(seller__business__memberships__user=user) | Q(buyer__business__memberships__user=user)
        ).distinct()
    return qs.filter(pk=int(pk)).first()


# --- what agreements contributes to events (registered in apps.AgreementsConfig.ready) ------


def agreements_from_event(event) -> list[Agreement]:
    """Agreements that came from the event, for its report.

    Credit where it happened: an agreement counts when it was drafted from one of the event's
    meetings, or when it was made on or after the event's day and either its two parties met at
    the event or it started from an "ajak bertemu" that became one of the event's requests. An
    agreement made before the event did not come from it.
    """
    # The parties met at the event: one correlated sub-query, not one OR per meeting pair (192
    # ORs and 23 KB of SQL for the demo event).
    met_here = Meeting.objects.filter(
        ACTIVE_MEETING,
        event=event,
        published=True,
        seller__business_id=OuterRef("small_party_id"),
        buyer__business_id=OuterRef("large_party_id"),
    )
    invitations = MeetingRequest.objects.filter(event=event, invitation__isnull=False)
    cond = Exists(met_here) | Q(origin_invitation_id__in=invitations.values("invitation_id"))
    cond &= Q(created_at__date__gte=event.date)
    cond |= Q(origin_meeting__event=event)
    qs = Agreement.objects.filter(cond)
    return list(qs.select_related("small_party", "large_party").order_by("pk")[:200])


def invitation_became_agreement() -> Exists:
    """For a MeetingInvitation queryset: it already led to a partnership agreement, either
    directly or through a meeting at an event where it had become a request."""
    return Exists(
        Agreement.objects.filter(
            Q(origin_invitation_id=OuterRef("pk"))
            | Q(
                origin_meeting__seller__business_id=OuterRef("offer__business_id"),
                origin_meeting__buyer__business_id=OuterRef("need__business_id"),
                origin_meeting__event__requests__invitation_id=OuterRef("pk"),
            )
        )
    )


def agreement_thread_parties(*, obj: Agreement) -> list:
    """Who writes in the agreement's conversation: both parties' active members."""
    from jalinmitra.businesses.models import Membership

    return [
        m.user
        for m in Membership.objects.filter(
            business_id__in=[obj.small_party_id, obj.large_party_id],
            user__is_active=True,
        ).select_related("user")
    ]

"""Meeting requests: asking, answering, expiring, and invitations from matching."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jalinmitra.businesses.selectors import is_member
from jalinmitra.core.services import audit_record
from jalinmitra.events import selectors
from jalinmitra.events.choices import RegisteredHow, RequestStatus, Role
from jalinmitra.events.models import Event, MeetingRequest, Participant
from jalinmitra.events.services._common import (
    CLOSED_FOR_REQUESTS,
    _is_officer,
    _require_actor_for,
    _require_officer,
    role_for,
)
from jalinmitra.events.services.notices import (
    _mail_on_commit,
    _request_answered_notice,
    _request_created_notice,
)

if TYPE_CHECKING:
    from jalinmitra.accounts.models import User


def meeting_requests_expire(*, event: Event | None = None, now: dt.datetime | None = None) -> int:
    """Pending requests past their time become expired, so they block nobody. Returns the count."""
    now = now or timezone.now()
    qs = MeetingRequest.objects.filter(status=RequestStatus.PENDING, expires_at__lte=now)
    if event is not None:
        qs = qs.filter(event=event)
    expired = list(qs.select_related("from_participant__business"))
    if not expired:
        return 0
    with transaction.atomic():
        for request in expired:
            request.status = RequestStatus.EXPIRED
            request.save(update_fields=["status"])
            audit_record(
                actor=None,
                action="event.request_expire",
                obj=request,
                business=request.from_participant.business,
                changes={"status": [RequestStatus.PENDING, RequestStatus.EXPIRED]},
            )
    return len(expired)


def _pair_request(a: Participant, b: Participant):
    from django.db.models import Q

    return MeetingRequest.objects.filter(
        Q(from_participant=a, to_participant=b) | Q(from_participant=b, to_participant=a)
    )


@transaction.atomic
def meeting_request_create(
    *,
    actor: User,
    from_participant: Participant,
    to_participant: Participant,
    reason: str = "",
    invitation=None,
    notify: bool = True,
) -> MeetingRequest:
    """One side asks the other for a meeting; it waits for an answer until it expires."""
    _require_actor_for(actor, from_participant)
    event = from_participant.event
    meeting_requests_expire(event=event)
    if to_participant.event_id != event.pk:
        raise ValidationError(_("Peserta tujuan bukan peserta acara ini."), code="invalid")
    if from_participant.pk == to_participant.pk or (
        from_participant.business_id == to_participant.business_id
    ):
        raise ValidationError(_("Tidak bisa meminta bertemu dengan diri sendiri."), code="invalid")
    if from_participant.role == to_participant.role:
        raise ValidationError(
            _(
                "Permintaan bertemu hanya antara penjual (usaha mikro/kecil) dan pembeli "
                "(usaha menengah/besar)."
            ),
            code="invalid",
        )
    if event.status in CLOSED_FOR_REQUESTS:
        raise ValidationError(_("Acara ini tidak menerima permintaan bertemu."), code="state")
    if (
        _pair_request(from_participant, to_participant)
        .filter(status__in=[RequestStatus.PENDING, RequestStatus.ACCEPTED])
        .exists()
    ):
        raise ValidationError(
            _("Sudah ada permintaan bertemu antara %(a)s dan %(b)s.")
            % {"a": from_participant, "b": to_participant},
            code="duplicate",
        )
    _check_open_cap(from_participant)
    request = MeetingRequest.objects.create(
        event=event,
        from_participant=from_participant,
        to_participant=to_participant,
        reason=(reason or "").strip()[:300],
        invitation=invitation,
        created_by=actor if actor is not None and actor.is_authenticated else None,
        expires_at=timezone.now() + dt.timedelta(hours=event.request_expiry_hours),
    )
    audit_record(
        actor=actor,
        action="event.request_create",
        obj=request,
        business=from_participant.business,
        changes={"to": [None, str(to_participant)], "reason": [None, request.reason]},
    )
    if notify:
        _mail_on_commit(_request_created_notice(request))
    return request


def _open_count(participant: Participant) -> int:
    return MeetingRequest.objects.filter(
        from_participant=participant, status=RequestStatus.PENDING
    ).count()


def _check_open_cap(participant: Participant) -> None:
    open_count = _open_count(participant)
    limit = participant.event.max_open_requests
    if open_count >= limit:
        raise ValidationError(
            _(
                "Anda sudah punya %(count)s permintaan yang belum dijawab (batas "
                "%(limit)s). Tunggu jawaban atau sampai permintaan kedaluwarsa."
            )
            % {"count": open_count, "limit": limit},
            code="limit",
        )


def _respond(
    actor: User, request: MeetingRequest, status: str, notify: bool = True
) -> MeetingRequest:
    _require_actor_for(actor, request.to_participant)
    meeting_requests_expire(event=request.event)
    request.refresh_from_db()
    if request.status != RequestStatus.PENDING:
        raise ValidationError(
            _("Permintaan ini sudah %(status)s; tidak bisa dijawab lagi.")
            % {"status": request.get_status_display().lower()},
            code="state",
        )
    request.status = status
    request.responded_at = timezone.now()
    request.save(update_fields=["status", "responded_at"])
    audit_record(
        actor=actor,
        action=f"event.request_{'accept' if status == RequestStatus.ACCEPTED else 'decline'}",
        obj=request,
        business=request.to_participant.business,
        changes={"status": [RequestStatus.PENDING, status]},
    )
    if notify:
        _mail_on_commit(_request_answered_notice(request))
    return request


@transaction.atomic
def meeting_request_accept(
    *, actor: User, request: MeetingRequest, notify: bool = True
) -> MeetingRequest:
    return _respond(actor, request, RequestStatus.ACCEPTED, notify)


@transaction.atomic
def meeting_request_decline(
    *, actor: User, request: MeetingRequest, notify: bool = True
) -> MeetingRequest:
    return _respond(actor, request, RequestStatus.DECLINED, notify)


@transaction.atomic
def must_meet_add(
    *, actor: User, seller: Participant, buyer: Participant, reason: str = ""
) -> MeetingRequest:
    """An officer decides that this pair must meet: an accepted request flagged must-meet."""
    _require_officer(actor)
    if seller.event_id != buyer.event_id or not (seller.is_seller and buyer.is_buyer):
        raise ValidationError(
            _("Pasangan wajib bertemu harus satu penjual dan satu pembeli dari acara ini."),
            code="invalid",
        )
    existing = (
        _pair_request(seller, buyer)
        .filter(status__in=[RequestStatus.PENDING, RequestStatus.ACCEPTED])
        .first()
    )
    now = timezone.now()
    if existing:
        old = [existing.status, existing.must_meet]
        existing.status = RequestStatus.ACCEPTED
        existing.must_meet = True
        existing.responded_at = existing.responded_at or now
        existing.save(update_fields=["status", "must_meet", "responded_at"])
        request = existing
        changes = {"status": [old[0], request.status], "must_meet": [old[1], True]}
    else:
        request = MeetingRequest.objects.create(
            event=seller.event,
            from_participant=buyer,
            to_participant=seller,
            reason=(reason or "Ditetapkan petugas").strip()[:300],
            status=RequestStatus.ACCEPTED,
            must_meet=True,
            created_by=actor,
            expires_at=now,
            responded_at=now,
        )
        changes = {"must_meet": [None, True], "seller": [None, str(seller)]}
    audit_record(
        actor=actor, action="event.must_meet", obj=request, business=buyer.business, changes=changes
    )
    return request


@transaction.atomic
def meeting_wish_add(
    *, actor: User, seller: Participant, buyer: Participant, reason: str = ""
) -> MeetingRequest:
    """An officer records a pair both sides already agreed to on the spot (e.g. a walk-in)."""
    _require_officer(actor)
    if _pair_request(seller, buyer).filter(status=RequestStatus.ACCEPTED).exists():
        return _pair_request(seller, buyer).filter(status=RequestStatus.ACCEPTED).first()
    now = timezone.now()
    request = MeetingRequest.objects.create(
        event=seller.event,
        from_participant=seller,
        to_participant=buyer,
        reason=(reason or "Dicatat petugas di tempat")[:300],
        status=RequestStatus.ACCEPTED,
        created_by=actor,
        expires_at=now,
        responded_at=now,
    )
    audit_record(
        actor=actor,
        action="event.request_on_the_spot",
        obj=request,
        business=seller.business,
        changes={"buyer": [None, str(buyer)]},
    )
    return request


def _invitation_sides(invitation, event: Event) -> tuple[Participant | None, Participant | None]:
    """The event's participants of the invitation's buyer (the need) and supplier (the offer)."""
    found = {
        p.business_id: p
        for p in Participant.objects.filter(
            event=event,
            business_id__in=[invitation.need.business_id, invitation.offer.business_id],
        ).select_related("business", "event")
    }
    return found.get(invitation.need.business_id), found.get(invitation.offer.business_id)


def _invitation_not_done(invitation) -> None:
    if selectors.invitation_has_agreement(invitation=invitation):
        raise ValidationError(
            _("Ajakan bertemu ini sudah menjadi perjanjian kemitraan; tidak perlu diajukan lagi."),
            code="state",
        )


def _invitation_check(event: Event, buyer: Participant, seller: Participant) -> None:
    if event.status in CLOSED_FOR_REQUESTS:
        raise ValidationError(_("Acara ini tidak menerima permintaan bertemu."), code="state")
    if not (buyer.is_buyer and seller.is_seller):
        raise ValidationError(
            _(
                "Permintaan bertemu hanya antara penjual (usaha mikro/kecil) dan pembeli "
                "(usaha menengah/besar)."
            ),
            code="invalid",
        )
    if (
        _pair_request(buyer, seller)
        .filter(status__in=[RequestStatus.PENDING, RequestStatus.ACCEPTED])
        .exists()
    ):
        raise ValidationError(
            _("Sudah ada permintaan bertemu antara %(a)s dan %(b)s.") % {"a": buyer, "b": seller},
            code="duplicate",
        )


def _invitation_request(
    actor: User, invitation, buyer: Participant, seller: Participant, *, accepted: bool = False
) -> MeetingRequest:
    now = timezone.now()
    event = buyer.event
    return MeetingRequest.objects.create(
        event=event,
        from_participant=buyer,
        to_participant=seller,
        reason=(invitation.message or f"Kebutuhan: {invitation.need.title}")[:300],
        status=RequestStatus.ACCEPTED if accepted else RequestStatus.PENDING,
        invitation=invitation,
        created_by=actor if actor is not None and actor.is_authenticated else None,
        expires_at=now + dt.timedelta(hours=event.request_expiry_hours),
        responded_at=now if accepted else None,
    )


@transaction.atomic
def meeting_request_from_invitation(
    *, actor: User, invitation, event: Event, notify: bool = True
) -> MeetingRequest:
    """The matching module's "ajak bertemu" becomes a request from the buyer to the supplier.

    Either business not yet registered for the event is invited from the registry.
    """
    need, offer = invitation.need, invitation.offer
    buyer_business, seller_business = need.business, offer.business
    if not _is_officer(actor) and not is_member(actor, buyer_business.pk):
        raise PermissionDenied(
            _("Hanya pembeli yang mengajak atau petugas yang dapat melakukan ini.")
        )
    if event.status in CLOSED_FOR_REQUESTS:
        raise ValidationError(_("Acara ini tidak menerima permintaan bertemu."), code="state")
    _invitation_not_done(invitation)
    meeting_requests_expire(event=event)
    participants = {}
    for business, role in ((buyer_business, Role.BUYER), (seller_business, Role.SELLER)):
        participant = Participant.objects.filter(event=event, business=business).first()
        if participant is None:
            participant = Participant.objects.create(
                event=event,
                business=business,
                role=role_for(business) or role,
                registered_how=RegisteredHow.INVITED,
                registered_by=actor,
            )
            audit_record(
                actor=actor,
                action="event.participant_add",
                obj=participant,
                business=business,
                changes={"event": [None, event.name], "how": [None, "invitation"]},
            )
        participants[role] = participant
    buyer, seller = participants[Role.BUYER], participants[Role.SELLER]
    _invitation_check(event, buyer, seller)
    _check_open_cap(buyer)
    # The buyer's representative or an officer sends it on the buyer's behalf.
    request = _invitation_request(actor, invitation, buyer, seller)
    audit_record(
        actor=actor,
        action="event.request_from_invitation",
        obj=request,
        business=buyer_business,
        changes={"invitation": [None, invitation.pk], "seller": [None, str(seller)]},
    )
    if notify:
        _mail_on_commit(_request_created_notice(request))
    return request


@transaction.atomic
def meeting_invitation_accept(
    *, actor: User, invitation, event: Event, notify: bool = True
) -> MeetingRequest:
    """The supplier accepts a buyer's "ajak bertemu" at an event both take part in: the
    request from the buyer is created already accepted, and the buyer is told."""
    if not _is_officer(actor) and not is_member(actor, invitation.offer.business_id):
        raise PermissionDenied(_("Hanya pemasok yang diajak atau petugas yang dapat menerima ini."))
    buyer, seller = _invitation_sides(invitation, event)
    if buyer is None or seller is None:
        raise ValidationError(
            _("Kedua usaha harus sudah terdaftar sebagai peserta acara ini."), code="duplicate"
        )
    _invitation_not_done(invitation)
    meeting_requests_expire(event=event)
    _invitation_check(event, buyer, seller)
    request = _invitation_request(actor, invitation, buyer, seller, accepted=True)
    audit_record(
        actor=actor,
        action="event.invitation_accept",
        obj=request,
        business=seller.business,
        changes={
            "invitation": [None, invitation.pk],
            "buyer": [None, str(buyer)],
            "status": [None, RequestStatus.ACCEPTED],
        },
    )
    if notify:
        _mail_on_commit(_request_answered_notice(request))
    return request


def invitations_to_requests(
    *, actor: User, participant: Participant, notify: bool = True
) -> list[MeetingRequest]:
    """The participant's open "ajak bertemu" invitations with other participants of the event
    become pending requests from the buyer. Beyond the buyer's open-request cap an invitation
    is skipped (and the skip audited), never refused: the buyer can still send it later.
    Returns the requests made."""
    event = participant.event
    if event.status in CLOSED_FOR_REQUESTS:
        return []
    meeting_requests_expire(event=event)
    made = []
    open_counts: dict[int, int] = {}
    for invitation in selectors.invitations_open_for(participant=participant):
        buyer, seller = invitation.buyer, invitation.seller
        if buyer.pk not in open_counts:
            open_counts[buyer.pk] = _open_count(buyer)
        if open_counts[buyer.pk] >= event.max_open_requests:
            audit_record(
                actor=actor,
                action="event.invitation_skip",
                obj=participant,
                business=buyer.business,
                changes={
                    "invitation": [None, invitation.pk],
                    "reason": [None, "open_request_cap"],
                },
            )
            continue
        request = _invitation_request(actor, invitation, buyer, seller)
        open_counts[buyer.pk] += 1
        audit_record(
            actor=actor,
            action="event.request_from_invitation",
            obj=request,
            business=buyer.business,
            changes={
                "invitation": [None, invitation.pk],
                "seller": [None, str(seller)],
                "on_registration": [None, True],
            },
        )
        if notify:
            _mail_on_commit(_request_created_notice(request))
        made.append(request)
    return made

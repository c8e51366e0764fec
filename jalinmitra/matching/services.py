from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jalinmitra.businesses.models import Need, Offer
from jalinmitra.core.services import audit_record
from jalinmitra.matching.models import MeetingInvitation, Shortlist

if TYPE_CHECKING:
    from jalinmitra.accounts.models import User


@transaction.atomic
def shortlist_toggle(*, actor: User, need: Need, offer: Offer, score: float = 0.0) -> bool:
    """Add the offer to the need's shortlist, or take it off. Returns whether it is on now."""
    existing = Shortlist.objects.filter(need=need, offer=offer).first()
    if existing:
        existing.delete()
        audit_record(
            actor=actor,
            action="shortlist.remove",
            obj=need,
            business=need.business,
            changes={"shortlist": [offer.title, None]},
        )
        return False
    Shortlist.objects.create(need=need, offer=offer, score=score, added_by=actor)
    audit_record(
        actor=actor,
        action="shortlist.add",
        obj=need,
        business=need.business,
        changes={"shortlist": [None, offer.title]},
    )
    return True


@transaction.atomic
def meeting_invitation_create(
    *,
    actor: User,
    need: Need,
    offer: Offer,
    message: str = "",
    score: float = 0.0,
    reasons: list[str] | None = None,
) -> MeetingInvitation:
    """ "Ajak bertemu": the buyer asks the supplier to meet; the events module schedules it."""
    if offer.business_id == need.business_id:
        raise ValidationError(_("Tidak bisa mengajak usaha sendiri."))
    if not need.is_open:
        raise ValidationError(
            _(
                "Kebutuhan ini sudah ditutup (atau batas waktunya sudah lewat); "
                "tidak bisa mengajak bertemu."
            )
        )
    invitation, created = MeetingInvitation.objects.get_or_create(
        need=need,
        offer=offer,
        defaults={
            "message": message[:300],
            "score": score,
            "reasons": reasons or [],
            "created_by": actor,
        },
    )
    if not created:
        raise ValidationError(_("Usaha ini sudah diajak bertemu untuk kebutuhan ini."))
    audit_record(
        actor=actor,
        action="meeting_invitation.create",
        obj=invitation,
        business=need.business,
        changes={"offer": [None, offer.title], "message": [None, message]},
    )
    return invitation

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jalinmitra.businesses.models import Need, Offer
from jalinmitra.core.services import audit_record
from jalinmitra.matching.choices import FeedbackKind
from jalinmitra.matching.engine.learning import learn
from jalinmitra.matching.models import MeetingInvitation, PairFeedback, Shortlist, SignalWeights
from jalinmitra.matching.selectors import (
    feedback_pairs,
    offer_index_weights_reload,
    pair_signal_values,
)

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


@transaction.atomic
def pair_feedback_record(
    *, actor: User, need: Need, offer: Offer, kind: str, reason: str = ""
) -> PairFeedback:
    """Feedback on one offer for one need by its buyer or an officer ("tidak relevan" needs
    a reason). Recorded once per kind; the pair's signal values are kept with it."""
    from jalinmitra.businesses.selectors import business_for_user

    business_for_user(actor, need.business_id)  # PermissionDenied for anyone else
    if kind not in FeedbackKind.values:
        raise ValidationError(_("Jenis umpan balik tidak dikenal."), code="invalid")
    reason = reason.strip()
    if kind == FeedbackKind.NOT_RELEVANT and not reason:
        raise ValidationError(_("Tuliskan alasannya: mengapa tidak relevan?"), code="invalid")
    if len(reason) > 300:
        raise ValidationError(_("Alasan paling banyak 300 karakter."), code="limit")
    if PairFeedback.objects.filter(need=need, offer=offer, kind=kind).exists():
        raise ValidationError(_("Umpan balik ini sudah tercatat."), code="duplicate")
    feedback = PairFeedback.objects.create(
        need=need,
        offer=offer,
        kind=kind,
        reason=reason,
        values=pair_signal_values(need=need, offer=offer),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="pair_feedback.record",
        obj=need,
        business=need.business,
        changes={"feedback": [None, f"{offer.title}: {kind}"], "reason": [None, reason]},
    )
    return feedback


NOT_RELEVANT_TEXT_MAX = 200


@transaction.atomic
def pair_not_relevant(
    *, actor: User, need: Need, offer: Offer, choice: str, text: str = ""
) -> PairFeedback:
    """ "Tidak relevan" from the need's page: a reason from the short list (``NotRelevantReason``)
    and an optional note of at most ``NOT_RELEVANT_TEXT_MAX`` characters. Who may: as
    ``pair_feedback_record`` (the need's business or an officer); the pair then leaves the
    need's list (``selectors.suppliers_for_need``)."""
    from jalinmitra.matching.choices import NotRelevantReason

    if choice not in NotRelevantReason.values:
        raise ValidationError(_("Pilih alasannya dari daftar."), code="invalid")
    text = " ".join(text.split())
    if len(text) > NOT_RELEVANT_TEXT_MAX:
        raise ValidationError(
            _("Catatan paling banyak %(n)d karakter.") % {"n": NOT_RELEVANT_TEXT_MAX},
            code="limit",
        )
    label = str(NotRelevantReason(choice).label)
    return pair_feedback_record(
        actor=actor,
        need=need,
        offer=offer,
        kind=FeedbackKind.NOT_RELEVANT,
        reason=f"{label}: {text}" if text else label,
    )


ACTIVITY_KINDS = (FeedbackKind.INVITED, FeedbackKind.MET, FeedbackKind.AGREED)


@transaction.atomic
def pair_feedback_from_activity(
    *, actor: User | None, invitation: MeetingInvitation, kind: str
) -> PairFeedback | None:
    """What happened to an "ajak bertemu" pair, recorded by the higher apps where it happens:
    events when a meeting from it is held (``met``), agreements when an agreement from it is
    signed (``agreed``). The write that calls this was checked there, so no check of the actor
    here. Idempotent: None when this kind is already recorded for the pair."""
    if kind not in ACTIVITY_KINDS:
        raise ValueError(kind)
    need, offer = invitation.need, invitation.offer
    if PairFeedback.objects.filter(need=need, offer=offer, kind=kind).exists():
        return None
    feedback = PairFeedback.objects.create(
        need=need,
        offer=offer,
        kind=kind,
        values=pair_signal_values(need=need, offer=offer),
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    audit_record(
        actor=actor,
        action="pair_feedback.record",
        obj=need,
        business=need.business,
        changes={"feedback": [None, f"{offer.title}: {kind}"]},
    )
    return feedback


@transaction.atomic
def signal_weights_train(*, actor: User | None) -> SignalWeights:
    """Learn a new version of the signal weights from the feedback (not switched on).
    ``actor`` None: the periodic command."""
    if actor is not None and not actor.is_officer:
        raise PermissionDenied(_("Hanya petugas yang dapat melatih bobot."))
    last = SignalWeights.objects.order_by("-version").first()
    learnt = learn(feedback_pairs(), version=(last.version + 1) if last else 1)
    weights = SignalWeights.objects.create(
        version=learnt.version,
        weights=learnt.weights,
        trained_pairs=learnt.trained_pairs,
        heldout_pairs=learnt.heldout_pairs,
        heldout_accuracy_hand=learnt.heldout_accuracy_hand,
        heldout_accuracy_learnt=learnt.heldout_accuracy_learnt,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="signal_weights.train",
        obj=weights,
        changes={"weights": [None, learnt.weights]},
    )
    return weights


@transaction.atomic
def signal_weights_activate(*, actor: User | None, weights: SignalWeights | None) -> None:
    """Switch learnt weights on (only when they beat the hand weights on held-out
    feedback), or back to the hand weights with ``weights=None``. ``actor`` None: the
    periodic command."""
    if actor is not None and not actor.is_officer:
        raise PermissionDenied(_("Hanya petugas yang dapat mengganti bobot."))
    if weights is not None and not weights.better:
        raise ValidationError(
            _("Bobot ini tidak lebih baik dari bobot awal pada umpan balik uji."), code="state"
        )
    before = SignalWeights.objects.filter(is_active=True).first()
    if before == weights:
        return  # already so: nothing changes, nothing to record
    SignalWeights.objects.filter(is_active=True).update(is_active=False)
    if weights is not None:
        weights.is_active = True
        weights.save(update_fields=["is_active"])
    transaction.on_commit(offer_index_weights_reload)
    audit_record(
        actor=actor,
        action="signal_weights.activate",
        obj=weights or before,  # type: ignore[arg-type]  # one is set: they differ
        changes={
            "version": [before.version if before else None, weights.version if weights else None]
        },
    )

"""The signing ceremony at a temu usaha: parties sign in person, the witnesses once for all."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jalinmitra.agreements.choices import Party, Status
from jalinmitra.agreements.models import Agreement
from jalinmitra.agreements.services._common import (
    _check,
    _forbid,
    _invalid,
    _move,
    _require_ceremony_officer,
)
from jalinmitra.agreements.services.documents import agreement_pdfs_job_start
from jalinmitra.agreements.services.transitions import (
    _witnesses,
    agreement_activate,
    agreement_witness,
)
from jalinmitra.agreements.workflow import is_party_member
from jalinmitra.core.services import audit_record

if TYPE_CHECKING:
    from jalinmitra.accounts.models import User


@transaction.atomic
def agreement_sign_in_ceremony(
    *, actor: User, agreement: Agreement, party: str, event
) -> Agreement:
    """An officer records a party signing in person at the event's ceremony: no scan needed,
    the officer is the witness of the signature itself."""
    if party not in Party.values:
        raise ValueError(party)
    _require_ceremony_officer(actor, agreement)
    agreement = (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("origin_meeting", "small_party", "large_party")
        .get(pk=agreement.pk)
    )
    if agreement.origin_meeting is None or agreement.origin_meeting.event_id != event.pk:
        _invalid(_("Perjanjian ini tidak berasal dari pertemuan di acara ini."))
    _check("sign_in_person", actor, agreement)
    if getattr(agreement, f"signed_{party}_at"):
        _invalid(_("Pihak ini sudah menandatangani."))
    setattr(agreement, f"signed_{party}_at", timezone.now())
    setattr(agreement, f"signed_{party}_by", actor)
    setattr(agreement, f"signed_{party}_in_person", True)
    both = agreement.signed_small_at and agreement.signed_large_at
    return _move(
        actor,
        agreement,
        "sign_in_person",
        to=Status.SIGNED if both else Status.READY,
        action="agreement.sign_in_person",
        party=[None, party],
        signed_in_person=[False, True],
        event=[None, event.pk],
    )


@transaction.atomic
def ceremony_witness_batch(*, actor: User, event, witnesses):
    """The city's witnesses sign once for the whole batch: every agreement of the event signed
    by both parties is witnessed and activated; their PDFs are rendered in the background.
    Returns the Job of that rendering. One agreement the officer may not act on stops all."""
    from jalinmitra.agreements.selectors import ceremony_agreements

    _require_ceremony_officer(actor)
    batch = list(
        ceremony_agreements(event).filter(status=Status.SIGNED).select_for_update(of=("self",))
    )
    if not batch:
        _invalid(_("Belum ada perjanjian yang ditandatangani kedua pihak di acara ini."))
    conflicted = [str(a) for a in batch if is_party_member(actor, a)]
    if conflicted:
        _forbid(
            _("Anda anggota salah satu pihak dalam: %(list)s. Minta petugas lain.")
            % {"list": ", ".join(conflicted)}
        )
    officials = _witnesses(witnesses)
    for agreement in batch:
        agreement_witness(actor=actor, agreement=agreement, witnesses=officials, render=False)
        agreement_activate(actor=actor, agreement=agreement)
    audit_record(
        actor=actor,
        action="agreement.ceremony_witness",
        obj=event,
        changes={
            "agreements": [None, [str(a) for a in batch]],
            "witnesses": [None, [str(o) for o in officials]],
        },
    )
    return agreement_pdfs_job_start(
        actor=actor,
        agreements=batch,
        title=_("PDF perjanjian yang disaksikan di %(event)s") % {"event": event.name},
    )

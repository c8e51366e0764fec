"""What the parts of the agreements services share: the refusals and the one move helper."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NoReturn

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from jalinmitra.agreements.models import Agreement
from jalinmitra.agreements.workflow import AGREEMENT_FLOW, is_party_member
from jalinmitra.core.services import audit_record
from jalinmitra.matching.services import pair_feedback_from_activity

if TYPE_CHECKING:
    from jalinmitra.accounts.models import User

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def _forbid(message: str) -> NoReturn:
    """This actor may not do this (the 403 page, with the reason)."""
    raise PermissionDenied(message)


def _invalid(message: str) -> NoReturn:
    """Not possible in the agreement's present state (a form error or the 400 page)."""
    raise ValidationError(message, code="state")


def _check(name: str, actor: User, agreement: Agreement) -> None:
    """Refuse a move the workflow table does not allow: the wrong person (PermissionDenied),
    the wrong state (ValidationError, code "state")."""
    AGREEMENT_FLOW.check(name, actor=actor, obj=agreement)


def _move(
    actor: User,
    agreement: Agreement,
    name: str,
    *,
    action: str,
    to: str | None = None,
    **extra: Any,
) -> Agreement:
    """Record the table's move `name` (the status it reaches: `to` where the table leaves it
    to the service), with its audit row."""
    transition = AGREEMENT_FLOW[name]
    to = to or transition.dst
    if to is None or to not in transition.targets():
        raise ValueError(f"{name} does not reach {to}")
    if agreement.status not in transition.src:
        _invalid(
            _("Tindakan ini tidak dapat dilakukan pada perjanjian berstatus %(s)s.")
            % {"s": agreement.get_status_display()}
        )
    old = agreement.status
    agreement.status = to
    agreement.version += 1
    agreement.save()
    audit_record(
        actor=actor,
        action=action,
        obj=agreement,
        business=agreement.small_party,
        changes={"status": [old, to], **extra},
    )
    invitation = agreement.origin_invitation if to == "signed" else None
    if invitation is not None:  # matching learns from an agreement signed (issue 15)
        pair_feedback_from_activity(actor=actor, invitation=invitation, kind="agreed")
    return agreement


def _require_ceremony_officer(actor: User, agreement: Agreement | None = None) -> None:
    if not actor.is_officer:
        _forbid(_("Hanya petugas yang dapat memimpin penandatanganan bersama."))
    if agreement is not None and is_party_member(actor, agreement):
        _forbid(
            _("Petugas yang menjadi anggota salah satu pihak tidak boleh mencatat perjanjian ini.")
        )

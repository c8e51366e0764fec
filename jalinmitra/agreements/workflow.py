"""The agreement workflow in one table: services check it, the detail page's buttons come from it.

draft/returned -submit-> submitted -approve-> ready -sign-> signed -witness-> witnessed
-activate-> active -complete-> completed; terminate from ready to active; an addendum's
activation moves the agreement it amends to amended.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from jalinmitra.agreements.choices import EDITABLE_STATUSES, EndKind, Party, Status
from jalinmitra.businesses.selectors import is_member as business_is_member
from jalinmitra.core.workflow import Transition, Workflow

if TYPE_CHECKING:
    from jalinmitra.agreements.models import Agreement
    from jalinmitra.businesses.models import Business


def is_member(user: Any, business: Business) -> bool:
    # A page asks about the same two businesses for every button: `viewer` keeps the answers.
    cache = getattr(user, "_membership_cache", None)
    if cache is None:
        return business_is_member(user, business.pk)
    if business.pk not in cache:
        cache[business.pk] = business_is_member(user, business.pk)
    return cache[business.pk]


def viewer(user: Any) -> Any:
    """A copy of `user` that remembers its memberships, for one page's worth of checks."""
    seen = copy.copy(user)
    seen._membership_cache = {}
    return seen


def is_party_member(user: Any, agreement: Agreement) -> bool:
    return is_member(user, agreement.small_party) or is_member(user, agreement.large_party)


def may_approve(actor: Any, agreement: Agreement) -> bool:
    """Separation of duties: whoever drafted or submitted an agreement does not approve it."""
    return actor.pk not in {agreement.created_by_id, agreement.submitted_by_id}


def party_of(user: Any, agreement: Agreement) -> str | None:
    """The side the user acts for: small, large, or None (a member of both is neither)."""
    small = is_member(user, agreement.small_party)
    large = is_member(user, agreement.large_party)
    if small and not large:
        return Party.SMALL
    if large and not small:
        return Party.LARGE
    return None


def end_role(user: Any, agreement: Agreement) -> str | None:
    """What the user may do about ending: "officer" (decide with a reason), "propose" (ask the
    other party), "confirm" (answer the other party's request), "wait" (own request pending),
    or None."""
    side = party_of(user, agreement)
    if side is None:
        if user.is_officer and not is_party_member(user, agreement):
            return "officer"
        return None
    if not agreement.end_proposal:
        return "propose"
    return "wait" if agreement.end_proposal_party == side else "confirm"


# --- who may: None, or the reason for the 403 page ---------------------------------------------


def _party_or_officer(message: Any):
    def refuse(user: Any, agreement: Agreement) -> Any:
        return None if user.is_officer or is_party_member(user, agreement) else message

    return refuse


def _officer(message: Any):
    def refuse(user: Any, agreement: Agreement) -> Any:
        return None if user.is_officer else message

    return refuse


def _reviewer(user: Any, agreement: Agreement) -> Any:
    if not user.is_officer:
        return _("Hanya petugas yang dapat memeriksa perjanjian.")
    if is_party_member(user, agreement):
        return _(
            "Petugas yang menjadi anggota salah satu pihak tidak boleh memeriksa perjanjian ini."
        )
    return None


def _approver(user: Any, agreement: Agreement) -> Any:
    reason = _reviewer(user, agreement)
    if reason is None and not may_approve(user, agreement):
        return _(
            "Anda yang menyusun atau mengajukan perjanjian ini, jadi tidak boleh "
            "menyetujuinya sendiri. Minta petugas lain untuk memeriksa dan menyetujui."
        )
    return reason


def _signer(party: str):
    """A member signs for their own party; an officer of neither party records a wet-ink one."""

    def refuse(user: Any, agreement: Agreement) -> Any:
        business = agreement.small_party if party == Party.SMALL else agreement.large_party
        if is_member(user, business):
            return None
        if user.is_officer and not is_party_member(user, agreement):
            return None
        return _("Anda hanya dapat menandatangani untuk usaha Anda sendiri.")

    return refuse


def _ceremony_officer(user: Any, agreement: Agreement) -> Any:
    if not user.is_officer:
        return _("Hanya petugas yang dapat memimpin penandatanganan bersama.")
    if is_party_member(user, agreement):
        return _(
            "Petugas yang menjadi anggota salah satu pihak tidak boleh mencatat perjanjian ini."
        )
    return None


def _ender(user: Any, agreement: Agreement) -> Any:
    if end_role(user, agreement) is None:
        return _("Hanya pihak dalam perjanjian atau petugas yang dapat mengakhiri perjanjian.")
    return None


def _answerer(user: Any, agreement: Agreement) -> Any:
    if end_role(user, agreement) is None:
        return _("Hanya pihak dalam perjanjian atau petugas yang dapat menanggapi usulan ini.")
    return None


# --- not possible now, beyond the status -------------------------------------------------------


def _unsigned(party: str):
    def blocked(agreement: Agreement) -> Any:
        if getattr(agreement, f"signed_{party}_at"):
            return _("Pihak ini sudah menandatangani.")
        return None

    return blocked


def _proposal_waiting(agreement: Agreement) -> Any:
    return None if agreement.end_proposal else _("Tidak ada usulan pengakhiran yang menunggu.")


def _proposes_or_decides(user: Any, agreement: Agreement) -> bool:
    # The other party confirms from the notice above the buttons ("Tinjau dan konfirmasi").
    return end_role(user, agreement) in {"officer", "propose"}


def _complete_label(user: Any, agreement: Agreement) -> Any:
    return _("Nyatakan selesai") if end_role(user, agreement) == "officer" else _("Selesai")


def _decline_label(user: Any, agreement: Agreement) -> Any:
    return _("Tarik usulan saya") if end_role(user, agreement) == "wait" else _("Tolak usulan")


def _wrong_state(agreement: Agreement) -> Any:
    return _("Tindakan ini tidak dapat dilakukan pada perjanjian berstatus %(s)s.") % {
        "s": agreement.get_status_display()
    }


SIGNABLE = frozenset({Status.READY, Status.SIGNED})
ENDABLE = frozenset({Status.READY, Status.SIGNED, Status.WITNESSED, Status.ACTIVE})

AGREEMENT_FLOW = Workflow(
    "agreement",
    [
        # form "page": the button opens the move's own page (the form, the confirmation).
        Transition(
            "edit",
            src=frozenset(EDITABLE_STATUSES),
            dst=None,
            label=_("Ubah isi"),
            refuse=_party_or_officer(_("Anda tidak berhak mengubah perjanjian ini.")),
            wrong_state=_("Perjanjian hanya dapat diubah saat berstatus draf atau dikembalikan."),
            style="secondary",
            form="page",
        ),
        Transition(
            "submit",
            src=frozenset({Status.DRAFT, Status.RETURNED}),
            dst=Status.SUBMITTED,
            label=_("Ajukan untuk diperiksa"),
            refuse=_party_or_officer(
                _("Hanya pihak dalam perjanjian atau petugas yang dapat mengajukan.")
            ),
            wrong_state=_("Hanya draf atau perjanjian yang dikembalikan yang dapat diajukan."),
        ),
        Transition(
            "approve",
            src=frozenset({Status.SUBMITTED}),
            dst=Status.READY,
            label=_("Setujui dan beri nomor"),
            refuse=_approver,
            wrong_state=_("Hanya perjanjian yang diajukan yang dapat disetujui."),
            form="notes",
        ),
        Transition(
            "return",
            src=frozenset({Status.SUBMITTED}),
            dst=Status.RETURNED,
            label=_("Kembalikan"),
            refuse=_reviewer,
            style="danger",
            form="notes",
        ),
        Transition(
            "sign_small",
            src=SIGNABLE,
            dst=None,
            reaches=SIGNABLE,
            label=_("Tanda tangani sebagai Pihak Pertama"),
            refuse=_signer(Party.SMALL),
            blocked=_unsigned(Party.SMALL),
            wrong_state=_("Perjanjian belum siap ditandatangani."),
            form="scan",
        ),
        Transition(
            "sign_large",
            src=SIGNABLE,
            dst=None,
            reaches=SIGNABLE,
            label=_("Tanda tangani sebagai Pihak Kedua"),
            refuse=_signer(Party.LARGE),
            blocked=_unsigned(Party.LARGE),
            wrong_state=_("Perjanjian belum siap ditandatangani."),
            form="scan",
        ),
        Transition(
            "sign_in_person",  # at a temu usaha's ceremony, from the ceremony page
            src=SIGNABLE,
            dst=None,
            reaches=SIGNABLE,
            label=_("Menandatangani"),
            refuse=_ceremony_officer,
            wrong_state=_("Perjanjian belum siap ditandatangani."),
            button=False,
        ),
        Transition(
            "witness",
            src=frozenset({Status.SIGNED}),
            dst=Status.WITNESSED,
            label=_("Catat kesaksian"),
            refuse=_reviewer,
            wrong_state=_("Perjanjian harus ditandatangani kedua pihak sebelum disaksikan."),
            form="witnesses",
        ),
        Transition(
            "activate",
            src=frozenset({Status.WITNESSED}),
            dst=Status.ACTIVE,
            label=_("Mulai berlaku"),
            refuse=_officer(_("Hanya petugas yang dapat mengaktifkan perjanjian.")),
        ),
        Transition(
            "amend",  # a new draft; this agreement runs on until the addendum is activated
            src=frozenset({Status.ACTIVE}),
            dst=None,
            label=_("Buat adendum"),
            refuse=_party_or_officer(
                _("Hanya pihak dalam perjanjian atau petugas yang dapat melakukan ini.")
            ),
            wrong_state=_(
                "Hanya perjanjian yang sedang berjalan yang dapat diubah dengan adendum."
            ),
        ),
        Transition(
            "amended",  # the addendum's activation
            src=frozenset({Status.ACTIVE}),
            dst=Status.AMENDED,
            label=_("Diubah (adendum)"),
            refuse=_officer(_("Hanya petugas yang dapat mengaktifkan perjanjian.")),
            button=False,
        ),
        Transition(
            EndKind.COMPLETE,
            src=frozenset({Status.ACTIVE}),
            dst=Status.COMPLETED,
            label=_("Selesai"),
            label_for=_complete_label,
            refuse=_ender,
            offered=_proposes_or_decides,
            form="page",
        ),
        Transition(
            EndKind.TERMINATE,
            src=ENDABLE,
            dst=Status.TERMINATED,
            label=_("Akhiri perjanjian"),
            refuse=_ender,
            offered=_proposes_or_decides,
            style="danger",
            form="page",
        ),
        Transition(
            "end_decline",  # the request to end is withdrawn or declined; nothing ends
            src=ENDABLE,
            dst=None,
            label=_("Tolak usulan"),
            label_for=_decline_label,
            refuse=_answerer,
            blocked=_proposal_waiting,
            style="danger",
        ),
    ],
    wrong_state=_wrong_state,
)

END_STATUSES = {
    EndKind.COMPLETE: AGREEMENT_FLOW[EndKind.COMPLETE].src,
    EndKind.TERMINATE: AGREEMENT_FLOW[EndKind.TERMINATE].src,
}
END_TO = {kind: AGREEMENT_FLOW[kind].dst for kind in END_STATUSES}

"""The verification workflow of a business in one table: the services check it, the business
page's buttons come from it.

draft/returned -submit-> submitted -verify-> verified; an officer may verify a draft directly
and return a submitted or verified business; an owner's change of identity or size sends a
verified business back to submitted.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from jalinmitra.businesses import selectors
from jalinmitra.businesses.choices import VerificationStatus
from jalinmitra.core.workflow import Transition, Workflow


def _owner_or_officer(user: Any, business: Any) -> Any:
    if getattr(user, "is_officer", False) or selectors.is_member(user, business.pk):
        return None
    return _("Hanya pemilik usaha atau petugas yang dapat mengajukan verifikasi.")


def _officer(message: Any):
    def refuse(user: Any, business: Any) -> Any:
        return None if getattr(user, "is_officer", False) else message

    return refuse


BUSINESS_FLOW = Workflow(
    "business",
    [
        Transition(
            "submit",
            src=frozenset({VerificationStatus.DRAFT, VerificationStatus.RETURNED}),
            dst=VerificationStatus.SUBMITTED,
            label=_("Ajukan verifikasi"),
            refuse=_owner_or_officer,
            wrong_state=_("Hanya data berstatus draf atau dikembalikan yang bisa diajukan."),
        ),
        Transition(
            "verify",
            src=frozenset(
                {
                    VerificationStatus.SUBMITTED,
                    VerificationStatus.DRAFT,
                    VerificationStatus.RETURNED,
                }
            ),
            dst=VerificationStatus.VERIFIED,
            label=_("Verifikasi"),
            refuse=_officer(_("Hanya petugas yang dapat memverifikasi.")),
            wrong_state=_("Usaha ini sudah terverifikasi."),
        ),
        Transition(
            "return",
            src=frozenset({VerificationStatus.SUBMITTED, VerificationStatus.VERIFIED}),
            dst=VerificationStatus.RETURNED,
            label=_("Kembalikan"),
            refuse=_officer(_("Hanya petugas yang dapat mengembalikan pengajuan.")),
            wrong_state=_("Hanya pengajuan yang bisa dikembalikan."),
            style="danger",
            form="reason",
        ),
        Transition(
            "changed",  # the owner changed identity or size: an officer must look again
            src=frozenset({VerificationStatus.VERIFIED}),
            dst=VerificationStatus.SUBMITTED,
            label=_("Diajukan"),
            button=False,
        ),
    ],
)

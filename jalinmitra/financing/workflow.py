"""The referral's two state machines as tables: the city's part and each bank's part.

City:  diajukan -check-> diperiksa -forward-> diteruskan;  diajukan -return-> dikembalikan
       -resubmit-> diajukan;  withdraw from any of these before a bank decides -> ditarik.
Bank:  menunggu -claim-> diproses -ask_documents-> perlu_dokumen -documents_sent-> diproses;
       diproses -approve-> disetujui -disburse-> dicairkan;  diproses/perlu_dokumen -reject->
       ditolak;  the business's withdrawal moves every open one to ditarik (no button).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from jalinmitra.businesses.selectors import is_member
from jalinmitra.core.workflow import Transition, Workflow
from jalinmitra.financing.choices import DECIDED, OPEN_AT_BANK, BankStatus, Status


def bank_of(user: Any):
    """The bank a bank user works for, or None."""
    if not getattr(user, "is_authenticated", False) or not user.is_bank:
        return None
    cached = getattr(user, "_financing_bank", False)
    if cached is not False:
        return cached
    from jalinmitra.financing.models import BankMembership

    membership = BankMembership.objects.select_related("bank").filter(user=user).first()
    bank = membership.bank if membership is not None and membership.bank.is_active else None
    user._financing_bank = bank
    return bank


def is_business_member(user: Any, referral: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and is_member(user, referral.business_id)


def _officer(user: Any, referral: Any) -> Any:
    if not user.is_officer:
        return _("Hanya petugas yang dapat memeriksa dan meneruskan rujukan.")
    if is_business_member(user, referral):
        return _("Petugas yang menjadi anggota usaha ini tidak boleh memeriksa rujukannya.")
    return None


def _business_or_officer(user: Any, referral: Any) -> Any:
    if user.is_officer or is_business_member(user, referral):
        return None
    return _("Hanya pemilik usaha atau petugas yang dapat melakukan ini.")


def _no_decision(referral: Any) -> Any:
    if referral.bank_cases.filter(status__in=DECIDED).exists():
        return _("Sudah ada bank yang menyetujui rujukan ini; rujukan tidak dapat ditarik lagi.")
    return None


REFERRAL_FLOW = Workflow(
    "referral",
    [
        Transition(
            "check",
            src=frozenset({Status.DIAJUKAN}),
            dst=Status.DIPERIKSA,
            label=_("Lengkap, tandai sudah diperiksa"),
            refuse=_officer,
            wrong_state=_("Hanya rujukan yang diajukan yang dapat diperiksa."),
            form="recommendation",
        ),
        Transition(
            "return",
            src=frozenset({Status.DIAJUKAN, Status.DIPERIKSA}),
            dst=Status.DIKEMBALIKAN,
            label=_("Kembalikan untuk dilengkapi"),
            refuse=_officer,
            style="danger",
            form="notes",
        ),
        Transition(
            "resubmit",
            src=frozenset({Status.DIKEMBALIKAN}),
            dst=Status.DIAJUKAN,
            label=_("Ajukan lagi"),
            refuse=_business_or_officer,
            wrong_state=_("Hanya rujukan yang dikembalikan yang dapat diajukan lagi."),
        ),
        Transition(
            "choose_banks",  # the status does not change
            src=frozenset({Status.DIAJUKAN, Status.DIPERIKSA}),
            dst=None,
            label=_("Pilihkan bank"),
            refuse=_officer,
            wrong_state=_("Bank hanya dapat dipilih sebelum rujukan diteruskan."),
            style="secondary",
            form="banks",
        ),
        Transition(
            "forward",
            src=frozenset({Status.DIPERIKSA}),
            dst=Status.DITERUSKAN,
            label=_("Teruskan ke bank"),
            refuse=_officer,
            wrong_state=_("Rujukan harus diperiksa petugas sebelum diteruskan ke bank."),
            form="banks",
        ),
        Transition(
            "withdraw",
            src=frozenset(
                {Status.DIAJUKAN, Status.DIKEMBALIKAN, Status.DIPERIKSA, Status.DITERUSKAN}
            ),
            dst=Status.DITARIK,
            label=_("Tarik rujukan"),
            refuse=_business_or_officer,
            blocked=_no_decision,
            wrong_state=_("Rujukan ini sudah ditarik."),
            style="danger",
            form="page",
        ),
    ],
)


def _bank_user(user: Any, case: Any) -> Any:
    bank = bank_of(user)
    if bank is None or bank.pk != case.bank_id:
        return _("Hanya petugas bank tujuan yang dapat memproses rujukan ini.")
    return None


def _claimer(user: Any, case: Any) -> Any:
    reason = _bank_user(user, case)
    if reason is None and case.claimed_by_id and case.claimed_by_id != user.pk:
        return _("Rujukan ini sedang diproses rekan Anda %(name)s.") % {
            "name": case.claimed_by.display_name
        }
    return reason


def _business_of_case(user: Any, case: Any) -> Any:
    if user.is_officer or is_business_member(user, case.referral):
        return None
    return _("Hanya pemilik usaha atau petugas yang dapat mengirim dokumen.")


BANK_FLOW = Workflow(
    "bank_referral",
    [
        Transition(
            "claim",
            src=frozenset({BankStatus.MENUNGGU}),
            dst=BankStatus.DIPROSES,
            label=_("Proses rujukan ini"),
            refuse=_bank_user,
            wrong_state=_("Rujukan ini sudah diproses."),
        ),
        Transition(
            "ask_documents",
            src=frozenset({BankStatus.DIPROSES}),
            dst=BankStatus.PERLU_DOKUMEN,
            label=_("Minta dokumen"),
            refuse=_claimer,
            form="documents_request",
        ),
        Transition(
            "documents_sent",
            src=frozenset({BankStatus.PERLU_DOKUMEN}),
            dst=BankStatus.DIPROSES,
            label=_("Kirim dokumen ke bank"),
            refuse=_business_of_case,
            wrong_state=_("Bank sedang tidak meminta dokumen."),
        ),
        Transition(
            "approve",
            src=frozenset({BankStatus.DIPROSES}),
            dst=BankStatus.DISETUJUI,
            label=_("Setujui"),
            refuse=_claimer,
            wrong_state=_("Hanya rujukan yang sedang diproses yang dapat disetujui."),
            form="approve",
        ),
        Transition(
            "reject",
            src=frozenset({BankStatus.DIPROSES, BankStatus.PERLU_DOKUMEN}),
            dst=BankStatus.DITOLAK,
            label=_("Tolak"),
            refuse=_claimer,
            wrong_state=_("Hanya rujukan yang sedang diproses yang dapat ditolak."),
            style="danger",
            form="reject",
        ),
        Transition(
            "disburse",
            src=frozenset({BankStatus.DISETUJUI}),
            dst=BankStatus.DICAIRKAN,
            label=_("Catat pencairan"),
            refuse=_claimer,
            wrong_state=_("Hanya kredit yang disetujui yang dapat dicairkan."),
            form="disburse",
        ),
        Transition(
            "withdrawn",
            src=OPEN_AT_BANK,
            dst=BankStatus.DITARIK,
            label=_("Ditarik pemohon"),
            refuse=_business_of_case,
            button=False,
        ),
    ],
)

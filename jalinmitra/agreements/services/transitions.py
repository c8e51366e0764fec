"""The agreement's moves, each checked against the table in agreements/workflow.py:
submit, approve, return, sign, witness, activate, and ending (both parties or an officer)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from jalinmitra.agreements.choices import EndKind, Party, Status
from jalinmitra.agreements.models import NOTE_MAX, Agreement
from jalinmitra.agreements.services._common import _check, _forbid, _invalid, _move
from jalinmitra.agreements.services.checks import _require_checks
from jalinmitra.agreements.services.documents import _sha256, read_pdf_upload
from jalinmitra.agreements.workflow import end_role, is_member, party_of
from jalinmitra.core.dates import bulan_romawi
from jalinmitra.core.models import City, Official
from jalinmitra.core.notify import delete_files_after_commit
from jalinmitra.core.selectors import city_current
from jalinmitra.core.services import audit_record

if TYPE_CHECKING:
    from jalinmitra.accounts.models import User


@transaction.atomic
def agreement_submit(*, actor: User, agreement: Agreement) -> Agreement:
    _check("submit", actor, agreement)
    _require_checks(agreement)
    agreement.submitted_at = timezone.now()
    agreement.submitted_by = actor
    return _move(actor, agreement, "submit", action="agreement.submit")


def _assign_number(agreement: Agreement) -> None:
    city = city_current()
    if city is not None:
        # Lock the city row as a mutex: PostgreSQL refuses FOR UPDATE with an aggregate.
        City.objects.select_for_update().filter(pk=city.pk).first()
    now = timezone.localtime()
    year = now.year
    last = Agreement.objects.filter(number_year=year).aggregate(n=Max("number_seq"))["n"] or 0
    seq = last + 1
    office = city.offices.first() if city else None
    pattern = city.agreement_number_pattern if city else "{seq:03d}/{year}"
    agreement.number_year = year
    agreement.number_seq = seq
    agreement.number = pattern.format(
        seq=seq,
        city=city.code if city else "",
        office=office.code if office else "",
        month_roman=bulan_romawi(now.month),
        month=now.month,
        year=year,
    )


def _review_notes(notes: str) -> str:
    text = (notes or "").strip()
    if len(text) > NOTE_MAX:
        raise ValidationError(
            {"notes": _("Catatan paling panjang %(n)s karakter.") % {"n": NOTE_MAX}}
        )
    return text


@transaction.atomic
def agreement_approve(*, actor: User, agreement: Agreement, notes: str = "") -> Agreement:
    _check("approve", actor, agreement)
    _require_checks(agreement)
    agreement.review_notes = _review_notes(notes)
    agreement.approved_at = timezone.now()
    agreement.approved_by = actor
    if not agreement.number:
        _assign_number(agreement)
    agreement = _move(
        actor,
        agreement,
        "approve",
        action="agreement.approve",
        number=[None, agreement.number],
    )
    from jalinmitra.agreements.services.notices import agreement_ready_notify

    agreement_ready_notify(agreement=agreement, actor=actor)
    return agreement


@transaction.atomic
def agreement_return(*, actor: User, agreement: Agreement, notes: str) -> Agreement:
    _check("return", actor, agreement)
    if not notes.strip():
        raise ValidationError(
            {"notes": _("Tuliskan catatan agar para pihak tahu apa yang harus diperbaiki.")}
        )
    agreement.review_notes = _review_notes(notes)
    return _move(
        actor,
        agreement,
        "return",
        action="agreement.return",
        notes=[None, notes.strip()],
    )


@transaction.atomic
def agreement_sign(*, actor: User, agreement: Agreement, party: str, scan=None) -> Agreement:
    """A member signs for their own party; an officer may record a wet-ink signing with a scan."""
    if party not in Party.values:
        raise ValueError(party)
    business = agreement.small_party if party == Party.SMALL else agreement.large_party
    _check(f"sign_{party}", actor, agreement)
    if not is_member(actor, business) and scan is None:
        _invalid(_("Petugas mencatat tanda tangan basah dengan mengunggah pindaian dokumen."))
    at_field, by_field = f"signed_{party}_at", f"signed_{party}_by"
    extra = {}
    if scan is not None:
        if not actor.is_officer:
            _forbid(_("Hanya petugas yang dapat mengunggah pindaian tanda tangan basah."))
        data = read_pdf_upload(scan)
        agreement.wet_ink = True
        agreement.signed_sha256 = _sha256(data)
        if agreement.signed_pdf:
            # The later scan carries both signatures; keep no orphan of the earlier one (removed
            # once this signing is committed, so a refused signing keeps it).
            delete_files_after_commit([agreement.signed_pdf.name])
        agreement.signed_pdf.save(
            f"perjanjian-{agreement.code}-pindaian.pdf", ContentFile(data), save=False
        )
        extra["signed_sha256"] = [None, agreement.signed_sha256]
    setattr(agreement, at_field, timezone.now())
    setattr(agreement, by_field, actor)
    both = agreement.signed_small_at and agreement.signed_large_at
    return _move(
        actor,
        agreement,
        f"sign_{party}",
        to=Status.SIGNED if both else Status.READY,
        action=f"agreement.sign_{party}",
        **extra,
    )


def witness_officials_available() -> list[Official]:
    """The city's officials who may witness agreements, in their order."""
    city = city_current()
    if city is None:
        return []
    return [o for o in city.officials.all() if o.is_witness]


def _witnesses(witnesses) -> list[Official]:
    """The officials who actually witnessed: at least one, each a witness of this city."""
    chosen = list(witnesses or [])
    if not chosen:
        raise ValidationError(
            {"witnesses": _("Pilih pejabat yang benar-benar hadir dan menyaksikan.")}
        )
    allowed = {o.pk for o in witness_officials_available()}
    if any(o.pk not in allowed for o in chosen):
        raise ValidationError(
            {"witnesses": _("Hanya pejabat saksi kota ini yang dapat dicatat sebagai saksi.")}
        )
    return sorted(set(chosen), key=lambda o: (o.order, o.name, o.pk))


@transaction.atomic
def agreement_witness(
    *, actor: User, agreement: Agreement, witnesses, render: bool = True
) -> Agreement:
    """An officer records which officials witnessed; the final document is rendered with
    their names and its SHA-256 kept for verification. ``actor`` is stored as the one who
    recorded the witnessing.

    ``render=False`` leaves the rendering to the background (a ceremony witnesses a batch at
    once); :func:`agreement_pdf_store` then keeps the document and its SHA-256.
    """
    _check("witness", actor, agreement)
    officials = _witnesses(witnesses)
    agreement.witnessed_at = timezone.now()
    agreement.witnessed_by = actor
    agreement.witness_officials.set(officials)
    if not agreement.signed_pdf and render:
        from jalinmitra.agreements.pdf import agreement_pdf

        data = agreement_pdf(agreement)
        agreement.signed_sha256 = _sha256(data)
        agreement.signed_pdf.save(f"perjanjian-{agreement.code}.pdf", ContentFile(data), save=False)
    return _move(
        actor,
        agreement,
        "witness",
        action="agreement.witness",
        signed_sha256=[None, agreement.signed_sha256],
        witnesses=[None, [str(o) for o in officials]],
        recorded_by=[None, actor.display_name],
    )


@transaction.atomic
def agreement_activate(*, actor: User, agreement: Agreement) -> Agreement:
    _check("activate", actor, agreement)
    agreement.activated_at = timezone.now()
    _move(actor, agreement, "activate", action="agreement.activate")
    old = agreement.amends
    if old is not None and old.status == Status.ACTIVE:
        # The addendum now governs: the agreement it amends stops running.
        old.ended_at = timezone.now()
        _check("amended", actor, old)
        _move(actor, old, "amended", action="agreement.amended")
    return agreement


def _clean_reason(reason: str, *, required: bool, message: str) -> str:
    text = (reason or "").strip()
    if required and not text:
        raise ValidationError({"reason": message})
    if len(text) > NOTE_MAX:
        raise ValidationError(
            {"reason": _("Alasan paling panjang %(n)s karakter.") % {"n": NOTE_MAX}}
        )
    return text


def _clear_proposal(agreement: Agreement) -> None:
    agreement.end_proposal = ""
    agreement.end_proposal_party = ""
    agreement.end_proposal_reason = ""
    agreement.end_proposal_by = None
    agreement.end_proposal_at = None


def _end(actor: User, agreement: Agreement, *, kind: str, reason: str) -> Agreement:
    """A party's request waits for the other party; the other party's request of the same kind
    is confirmed; an officer (not a member of either party) decides at once, with a reason."""
    agreement = (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("small_party", "large_party")
        .get(pk=agreement.pk)
    )
    _check(kind, actor, agreement)
    role = end_role(actor, agreement)
    label = EndKind(kind).label
    if role == "officer":
        text = _clean_reason(
            reason,
            required=True,
            message=_("Petugas yang memutuskan wajib menuliskan alasannya."),
        )
        return _finish(actor, agreement, kind=kind, reason=text, decided="officer")
    if role == "wait":
        _invalid(
            _(
                "Usulan Anda sudah tercatat dan menunggu konfirmasi pihak lain. Tarik usulan itu "
                "dulu bila ingin mengubahnya."
            )
        )
    if role == "confirm":
        if agreement.end_proposal != kind:
            _invalid(
                _(
                    "Pihak lain mengusulkan perjanjian %(kind)s. Konfirmasi atau tolak usulan "
                    "itu dulu."
                )
                % {"kind": EndKind(agreement.end_proposal).label.lower()}
            )
        text = agreement.end_proposal_reason
        extra = _clean_reason(reason, required=False, message="")
        if extra:
            text = f"{text}\n{extra}".strip()
        return _finish(actor, agreement, kind=kind, reason=text, decided="both")
    # role == "propose": recorded, nothing ends yet.
    text = _clean_reason(
        reason,
        required=kind == EndKind.TERMINATE,
        message=_("Tuliskan alasan pengakhiran perjanjian."),
    )
    agreement.end_proposal = kind
    agreement.end_proposal_party = party_of(actor, agreement) or ""
    agreement.end_proposal_reason = text
    agreement.end_proposal_by = actor
    agreement.end_proposal_at = timezone.now()
    agreement.version += 1
    agreement.save()
    audit_record(
        actor=actor,
        action="agreement.end_propose",
        obj=agreement,
        business=agreement.small_party,
        changes={
            "end_proposal": [None, str(label)],
            "party": [None, agreement.end_proposal_party],
            "reason": [None, text],
        },
    )
    return agreement


def _finish(
    actor: User, agreement: Agreement, *, kind: str, reason: str, decided: str
) -> Agreement:
    proposal = {
        "proposed_by": agreement.end_proposal_by.display_name
        if agreement.end_proposal_by
        else None,
        "proposal_party": agreement.end_proposal_party or None,
    }
    proposed: dict[str, Any] = {k: [None, v] for k, v in proposal.items() if v}
    _clear_proposal(agreement)
    agreement.ended_at = timezone.now()
    agreement.ended_by = actor
    if reason:
        agreement.end_reason = reason
    return _move(
        actor,
        agreement,
        kind,
        action=f"agreement.{'complete' if kind == EndKind.COMPLETE else 'terminate'}",
        reason=[None, reason],
        decided_by=[None, decided],
        **proposed,
    )


@transaction.atomic
def agreement_complete(*, actor: User, agreement: Agreement, reason: str = "") -> Agreement:
    """Ask to complete (a party), confirm the other party's request (the other party), or
    decide with a reason (an officer). The status changes only on the last two."""
    return _end(actor, agreement, kind=EndKind.COMPLETE, reason=reason)


@transaction.atomic
def agreement_terminate(*, actor: User, agreement: Agreement, reason: str) -> Agreement:
    """Like :func:`agreement_complete`, for ending early; a reason is always needed."""
    return _end(actor, agreement, kind=EndKind.TERMINATE, reason=reason)


@transaction.atomic
def agreement_end_decline(*, actor: User, agreement: Agreement) -> Agreement:
    """The other party declines the request, the requesting party withdraws it, or an officer
    clears it. The agreement keeps running."""
    agreement = (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("small_party", "large_party")
        .get(pk=agreement.pk)
    )
    _check("end_decline", actor, agreement)
    role = end_role(actor, agreement)
    old = {
        "end_proposal": agreement.end_proposal,
        "party": agreement.end_proposal_party,
        "reason": agreement.end_proposal_reason,
    }
    _clear_proposal(agreement)
    agreement.version += 1
    agreement.save()
    audit_record(
        actor=actor,
        action="agreement.end_withdraw" if role == "wait" else "agreement.end_decline",
        obj=agreement,
        business=agreement.small_party,
        changes={k: [v, None] for k, v in old.items()},
    )
    return agreement

"""Every write of the financing app: banks and their users, referrals, consent, each bank's
work on a referral, and the read audit of a bank user's views. Atomic and audited each.

Refusals: PermissionDenied for the wrong person, ValidationError (with a code) for wrong input
or a move the referral's state does not allow (code ``state``, from the workflow tables).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jalinmitra.accounts.models import User
from jalinmitra.businesses.choices import SMALL_SIZES, VerificationStatus
from jalinmitra.businesses.models import Business
from jalinmitra.businesses.selectors import is_member
from jalinmitra.core.limits import lengths_check
from jalinmitra.core.money import format_rupiah, parse_rupiah
from jalinmitra.core.notify import send_mail_after_commit
from jalinmitra.core.services import audit_event, audit_record
from jalinmitra.financing import kur
from jalinmitra.financing.choices import (
    OPEN_AT_BANK,
    BankStatus,
    DataItem,
    Purpose,
    RejectReason,
    Scheme,
    Status,
)
from jalinmitra.financing.models import (
    Bank,
    BankMembership,
    BankReferral,
    Consent,
    Referral,
    ReferralDocument,
)
from jalinmitra.financing.workflow import (
    BANK_FLOW,
    REFERRAL_FLOW,
    is_business_member,
)

# The consent text's version: a change of wording is a new version, and consents keep theirs.
CONSENT_VERSION = "2026-1"
DOCUMENT_MAX_BYTES = 5 * 1024 * 1024
DOCUMENT_TYPES = {  # magic bytes -> (content type, name shown)
    b"%PDF-": ("application/pdf", "PDF"),
    b"\xff\xd8\xff": ("image/jpeg", "JPEG"),
    b"\x89PNG\r\n\x1a\n": ("image/png", "PNG"),
}
TENOR_MAX_MONTHS = 120


# --- shared checks -----------------------------------------------------------------------------


def _invalid(field: str, message: Any, code: str) -> ValidationError:
    """A refusal of one field's value that keeps its code (a dict alone would drop it)."""
    return ValidationError({field: ValidationError(message, code=code)})


def _city_staff(actor: User, message: str) -> None:
    if not actor.is_officer:
        raise PermissionDenied(message)


def amount_check(*, value: Any, field: str = "amount") -> int:
    """The amount asked as whole rupiah within KUR; ValidationError on `field` otherwise:
    code ``required``, ``not_number``, ``not_positive`` or ``not_kur`` (above Rp500 juta)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise _invalid(field, _("Isi jumlah yang diajukan."), "required")
    if isinstance(value, bool):
        raise _invalid(field, _("Jumlah harus berupa angka rupiah."), "not_number")
    if isinstance(value, str):
        try:
            value = parse_rupiah(value)
        except ValueError as e:
            raise _invalid(
                field,
                _("Jumlah harus berupa angka rupiah, misalnya 25.000.000 atau 25 juta."),
                "not_number",
            ) from e
    if not isinstance(value, int):
        raise _invalid(field, _("Jumlah harus berupa angka rupiah."), "not_number")
    if value <= 0:
        raise _invalid(field, _("Jumlah harus lebih dari Rp0."), "not_positive")
    if value > kur.KUR_MAX:
        raise _invalid(
            field,
            _(
                "Jumlah di atas %(max)s bukan KUR. Untuk pinjaman sebesar ini, hubungi bank "
                "langsung untuk kredit komersial."
            )
            % {"max": format_rupiah(kur.KUR_MAX)},
            "not_kur",
        )
    return value


def _errors_if_long(model: type, data: dict) -> None:
    errors = lengths_check(model, data)
    if errors:
        raise ValidationError(errors, code="too_long")


def _active_banks(banks: Iterable[Bank]) -> list[Bank]:
    banks = list(banks)
    inactive = [b for b in banks if not b.is_active]
    if inactive:
        raise _invalid(
            "banks",
            _("Bank ini bukan bank mitra aktif: %(b)s") % {"b": inactive[0].name},
            "bank_inactive",
        )
    return banks


def _consent_in_force(referral: Referral) -> Consent | None:
    return referral.consents.filter(withdrawn_at__isnull=True).first()


def _bank_access(actor: User, case: BankReferral) -> None:
    """A bank user acts only while the business's consent names the bank."""
    consent = _consent_in_force(case.referral)
    if consent is None or not consent.banks.filter(pk=case.bank_id).exists():
        raise PermissionDenied(_("Persetujuan pemilik usaha untuk bank Anda tidak berlaku."))


def _lock_referral(referral: Referral) -> Referral:
    return Referral.objects.select_for_update().get(pk=referral.pk)


def _lock_case(case: BankReferral) -> BankReferral:
    # Lock the case row only: PostgreSQL refuses FOR UPDATE on the nullable side of the outer
    # join to claimed_by.
    return (
        BankReferral.objects.select_for_update(of=("self",))
        .select_related("referral", "bank", "claimed_by")
        .get(pk=case.pk)
    )


# --- banks -------------------------------------------------------------------------------------


@transaction.atomic
def bank_save(*, actor: User, data: dict[str, Any], bank: Bank | None = None) -> Bank:
    """Create or change a partner bank (city admins)."""
    if not actor.is_city_admin:
        raise PermissionDenied(_("Hanya admin kota yang dapat mengatur bank mitra."))
    _errors_if_long(Bank, data)
    if not str(data.get("name", bank.name if bank else "")).strip():
        raise _invalid("name", _("Isi nama bank."), "required")
    code = str(data.get("code", bank.code if bank else "")).strip().upper()
    if not code:
        raise _invalid("code", _("Isi kode bank."), "required")
    same_code = Bank.objects.filter(code=code)
    if bank is not None:
        same_code = same_code.exclude(pk=bank.pk)
    if same_code.exists():
        raise _invalid("code", _("Kode bank ini sudah dipakai."), "unique")
    created = bank is None
    bank = bank or Bank()
    changes = {}
    for name, value in (data | {"code": code}).items():
        old = getattr(bank, name)
        if old != value:
            changes[name] = [None if created else old, value]
            setattr(bank, name, value)
    bank.save()
    audit_record(
        actor=actor, action="bank.create" if created else "bank.update", obj=bank, changes=changes
    )
    return bank


@transaction.atomic
def bank_member_set(*, actor: User, user: User, bank: Bank) -> BankMembership:
    """Make a bank-role user a member of `bank` (city admins)."""
    if not actor.is_city_admin:
        raise PermissionDenied(_("Hanya admin kota yang dapat mengatur petugas bank."))
    if not user.is_bank:
        raise _invalid(
            "user", _("Hanya pengguna berperan Bank yang dapat menjadi petugas bank."), "role"
        )
    old = BankMembership.objects.filter(user=user).select_related("bank").first()
    if old is not None and old.bank_id == bank.pk:
        return old
    membership, _created = BankMembership.objects.update_or_create(
        user=user, defaults={"bank": bank}
    )
    audit_record(
        actor=actor,
        action="bank.member_set",
        obj=bank,
        changes={"member": [old.bank.code if old else None, user.username]},
    )
    return membership


# --- the referral ------------------------------------------------------------------------------


def _may_act_for(actor: User, business: Business) -> None:
    if not (actor.is_officer or is_member(actor, business.pk)):
        raise PermissionDenied(
            _("Anda hanya dapat mengajukan pembiayaan untuk usaha Anda sendiri.")
        )


@transaction.atomic
def referral_create(
    *,
    actor: User,
    business: Business,
    amount: Any,
    purpose: str,
    description: str = "",
    banks: Iterable[Bank] = (),
    consent_items: Iterable[str] | None = None,
) -> Referral:
    """A verified micro or small business asks for KUR (its owner, or an officer for it).
    `banks` may be empty: the officer then picks them before forwarding. With
    `consent_items`, the owner gives the consent for those banks in the same step."""
    _may_act_for(actor, business)
    if business.status != VerificationStatus.VERIFIED:
        raise ValidationError(
            _("Usaha harus sudah diverifikasi petugas sebelum mengajukan pembiayaan."),
            code="not_verified",
        )
    if business.size_class not in SMALL_SIZES:
        raise ValidationError(_("Rujukan KUR ini untuk usaha mikro dan kecil."), code="not_small")
    amount = amount_check(value=amount)
    if purpose not in Purpose.values:
        raise _invalid("purpose", _("Pilih keperluan: modal kerja atau investasi."), "purpose")
    _errors_if_long(Referral, {"description": description})
    banks = _active_banks(banks)
    tier = kur.tier_for(amount)
    assert tier is not None  # amount_check keeps the amount within the tiers
    referral = Referral.objects.create(
        business=business,
        amount=amount,
        purpose=purpose,
        tier=tier.code,
        description=description,
        created_by=actor,
    )
    referral.banks.set(banks)
    audit_record(
        actor=actor,
        action="referral.create",
        obj=referral,
        business=business,
        changes={
            "amount": [None, amount],
            "purpose": [None, purpose],
            "tier": [None, tier.code],
            "banks": [None, [b.code for b in banks]],
        },
    )
    if consent_items is not None:
        consent_give(actor=actor, referral=referral, banks=banks, items=consent_items)
    return referral


def _step(
    transition: Any,
    *,
    actor: User,
    obj: Referral | BankReferral,
    action: str,
    business: Business,
    changes: dict | None,
    fields: dict[str, Any],
):
    """What every move of either table does once it is allowed: the new status and fields,
    saved, and one audit row with the status change and `changes`."""
    old = obj.status
    obj.status = transition.to
    for key, value in fields.items():
        setattr(obj, key, value)
    obj.save()
    audit_record(
        actor=actor,
        action=action,
        obj=obj,
        business=business,
        changes={"status": [old, obj.status]} | (changes or {}),
    )
    return obj


def _move(name: str, *, actor: User, referral: Referral, changes: dict | None = None, **fields):
    transition = REFERRAL_FLOW.check(name, actor=actor, obj=referral)
    return _step(
        transition,
        actor=actor,
        obj=referral,
        action=f"referral.{name}",  # codes: referral.check .return .resubmit .forward .withdraw
        business=referral.business,
        changes=changes,
        fields=fields,
    )


Noted = TypeVar("Noted", Referral, BankReferral)


def _move_with_text(
    name: str,
    *,
    actor: User,
    obj: Noted,
    text: str,
    field: str,
    form_field: str,
    missing: str,
    **fields: Any,
) -> Noted:
    """The moves that take a note (the officer's recommendation or notes, the bank's request
    for documents): lock the row, check the move, require the text and bound its length, then
    move with the text saved in `field` and audited. `form_field` names the field an empty text
    is reported on, with the message `missing`."""
    if isinstance(obj, Referral):
        obj = _lock_referral(obj)
        REFERRAL_FLOW.check(name, actor=actor, obj=obj)
    else:
        obj = _lock_case(obj)
        BANK_FLOW.check(name, actor=actor, obj=obj)
    text = (text or "").strip()
    if not text:
        raise _invalid(form_field, missing, "required")
    _errors_if_long(type(obj), {field: text})
    changes = {field: [getattr(obj, field), text]}
    fields[field] = text
    if isinstance(obj, Referral):
        return _move(name, actor=actor, referral=obj, changes=changes, **fields)
    return _case_move(name, actor=actor, case=obj, changes=changes, **fields)


@transaction.atomic
def referral_check(*, actor: User, referral: Referral, recommendation: str = "") -> Referral:
    """The officer finds the referral complete and writes the recommendation the banks read."""
    return _move_with_text(
        "check",
        actor=actor,
        obj=referral,
        text=recommendation,
        field="recommendation",
        form_field="recommendation",
        missing=_("Tulis rekomendasi petugas untuk bank."),
        checked_by=actor,
        checked_at=timezone.now(),
    )


@transaction.atomic
def referral_return(*, actor: User, referral: Referral, notes: str) -> Referral:
    return _move_with_text(
        "return",
        actor=actor,
        obj=referral,
        text=notes,
        field="review_notes",
        form_field="notes",
        missing=_("Tulis apa yang perlu dilengkapi pemohon."),
    )


@transaction.atomic
def referral_resubmit(
    *,
    actor: User,
    referral: Referral,
    amount: Any = None,
    purpose: str | None = None,
    description: str | None = None,
) -> Referral:
    """The business answers the officer's notes (it may change the amount and purpose)."""
    referral = _lock_referral(referral)
    REFERRAL_FLOW.check("resubmit", actor=actor, obj=referral)
    changes: dict[str, list] = {}
    fields: dict[str, Any] = {}
    if amount is not None:
        amount = amount_check(value=amount)
        tier = kur.tier_for(amount)
        assert tier is not None
        fields |= {"amount": amount, "tier": tier.code}
    if purpose is not None:
        if purpose not in Purpose.values:
            raise _invalid("purpose", _("Pilih keperluan."), "purpose")
        fields["purpose"] = purpose
    if description is not None:
        _errors_if_long(Referral, {"description": description})
        fields["description"] = description
    for key, value in fields.items():
        if getattr(referral, key) != value:
            changes[key] = [getattr(referral, key), value]
    return _move("resubmit", actor=actor, referral=referral, changes=changes, **fields)


@transaction.atomic
def referral_banks_choose(*, actor: User, referral: Referral, banks: Iterable[Bank]) -> Referral:
    """The officer picks the banks when the business left it to them; the owner then sees the
    choice on the referral's page and consents to those banks before it can be forwarded."""
    referral = _lock_referral(referral)
    REFERRAL_FLOW.check("choose_banks", actor=actor, obj=referral)
    chosen = _active_banks(banks)
    if not chosen:
        raise _invalid("banks", _("Pilih paling sedikit satu bank."), "required")
    old = sorted(referral.banks.values_list("code", flat=True))
    referral.banks.set(chosen)
    audit_record(
        actor=actor,
        action="referral.choose_banks",
        obj=referral,
        business=referral.business,
        changes={"banks": [old, sorted(b.code for b in chosen)]},
    )
    return referral


@transaction.atomic
def referral_forward(
    *, actor: User, referral: Referral, banks: Iterable[Bank] | None = None
) -> list[BankReferral]:
    """The officer sends the checked referral to the chosen banks (or picks them now). Each
    bank must be named in the business's consent in force (code ``consent``)."""
    referral = _lock_referral(referral)
    REFERRAL_FLOW.check("forward", actor=actor, obj=referral)
    chosen = _active_banks(banks) if banks is not None else list(referral.banks.all())
    if not chosen:
        raise _invalid("banks", _("Pilih paling sedikit satu bank."), "required")
    consent = _consent_in_force(referral)
    consented = set(consent.banks.values_list("pk", flat=True)) if consent else set()
    missing = [b.name for b in chosen if b.pk not in consented]
    if missing:
        raise ValidationError(
            _(
                "Pemilik usaha belum menyetujui berbagi data dengan: %(banks)s. Minta pemilik "
                "memberi persetujuan untuk bank itu dahulu."
            )
            % {"banks": ", ".join(missing)},
            code="consent",
        )
    old_banks = sorted(referral.banks.values_list("code", flat=True))
    referral.banks.set(chosen)
    now = timezone.now()
    _move(
        "forward",
        actor=actor,
        referral=referral,
        changes={"banks": [old_banks, sorted(b.code for b in chosen)]},
        forwarded_at=now,
    )
    cases = [
        BankReferral.objects.create(referral=referral, bank=bank, forwarded_at=now)
        for bank in chosen
    ]
    for bank in chosen:
        send_mail_after_commit(
            subject=_("Rujukan KUR baru untuk %(bank)s") % {"bank": bank.name},
            body=_(
                "Ada rujukan KUR baru dari program kemitraan untuk %(bank)s. Buka antrean bank "
                "di %(url)s/pembiayaan/bank/ untuk memprosesnya."
            )
            % {"bank": bank.name, "url": settings.SITE_URL},
            to=[bank.contact_email] if bank.contact_email else [],
            what="financing referral",
        )
    return cases


@transaction.atomic
def referral_withdraw(*, actor: User, referral: Referral) -> Referral:
    """The business withdraws before any bank approves: every bank's work ends, and so does
    the consent (the banks' access)."""
    referral = _lock_referral(referral)
    REFERRAL_FLOW.check("withdraw", actor=actor, obj=referral)
    now = timezone.now()
    for case in referral.bank_cases.select_for_update().filter(status__in=OPEN_AT_BANK):
        old = case.status
        case.status = BankStatus.DITARIK
        case.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action="referral_case.withdrawn",
            obj=case,
            business=referral.business,
            changes={"status": [old, case.status]},
        )
    consent = _consent_in_force(referral)
    if consent is not None:
        _consent_end(actor=actor, consent=consent, at=now)
    return _move("withdraw", actor=actor, referral=referral, withdrawn_at=now)


# --- consent -----------------------------------------------------------------------------------


def consent_text(*, business: Business, banks: Iterable[Bank], items: Iterable[str]) -> str:
    """The words the owner agrees to, naming each bank and each kind of data."""
    bank_names = "; ".join(str(b) for b in banks)
    item_names = "; ".join(str(DataItem(i).label) for i in items)
    return _(
        "Saya, atas nama %(business)s, menyetujui Pemerintah Daerah melalui JalinMitra "
        "membagikan data berikut: %(items)s, kepada bank berikut: %(banks)s, hanya untuk "
        "menilai permohonan KUR ini. Persetujuan ini dapat saya tarik kapan saja; setelah "
        "ditarik, bank tidak dapat lagi melihat data saya di JalinMitra "
        "(UU 27/2022 tentang Pelindungan Data Pribadi)."
    ) % {"business": business.name, "items": item_names, "banks": bank_names}


@transaction.atomic
def consent_give(
    *,
    actor: User,
    referral: Referral,
    banks: Iterable[Bank],
    items: Iterable[str],
    in_person: bool = False,
) -> Consent:
    """The owner's consent for these banks and these data; it replaces the one in force.
    An officer records only a consent the owner signed on paper (`in_person`)."""
    if is_business_member(actor, referral):
        in_person = False
    elif actor.is_officer:
        if not in_person:
            raise PermissionDenied(
                _(
                    "Persetujuan diberikan pemilik usaha; petugas hanya mencatat persetujuan tertulis."
                )
            )
    else:
        raise PermissionDenied(_("Hanya pemilik usaha yang dapat memberi persetujuan."))
    if referral.status == Status.DITARIK:
        raise ValidationError(_("Rujukan ini sudah ditarik."), code="state")
    banks = _active_banks(banks)
    if not banks:
        raise _invalid("banks", _("Pilih paling sedikit satu bank."), "required")
    items = [i for i in DataItem.values if i in set(items)]
    if DataItem.PROFILE not in items:
        raise _invalid(
            "items",
            _("Profil usaha harus dibagikan: bank perlu tahu siapa pemohonnya."),
            "profile_required",
        )
    now = timezone.now()
    old = _consent_in_force(referral)
    if old is not None:
        _consent_end(actor=actor, consent=old, at=now, action="consent.replace")
    consent = Consent.objects.create(
        referral=referral,
        version=CONSENT_VERSION,
        text=consent_text(business=referral.business, banks=banks, items=items),
        items=items,
        given_by=actor,
        in_person=in_person,
    )
    consent.banks.set(banks)
    audit_record(
        actor=actor,
        action="consent.give",
        obj=consent,
        business=referral.business,
        changes={
            "version": [None, CONSENT_VERSION],
            "banks": [None, [b.code for b in banks]],
            "items": [None, items],
            "in_person": [None, in_person],
        },
    )
    return consent


def _consent_end(
    *, actor: User, consent: Consent, at: dt.datetime, action: str = "consent.withdraw"
):
    consent.withdrawn_at = at
    consent.withdrawn_by = actor
    consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
    audit_record(
        actor=actor,
        action=action,  # consent.withdraw or consent.replace
        obj=consent,
        business=consent.referral.business,
        changes={"withdrawn_at": [None, at]},
    )


@transaction.atomic
def consent_withdraw(*, actor: User, referral: Referral) -> Consent:
    """The owner takes the consent back: from now on no bank sees the referral."""
    if not (is_business_member(actor, referral) or actor.is_officer):
        raise PermissionDenied(_("Hanya pemilik usaha yang dapat menarik persetujuan."))
    consent = _consent_in_force(referral)
    if consent is None:
        raise ValidationError(_("Tidak ada persetujuan yang berlaku."), code="state")
    _consent_end(actor=actor, consent=consent, at=timezone.now())
    return consent


# --- each bank's work --------------------------------------------------------------------------


def _case_move(
    name: str, *, actor: User, case: BankReferral, changes: dict | None = None, **fields
) -> BankReferral:
    transition = BANK_FLOW.check(name, actor=actor, obj=case)
    if actor.is_bank:
        _bank_access(actor, case)
    if case.referral.status == Status.DITARIK:
        raise ValidationError(_("Rujukan ini sudah ditarik pemohon."), code="state")
    return _step(
        transition,
        actor=actor,
        obj=case,
        # codes: referral_case.claim .ask_documents .documents_sent .approve .reject .disburse
        action=f"referral_case.{name}",
        business=case.referral.business,
        changes=changes,
        fields=fields,
    )


@transaction.atomic
def case_claim(*, actor: User, case: BankReferral) -> BankReferral:
    case = _lock_case(case)
    return _case_move("claim", actor=actor, case=case, claimed_by=actor, claimed_at=timezone.now())


@transaction.atomic
def case_ask_documents(*, actor: User, case: BankReferral, request: str) -> BankReferral:
    return _move_with_text(
        "ask_documents",
        actor=actor,
        obj=case,
        text=request,
        field="documents_request",
        form_field="request",
        missing=_("Tulis dokumen apa yang diperlukan."),
    )


def _document_type(upload) -> tuple[str, str]:
    size = getattr(upload, "size", None) or 0
    if size > DOCUMENT_MAX_BYTES:
        raise _invalid(
            "file", _("Berkas terlalu besar: paling besar %(mb)s MB.") % {"mb": 5}, "size"
        )
    if size == 0:
        raise _invalid("file", _("Berkasnya kosong."), "empty")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for magic, (content_type, _name) in DOCUMENT_TYPES.items():
        if head.startswith(magic):
            return content_type, _name
    raise _invalid("file", _("Jenis berkas tidak diterima: unggah PDF, JPEG atau PNG."), "type")


@transaction.atomic
def document_upload(*, actor: User, case: BankReferral, kind: str, upload) -> ReferralDocument:
    """The business (or an officer for it) sends a document the bank asked for."""
    case = _lock_case(case)
    if not (actor.is_officer or is_business_member(actor, case.referral)):
        raise PermissionDenied(_("Hanya pemilik usaha atau petugas yang dapat mengirim dokumen."))
    if case.status != BankStatus.PERLU_DOKUMEN or case.referral.status == Status.DITARIK:
        raise ValidationError(_("Bank sedang tidak meminta dokumen."), code="state")
    kind = (kind or "").strip()
    if not kind:
        raise _invalid("kind", _("Tulis nama dokumennya."), "required")
    _errors_if_long(ReferralDocument, {"kind": kind})
    if upload is None:
        raise _invalid("file", _("Pilih berkas yang akan diunggah."), "required")
    content_type, _name = _document_type(upload)
    document = ReferralDocument(
        case=case, kind=kind, content_type=content_type, size=upload.size, uploaded_by=actor
    )
    document.file.save(upload.name or "dokumen", upload, save=False)
    document.save()
    audit_record(
        actor=actor,
        action="referral_document.upload",
        obj=case,
        business=case.referral.business,
        changes={"document": [None, kind], "content_type": [None, content_type]},
    )
    return document


@transaction.atomic
def case_documents_sent(*, actor: User, case: BankReferral) -> BankReferral:
    case = _lock_case(case)
    BANK_FLOW.check("documents_sent", actor=actor, obj=case)
    if not case.documents.exists():
        raise ValidationError(_("Unggah dokumen yang diminta bank dahulu."), code="no_documents")
    return _case_move("documents_sent", actor=actor, case=case)


@transaction.atomic
def case_approve(
    *, actor: User, case: BankReferral, amount: Any, tenor_months: Any, scheme: str
) -> BankReferral:
    case = _lock_case(case)
    BANK_FLOW.check("approve", actor=actor, obj=case)
    amount = amount_check(value=amount)
    try:
        tenor = int(tenor_months)
    except (TypeError, ValueError):
        raise _invalid("tenor_months", _("Tenor harus angka bulan."), "not_number") from None
    if not 1 <= tenor <= TENOR_MAX_MONTHS:
        raise _invalid(
            "tenor_months", _("Tenor 1 sampai %(n)s bulan.") % {"n": TENOR_MAX_MONTHS}, "tenor"
        )
    if scheme not in Scheme.values:
        raise _invalid("scheme", _("Pilih skema KUR."), "scheme")
    return _case_move(
        "approve",
        actor=actor,
        case=case,
        changes={
            "approved_amount": [None, amount],
            "tenor_months": [None, tenor],
            "scheme": [None, scheme],
        },
        approved_amount=amount,
        tenor_months=tenor,
        scheme=scheme,
        decided_by=actor,
        decided_at=timezone.now(),
    )


@transaction.atomic
def case_reject(*, actor: User, case: BankReferral, reason: str, text: str = "") -> BankReferral:
    case = _lock_case(case)
    BANK_FLOW.check("reject", actor=actor, obj=case)
    if reason not in RejectReason.values:
        raise _invalid("reason", _("Pilih alasan penolakan."), "reason")
    text = (text or "").strip()
    if reason == RejectReason.LAINNYA and not text:
        raise _invalid("text", _("Jelaskan alasannya."), "required")
    _errors_if_long(BankReferral, {"reject_text": text})
    return _case_move(
        "reject",
        actor=actor,
        case=case,
        changes={"reject_reason": [None, reason], "reject_text": [None, text]},
        reject_reason=reason,
        reject_text=text,
        decided_by=actor,
        decided_at=timezone.now(),
    )


@transaction.atomic
def case_disburse(
    *, actor: User, case: BankReferral, amount: Any, on: dt.date | None
) -> BankReferral:
    case = _lock_case(case)
    BANK_FLOW.check("disburse", actor=actor, obj=case)
    amount = amount_check(value=amount)
    if case.approved_amount is not None and amount > case.approved_amount:
        raise _invalid(
            "amount",
            _("Jumlah dicairkan melebihi plafon yang disetujui (%(max)s).")
            % {"max": format_rupiah(case.approved_amount)},
            "above_approved",
        )
    if not isinstance(on, dt.date):
        raise _invalid("on", _("Isi tanggal pencairan."), "required")
    if on > timezone.localdate():
        raise _invalid("on", _("Tanggal pencairan belum terjadi."), "future")
    if case.decided_at is not None and on < timezone.localtime(case.decided_at).date():
        raise _invalid("on", _("Tanggal pencairan sebelum kredit disetujui."), "before_approval")
    return _case_move(
        "disburse",
        actor=actor,
        case=case,
        changes={"disbursed_amount": [None, amount], "disbursed_on": [None, on]},
        disbursed_amount=amount,
        disbursed_on=on,
    )


# --- read audit --------------------------------------------------------------------------------


def case_view_record(*, actor: User, case: BankReferral, what: str) -> None:
    """A bank user saw the referral's data (`what`: "detail" or "dossier").

    UU PDP 27/2022 asks that access to personal data shared with a third party be traceable,
    so this is a deliberate write on a GET: a read-audit row, nothing else changes."""
    audit_record(
        actor=actor,
        action="referral_case.dossier" if what == "dossier" else "referral_case.view",
        obj=case,
        business=case.referral.business,
    )


def cases_export_record(*, actor: User, bank: Bank, count: int) -> None:
    """A bank user downloaded the bank's referrals (read audit, like `case_view_record`)."""
    audit_event(
        actor=actor,
        action="referral_case.export",
        subject=f"Ekspor rujukan KUR {bank.code}",
        details={"bank": bank.code, "rows": count},
    )

"""Writes of the monitoring app. Every function is keyword-only, atomic and audited.

Realisation records: a party of an ACTIVE agreement (or an officer on a party's behalf) records
a delivery or a payment; the other party confirms or disputes it (a dispute needs a reason); an
officer resolves a dispute. A confirmed entry is never edited: a correction is a new entry that
points at it (`corrects`), and once the correction is confirmed the corrected entry becomes
SUPERSEDED. Only confirmed entries count as realised.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, NoReturn

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jalinmitra.agreements.choices import Party, Status
from jalinmitra.agreements.models import Agreement
from jalinmitra.businesses.choices import SMALL_SIZES, Unit
from jalinmitra.businesses.models import Business
from jalinmitra.businesses.services import photo_prepare
from jalinmitra.core.limits import (
    DESCRIPTION_MAX_LENGTH,
    IMAGE_MAX_BYTES,
    REASON_MAX_LENGTH,
    lengths_check,
)
from jalinmitra.core.services import audit_record
from jalinmitra.monitoring.choices import EntryKind, EntryStatus, InterventionKind, PaymentMethod
from jalinmitra.monitoring.models import Entry, GrowthReport, Intervention
from jalinmitra.monitoring.selectors import is_neutral_officer, member_business_ids, side_of

if TYPE_CHECKING:
    from jalinmitra.accounts.models import User

PROOF_MAX_BYTES = IMAGE_MAX_BYTES  # a photo of a nota or a scanned delivery note, 5 MB
VALUE_MAX = 10**15  # Rupiah: far above any partnership, below the column's limit
QUANTITY_MAX = Decimal("999999999999.99")


def _forbid(message: str) -> NoReturn:
    raise PermissionDenied(message)


def _invalid(message: str) -> NoReturn:
    raise ValidationError(message, code="state")


def agreement_units(agreement: Agreement) -> list[str]:
    """The units the agreement's subject names (kg, lembar, ...), in the order of Unit: a
    delivery must use one of them. Empty when the subject names none (any unit then)."""
    words = set(
        agreement.subject.lower()
        .replace("/", " ")
        .replace(",", " ")
        .replace(".", " ")
        .replace("(", " ")
        .replace(")", " ")
        .split()
    )
    aliases = {Unit.PCS: {"pcs", "buah"}, Unit.KOTAK: {"kotak", "dus"}}
    return [u.value for u in Unit if (aliases.get(u, {u.value}) & words)]


def _clean_value(value: Any) -> int:
    try:
        amount = int(value)
    except (TypeError, ValueError):
        raise ValidationError(
            {"value": ValidationError(_("Isi nilai dalam Rupiah, angka saja."), code="value")}
        ) from None
    if amount <= 0:
        raise ValidationError(
            {"value": ValidationError(_("Nilai harus lebih dari nol."), code="value")}
        )
    if amount > VALUE_MAX:
        raise ValidationError({"value": ValidationError(_("Nilai terlalu besar."), code="value")})
    return amount


def _clean_date(value: Any, agreement: Agreement) -> dt.date:
    if not isinstance(value, dt.date):
        raise ValidationError({"date": ValidationError(_("Isi tanggal."), code="date")})
    today = timezone.localdate()
    if value > today:
        raise ValidationError(
            {"date": ValidationError(_("Tanggal tidak boleh di masa depan."), code="date_future")}
        )
    if value < agreement.start_date:
        raise ValidationError(
            {
                "date": ValidationError(
                    _("Tanggal tidak boleh sebelum perjanjian mulai (%(start)s).")
                    % {"start": agreement.start_date.strftime("%d-%m-%Y")},
                    code="date_before_start",
                )
            }
        )
    if value > agreement.end_date:
        raise ValidationError(
            {
                "date": ValidationError(
                    _("Tanggal tidak boleh sesudah perjanjian berakhir (%(end)s).")
                    % {"end": agreement.end_date.strftime("%d-%m-%Y")},
                    code="date_after_end",
                )
            }
        )
    return value


def proof_prepare(upload) -> tuple[ContentFile, str]:
    """A proof file ready to store, and its extension: a PDF as it is, a photo shrunk like an
    offer's photo. Refuses anything else and anything above PROOF_MAX_BYTES."""
    if upload.size > PROOF_MAX_BYTES:
        raise ValidationError(
            {
                "proof": ValidationError(
                    _("Bukti terlalu besar: paling besar %(mb)s MB.") % {"mb": 5}, code="proof_size"
                )
            }
        )
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        return ContentFile(upload.read()), "pdf"
    try:
        content, _width, _height = photo_prepare(upload)
    except ValidationError as e:
        raise ValidationError(
            {
                "proof": ValidationError(
                    _("Bukti harus foto nota (JPG, PNG, atau WEBP) atau berkas PDF."),
                    code="proof_type",
                )
            }
        ) from e
    return content, "jpg"


@transaction.atomic
def entry_record(
    *,
    actor: User,
    agreement: Agreement,
    kind: str,
    data: dict[str, Any],
    proof=None,
    party: str | None = None,
    by_officer: bool = False,
    corrects: Entry | None = None,
) -> Entry:
    """Record a delivery or a payment on a running agreement, on the actor's own side; or, with
    `by_officer`, an officer records it on `party`'s behalf (kept as recorded_by, shown as
    "dicatat petugas"). With `corrects`, the new entry corrects a confirmed one."""
    agreement = Agreement.objects.select_for_update(of=("self",)).get(pk=agreement.pk)
    if by_officer:
        if not is_neutral_officer(user=actor, agreement=agreement):
            _forbid(
                _(
                    "Hanya petugas yang bukan anggota para pihak yang dapat mencatat atas nama pihak."
                )
            )
        if party not in Party.values:
            raise ValidationError(
                {"party": ValidationError(_("Pilih pihak yang diwakili."), code="party")}
            )
        side: str = party
    else:
        own = side_of(user=actor, agreement=agreement)
        if own is None:
            _forbid(_("Hanya pihak dalam perjanjian yang dapat mencatat realisasinya."))
        side = own
        if party is not None and party != side:
            _forbid(_("Anda hanya dapat mencatat untuk pihak Anda sendiri."))
    if agreement.status != Status.ACTIVE:
        _invalid(_("Realisasi hanya dicatat pada perjanjian yang sedang berjalan."))
    if kind not in EntryKind.values:
        raise ValidationError(
            {"kind": ValidationError(_("Jenis catatan tidak dikenal."), code="kind")}
        )

    errors: dict[str, Any] = {}
    fields: dict[str, Any] = {}
    for name, check in (("value", _clean_value), ("date", None)):
        try:
            if check is not None:
                fields[name] = check(data.get(name))
            else:
                fields[name] = _clean_date(data.get("date"), agreement)
        except ValidationError as e:
            errors.update(e.error_dict)
    product = (data.get("product") or "").strip()
    unit = (data.get("unit") or "").strip()
    quantity = data.get("quantity")
    method = (data.get("method") or "").strip()
    if kind == EntryKind.DELIVERY:
        try:
            quantity = Decimal(str(quantity)) if quantity not in (None, "") else None
        except InvalidOperation:
            quantity = Decimal(-1)
        if quantity is None:
            errors["quantity"] = _("Isi jumlah barang atau layanan.")
        elif quantity <= 0 or quantity > QUANTITY_MAX:
            errors["quantity"] = _("Jumlah harus lebih dari nol.")
        units = agreement_units(agreement)
        if not unit:
            errors["unit"] = _("Isi satuan.")
        elif units and unit not in units:
            errors["unit"] = _("Satuan harus sama dengan satuan dalam perjanjian: %(units)s.") % {
                "units": ", ".join(units)
            }
        method = ""
    else:
        if method not in PaymentMethod.values:
            errors["method"] = _("Pilih cara pembayaran.")
        product, unit, quantity = "", "", None
    fields.update(product=product, unit=unit, quantity=quantity, method=method)
    errors.update(lengths_check(Entry, {"product": product, "unit": unit}))

    if corrects is not None:
        corrects = Entry.objects.select_for_update().get(pk=corrects.pk)
        if corrects.agreement_id != agreement.pk or corrects.kind != kind:
            _invalid(_("Koreksi harus untuk catatan yang sama jenisnya pada perjanjian ini."))
        if corrects.status != EntryStatus.CONFIRMED:
            _invalid(_("Hanya catatan yang sudah dikonfirmasi yang dikoreksi dengan catatan baru."))
        if corrects.corrections.filter(status=EntryStatus.PENDING).exists():
            _invalid(_("Koreksi untuk catatan ini sudah menunggu konfirmasi."))
    if errors:
        raise ValidationError(errors, code="invalid")

    content = None
    if proof:
        content, ext = proof_prepare(proof)
    entry = Entry(
        agreement=agreement,
        kind=kind,
        party=side,
        recorded_by=actor,
        by_officer=by_officer,
        corrects=corrects,
        **fields,
    )
    if content is not None:
        entry.proof.save(f"bukti.{ext}", content, save=False)
    entry.save()
    audit_record(
        actor=actor,
        action="entry.correct" if corrects is not None else "entry.record",
        obj=entry,
        business=agreement.small_party,
        changes={
            "kind": [None, kind],
            "date": [None, fields["date"]],
            "value": [None, fields["value"]],
            "party": [None, side],
            "by_officer": [None, by_officer],
            **({"corrects": [None, corrects.pk]} if corrects is not None else {}),
            **({"proof": [None, entry.proof.name]} if content is not None else {}),
        },
    )
    _entry_notify(entry, actor=actor)
    return entry


def _entry_notify(entry: Entry, *, actor: User) -> None:
    """The other side's members: an entry waits for their confirmation (issue 11)."""
    from django.urls import reverse

    from jalinmitra.businesses.models import Membership
    from jalinmitra.core.dates import format_tanggal
    from jalinmitra.core.money import format_rupiah
    from jalinmitra.notifications.services import notify

    agreement = entry.agreement
    small = entry.party == Party.SMALL
    recorder, other = (
        (agreement.small_party, agreement.large_party)
        if small
        else (agreement.large_party, agreement.small_party)
    )
    members = list(
        Membership.objects.filter(business=other, user__is_active=True).select_related("user")
    )
    notify(
        event="delivery.to_confirm",
        recipients=[m.user for m in members],
        context={
            "business": recorder.name,
            "kind": entry.get_kind_display().lower(),
            "value": format_rupiah(entry.value),
            "date": format_tanggal(entry.date),
            "number": agreement.number or str(agreement),
        },
        url=reverse("monitoring:agreement", args=[agreement.pk]),
        actor=actor,
        target=entry,
        phones={m.user_id: other.whatsapp for m in members if other.whatsapp},
    )


def _other_side_check(actor: User, entry: Entry, *, by_officer: bool) -> None:
    """Only the party that did not record an entry answers it: a party never confirms its own
    entry. An officer may answer on the other party's behalf, never an entry they recorded."""
    agreement = entry.agreement
    if by_officer:
        if not is_neutral_officer(user=actor, agreement=agreement):
            _forbid(_("Hanya petugas yang bukan anggota para pihak yang dapat mewakili pihak."))
        if entry.recorded_by_id == actor.pk:
            _forbid(_("Catatan yang Anda catat sendiri dikonfirmasi oleh pihak lain."))
        return
    side = side_of(user=actor, agreement=agreement)
    if side is None:
        _forbid(_("Hanya pihak dalam perjanjian yang dapat menjawab catatan ini."))
    if side == entry.party:
        _forbid(_("Catatan dari pihak Anda sendiri dikonfirmasi oleh pihak lain."))


def _locked(entry: Entry) -> Entry:
    return (
        Entry.objects.select_for_update(of=("self",))
        .select_related("agreement", "corrects")
        .get(pk=entry.pk)
    )


def _confirm(actor: User, entry: Entry, *, action: str, extra: dict | None = None) -> Entry:
    old = entry.status
    entry.status = EntryStatus.CONFIRMED
    entry.decided_by = actor
    entry.decided_at = timezone.now()
    entry.save(update_fields=["status", "decided_by", "decided_at", "dispute_reason"])
    audit_record(
        actor=actor,
        action=action,
        obj=entry,
        business=entry.agreement.small_party,
        changes={"status": [old, entry.status], **(extra or {})},
    )
    corrected = entry.corrects
    if corrected is not None:
        corrected = Entry.objects.select_for_update().get(pk=corrected.pk)
        if corrected.status == EntryStatus.CONFIRMED:
            corrected.status = EntryStatus.SUPERSEDED
            corrected.save(update_fields=["status"])
            audit_record(
                actor=actor,
                action="entry.supersede",
                obj=corrected,
                business=entry.agreement.small_party,
                changes={
                    "status": [EntryStatus.CONFIRMED, EntryStatus.SUPERSEDED],
                    "corrected_by": [None, entry.pk],
                },
            )
    return entry


@transaction.atomic
def entry_confirm(*, actor: User, entry: Entry, by_officer: bool = False) -> Entry:
    entry = _locked(entry)
    _other_side_check(actor, entry, by_officer=by_officer)
    if entry.status != EntryStatus.PENDING:
        _invalid(
            _("Catatan ini sudah dijawab (%(status)s).") % {"status": entry.get_status_display()}
        )
    return _confirm(actor, entry, action="entry.confirm", extra={"by_officer": [None, by_officer]})


def _clean_reason(reason: str, *, message: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise ValidationError({"reason": ValidationError(message, code="reason_required")})
    if len(text) > REASON_MAX_LENGTH:
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Alasan paling panjang %(n)s karakter.") % {"n": REASON_MAX_LENGTH},
                    code="reason_length",
                )
            }
        )
    return text


@transaction.atomic
def entry_dispute(*, actor: User, entry: Entry, reason: str, by_officer: bool = False) -> Entry:
    """The other party says the entry is wrong, with a reason; it goes to the worklist."""
    entry = _locked(entry)
    _other_side_check(actor, entry, by_officer=by_officer)
    if entry.status != EntryStatus.PENDING:
        _invalid(
            _("Catatan ini sudah dijawab (%(status)s).") % {"status": entry.get_status_display()}
        )
    text = _clean_reason(reason, message=_("Tulis alasan sanggahan."))
    entry.status = EntryStatus.DISPUTED
    entry.dispute_reason = text
    entry.decided_by = actor
    entry.decided_at = timezone.now()
    entry.save(update_fields=["status", "dispute_reason", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action="entry.dispute",
        obj=entry,
        business=entry.agreement.small_party,
        changes={
            "status": [EntryStatus.PENDING, EntryStatus.DISPUTED],
            "dispute_reason": [None, text],
        },
    )
    return entry


RESOLVE_UPHOLD, RESOLVE_REJECT = "uphold", "reject"


@transaction.atomic
def entry_resolve(*, actor: User, entry: Entry, outcome: str, notes: str) -> Entry:
    """An officer settles a disputed entry after hearing both parties: it stands (confirmed)
    or it is set aside (no longer counts; the party records a right one if needed)."""
    entry = _locked(entry)
    if not is_neutral_officer(user=actor, agreement=entry.agreement):
        _forbid(
            _("Hanya petugas yang bukan anggota para pihak yang dapat menyelesaikan sanggahan.")
        )
    if entry.status != EntryStatus.DISPUTED:
        _invalid(_("Hanya catatan yang disanggah yang diselesaikan petugas."))
    if outcome not in {RESOLVE_UPHOLD, RESOLVE_REJECT}:
        raise ValidationError({"outcome": ValidationError(_("Pilih keputusan."), code="outcome")})
    text = _clean_reason(notes, message=_("Tulis dasar keputusan."))
    decision = _("Keputusan petugas: %(notes)s") % {"notes": text}
    entry.dispute_reason = f"{entry.dispute_reason}\n\n{decision}"[: REASON_MAX_LENGTH * 2 + 50]
    if outcome == RESOLVE_UPHOLD:
        return _confirm(
            actor,
            entry,
            action="entry.resolve",
            extra={"outcome": [None, outcome], "notes": [None, text]},
        )
    entry.status = EntryStatus.SUPERSEDED
    entry.decided_by = actor
    entry.decided_at = timezone.now()
    entry.save(update_fields=["status", "dispute_reason", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action="entry.resolve",
        obj=entry,
        business=entry.agreement.small_party,
        changes={
            "status": [EntryStatus.DISPUTED, EntryStatus.SUPERSEDED],
            "outcome": [None, outcome],
            "notes": [None, text],
        },
    )
    return entry


@transaction.atomic
def intervention_record(
    *, actor: User, agreement: Agreement, kind: str, date: dt.date, notes: str
) -> Intervention:
    """An officer's coaching visit or written warning (teguran) about a partnership."""
    if not is_neutral_officer(user=actor, agreement=agreement):
        _forbid(_("Hanya petugas yang dapat mencatat pembinaan atau teguran."))
    errors: dict[str, str] = {}
    if kind not in InterventionKind.values:
        errors["kind"] = _("Pilih jenis tindakan.")
    if not isinstance(date, dt.date):
        errors["date"] = _("Isi tanggal.")
    elif date > timezone.localdate():
        errors["date"] = _("Tanggal tidak boleh di masa depan.")
    elif date < agreement.start_date:
        errors["date"] = _("Tanggal tidak boleh sebelum perjanjian mulai (%(start)s).") % {
            "start": agreement.start_date.strftime("%d-%m-%Y")
        }
    text = (notes or "").strip()
    if not text:
        errors["notes"] = _("Tulis catatan: apa yang dibahas atau diperingatkan.")
    elif len(text) > DESCRIPTION_MAX_LENGTH:
        errors["notes"] = _("Catatan paling panjang %(n)s karakter.") % {
            "n": DESCRIPTION_MAX_LENGTH
        }
    if errors:
        raise ValidationError(errors, code="invalid")
    item = Intervention.objects.create(
        agreement=agreement, kind=kind, date=date, notes=text, officer=actor
    )
    audit_record(
        actor=actor,
        action="intervention.record",
        obj=item,
        business=agreement.large_party,
        changes={"kind": [None, kind], "date": [None, date], "notes": [None, text]},
    )
    return item


def quarter_start(year: int, quarter: int) -> dt.date:
    return dt.date(year, 3 * (quarter - 1) + 1, 1)


@transaction.atomic
def growth_report_save(
    *,
    actor: User,
    business: Business,
    year: int,
    quarter: int,
    omzet: int,
    workers: int,
    new_buyers: int,
) -> GrowthReport:
    """A micro or small business's quarterly self-report (its member), or an officer's help
    with it (kept as assisted_by). A second report for the same quarter replaces the figures,
    with the old ones in the audit trail."""
    assisted = None
    if business.pk not in member_business_ids(user=actor):
        if not actor.is_officer:
            _forbid(_("Hanya pemilik usaha atau petugas yang dapat mengisi laporan ini."))
        assisted = actor
    if business.size_class not in SMALL_SIZES:
        _invalid(_("Laporan perkembangan hanya untuk usaha mikro dan kecil."))
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if quarter not in (1, 2, 3, 4):
        errors["quarter"] = _("Triwulan harus 1 sampai 4.")
    elif not (2000 <= year <= today.year) or quarter_start(year, quarter) > today:
        errors["quarter"] = _("Triwulan ini belum dimulai.")
    for name, value in (("omzet", omzet), ("workers", workers), ("new_buyers", new_buyers)):
        if not isinstance(value, int) or value < 0:
            errors[name] = _("Isi angka nol atau lebih.")
    if isinstance(omzet, int) and omzet > VALUE_MAX:
        errors["omzet"] = _("Nilai terlalu besar.")
    if errors:
        raise ValidationError(errors, code="invalid")
    report = (
        GrowthReport.objects.select_for_update()
        .filter(business=business, year=year, quarter=quarter)
        .first()
    )
    figures = {"omzet": omzet, "workers": workers, "new_buyers": new_buyers}
    if report is None:
        report = GrowthReport.objects.create(
            business=business,
            year=year,
            quarter=quarter,
            assisted_by=assisted,
            created_by=actor,
            **figures,
        )
        audit_record(
            actor=actor,
            action="growth_report.create",
            obj=report,
            business=business,
            changes={k: [None, v] for k, v in figures.items()},
        )
        return report
    changes = {k: [getattr(report, k), v] for k, v in figures.items() if getattr(report, k) != v}
    for k, v in figures.items():
        setattr(report, k, v)
    if assisted is not None:
        report.assisted_by = assisted
    report.save()
    if changes:
        audit_record(
            actor=actor,
            action="growth_report.update",
            obj=report,
            business=business,
            changes=changes,
        )
    return report


def proof_filename(entry: Entry) -> str:
    return os.path.basename(entry.proof.name) if entry.proof else ""

"""Writes of the agreements app. Every function is keyword-only, atomic and audited."""

import datetime
import difflib
import hashlib
from dataclasses import dataclass
from typing import Any, NoReturn

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jalinmitra.agreements.choices import EndKind, Party, Pattern, Status, Support
from jalinmitra.agreements.models import (
    CLAUSE_FIELDS,
    NOTE_MAX,
    Agreement,
    AgreementTemplate,
    AgreementVersion,
)
from jalinmitra.agreements.workflow import (  # noqa: F401 (also services.end_role etc.)
    AGREEMENT_FLOW,
    END_STATUSES,
    END_TO,
    end_role,
    is_member,
    is_party_member,
    may_approve,
    party_of,
)
from jalinmitra.businesses.choices import LARGE_SIZES, SMALL_SIZES, VerificationStatus
from jalinmitra.businesses.models import Business, Membership
from jalinmitra.core.dates import bulan_romawi, format_tanggal
from jalinmitra.core.jobs import job_enqueue, job_start
from jalinmitra.core.models import AuditLog, City, Official
from jalinmitra.core.money import format_rupiah, terbilang_matches, terbilang_rupiah
from jalinmitra.core.notify import delete_files_after_commit, send_mail_after_commit
from jalinmitra.core.selectors import city_current
from jalinmitra.core.services import audit_record

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Check:
    code: str
    ok: bool
    level: str  # "error" blocks submission and approval; "warning" informs
    message: str


def pairing_covered(small: Business, large: Business) -> bool:
    """UU 20/2008 covers partnerships of a micro/small business with a medium/large one."""
    return small.size_class in SMALL_SIZES and large.size_class in LARGE_SIZES


def _forbid(message: str) -> NoReturn:
    """This actor may not do this (the 403 page, with the reason)."""
    raise PermissionDenied(message)


def _invalid(message: str) -> NoReturn:
    """Not possible in the agreement's present state (a form error or the 400 page)."""
    raise ValidationError(message, code="state")


def _snapshot(agreement: Agreement) -> dict[str, Any]:
    out = {}
    for field, value in agreement.clauses().items():
        out[field] = value.isoformat() if isinstance(value, datetime.date) else value
    return out


def _new_version(agreement: Agreement, actor) -> AgreementVersion:
    last = agreement.versions.aggregate(n=Max("number"))["n"] or 0
    return AgreementVersion.objects.create(
        agreement=agreement,
        number=last + 1,
        clauses=_snapshot(agreement),
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )


def _clean(agreement: Agreement) -> None:
    unknown = [s for s in agreement.development_support if s not in Support.values]
    if unknown:
        raise ValidationError({"development_support": _("Bentuk pengembangan tidak dikenal.")})
    if agreement.start_date and agreement.end_date and agreement.end_date <= agreement.start_date:
        raise ValidationError({"end_date": _("Tanggal berakhir harus sesudah tanggal mulai.")})
    if agreement.estimated_value is not None and agreement.estimated_value < 0:
        raise ValidationError({"estimated_value": _("Nilai tidak boleh negatif.")})
    if not (agreement.estimated_value_words or "").strip():
        agreement.estimated_value_words = terbilang_rupiah(agreement.estimated_value or 0)
    agreement.full_clean(exclude=["code"])


def _fill_from_template(agreement: Agreement) -> None:
    template = AgreementTemplate.objects.filter(pattern=agreement.pattern).first()
    if template is None:
        return
    names = {"small": agreement.small_party.name, "large": agreement.large_party.name}
    for field in ("subject", "rights_obligations", "development_text"):
        if not getattr(agreement, field):
            setattr(
                agreement,
                field,
                getattr(template, field)
                .replace("{small}", names["small"])
                .replace("{large}", names["large"]),
            )


@transaction.atomic
def agreement_create(
    *,
    actor,
    small_party: Business,
    large_party: Business,
    data: dict[str, Any],
    origin_invitation=None,
    origin_meeting=None,
) -> Agreement:
    if not (actor.is_officer or actor.is_business_user):
        raise PermissionDenied(_("Peran Anda tidak dapat membuat perjanjian."))
    if not (actor.is_officer or is_member(actor, small_party) or is_member(actor, large_party)):
        raise PermissionDenied(
            _("Hanya petugas atau anggota salah satu pihak yang dapat membuat perjanjian.")
        )
    if not pairing_covered(small_party, large_party):
        raise ValidationError(
            _(
                "Pasangan ini tidak diatur UU 20/2008: Pihak Pertama harus usaha mikro/kecil "
                "dan Pihak Kedua usaha menengah/besar."
            )
        )
    unknown = set(data) - set(CLAUSE_FIELDS)
    if unknown:
        raise ValueError(f"not clause fields: {sorted(unknown)}")
    if origin_invitation is not None and (
        origin_invitation.offer.business_id != small_party.pk
        or origin_invitation.need.business_id != large_party.pk
    ):
        raise ValidationError(_("Ajakan bertemu itu bukan antara kedua usaha ini."))
    if origin_meeting is not None and (
        origin_meeting.seller.business_id != small_party.pk
        or origin_meeting.buyer.business_id != large_party.pk
    ):
        raise ValidationError(_("Pertemuan temu usaha itu bukan antara kedua usaha ini."))
    origin_text = ""
    if origin_invitation is not None:
        origin_text = f"Ajakan bertemu: {origin_invitation}"
    elif origin_meeting is not None:
        origin_text = f"Temu usaha: {origin_meeting.event.name}, {origin_meeting}"
    agreement = Agreement(
        small_party=small_party,
        large_party=large_party,
        origin_invitation=origin_invitation,
        origin_meeting=origin_meeting,
        origin_text=origin_text[:255],
        created_by=actor if actor.is_authenticated else None,
        **data,
    )
    _fill_from_template(agreement)
    _check_declarations(actor, agreement, {})
    _clean(agreement)
    agreement.save()
    _new_version(agreement, actor)
    audit_record(
        actor=actor,
        action="agreement.create",
        obj=agreement,
        business=small_party,
        changes={k: [None, v] for k, v in _snapshot(agreement).items()},
    )
    return agreement


def _check_declarations(actor, agreement: Agreement, before: dict[str, Any]) -> None:
    """Each party makes its own Pasal 35 declaration; an officer may record both (assisted)."""
    if actor.is_officer:
        return
    for field, business in (
        ("no_control_declared_small", agreement.small_party),
        ("no_control_declared_large", agreement.large_party),
    ):
        if getattr(agreement, field) != before.get(field, False) and not is_member(actor, business):
            raise ValidationError(
                {field: _("Pernyataan Pasal 35 hanya dapat diisi oleh pihak yang bersangkutan.")}
            )


def _last_change(agreement: Agreement) -> AuditLog | None:
    return (
        AuditLog.objects.filter(object_type="agreements.agreement", object_id=str(agreement.pk))
        .order_by("-created_at", "-pk")
        .first()
    )


def _check_version(agreement: Agreement, expected_version: int | None) -> None:
    """Refuse a save made over a newer version than the one the form was opened at."""
    if expected_version is None or expected_version == agreement.version:
        return
    last = _last_change(agreement)
    who = last.actor_name if last else _("pengguna lain")
    when = timezone.localtime(last.created_at).strftime("%H:%M") if last else "?"
    raise ValidationError(
        _(
            "Perjanjian ini diubah oleh %(who)s pada %(when)s sejak Anda membukanya. "
            "Muat ulang halaman untuk melihat isi terbaru, lalu ulangi perubahan Anda."
        )
        % {"who": who, "when": when},
        code="stale",
    )


@transaction.atomic
def agreement_update(
    *,
    actor,
    agreement: Agreement,
    data: dict[str, Any],
    expected_version: int | None = None,
) -> Agreement:
    """Change the clauses of a draft. ``expected_version`` is the version the editing form
    was opened at: when someone saved in between, nothing changes and a ValidationError
    names who did and when."""
    reason = AGREEMENT_FLOW["edit"].refuse(actor, agreement)
    if reason is not None:
        _forbid(reason)
    # The row as stored now, locked: the version check must see the other officer's save.
    current = Agreement.objects.select_for_update().filter(pk=agreement.pk).first()
    if current is not None:
        _check_version(current, expected_version)
        agreement.version = current.version
    _check("edit", actor, agreement)
    before = _snapshot(agreement)
    for field, value in data.items():
        if field not in CLAUSE_FIELDS:
            raise ValueError(field)
        setattr(agreement, field, value)
    _check_declarations(actor, agreement, before)
    if "estimated_value" in data and "estimated_value_words" not in data:
        agreement.estimated_value_words = ""
    _clean(agreement)
    after = _snapshot(agreement)
    changes = {k: [before[k], after[k]] for k in CLAUSE_FIELDS if before[k] != after[k]}
    if not changes:
        return agreement
    agreement.version += 1
    agreement.save()
    _new_version(agreement, actor)
    audit_record(
        actor=actor,
        action="agreement.update",
        obj=agreement,
        business=agreement.small_party,
        changes=changes,
    )
    return agreement


PLACEHOLDERS = ("...", "…")  # the default templates' blanks for the parties to fill


def filled(text: str) -> bool:
    """A clause says something: not blank and no template blank ("...") left in it."""
    text = (text or "").strip()
    return bool(text) and not any(p in text for p in PLACEHOLDERS)


def agreement_checks(agreement: Agreement) -> list[Check]:
    """The law's checks (Pasal 34, 35), the city's policy, and arithmetic, in Indonesian."""
    city = city_current()
    small, large = agreement.small_party, agreement.large_party
    checks = [
        Check(
            "kegiatan_usaha",
            filled(agreement.subject),
            "error",
            _(
                "Pasal 34: kegiatan usaha (produk, jumlah, harga, pengiriman, mutu) dicantumkan "
                'lengkap, tanpa bagian "..." yang belum diisi.'
            ),
        ),
        Check(
            "hak_kewajiban",
            filled(agreement.rights_obligations),
            "error",
            _("Pasal 34: hak dan kewajiban masing-masing pihak dicantumkan."),
        ),
        Check(
            "pengembangan",
            bool(agreement.development_support or agreement.development_text.strip())
            and not any(p in agreement.development_text for p in PLACEHOLDERS),
            "error",
            _("Pasal 34: bentuk pengembangan dicantumkan."),
        ),
        Check(
            "jangka_waktu",
            bool(
                agreement.start_date
                and agreement.end_date
                and agreement.end_date > agreement.start_date
            ),
            "error",
            _("Pasal 34: jangka waktu (tanggal mulai dan berakhir) dicantumkan."),
        ),
        Check(
            "perselisihan",
            filled(agreement.dispute_resolution),
            "error",
            _("Pasal 34: cara penyelesaian perselisihan dicantumkan."),
        ),
        Check(
            "pasangan",
            pairing_covered(small, large),
            "error",
            _(
                "Pasangan diatur UU 20/2008: Pihak Pertama usaha mikro/kecil (%(s)s), "
                "Pihak Kedua usaha menengah/besar (%(l)s)."
            )
            % {
                "s": small.get_size_class_display() or "-",
                "l": large.get_size_class_display() or "-",
            },
        ),
        Check(
            "pasal35_pertama",
            agreement.no_control_declared_small,
            "error",
            _("Pasal 35: Pihak Pertama menyatakan tidak dimiliki atau dikuasai Pihak Kedua."),
        ),
        Check(
            "pasal35_kedua",
            agreement.no_control_declared_large,
            "error",
            _("Pasal 35: Pihak Kedua menyatakan tidak memiliki atau menguasai Pihak Pertama."),
        ),
        Check(
            "verifikasi",
            small.status == VerificationStatus.VERIFIED
            and large.status == VerificationStatus.VERIFIED,
            "error",
            _("Kedua usaha sudah diverifikasi petugas."),
        ),
    ]
    limit = city.payment_term_policy_days if city else 30
    checks.append(
        Check(
            "tempo_pembayaran",
            agreement.payment_term_days <= limit,
            "warning",
            _(
                "Tempo pembayaran %(days)s hari, batas %(limit)s hari "
                "(kebijakan daerah, bukan ketentuan undang-undang)."
            )
            % {"days": agreement.payment_term_days, "limit": limit},
        )
    )
    checks.append(
        Check(
            "terbilang",
            terbilang_matches(agreement.estimated_value, agreement.estimated_value_words),
            "error",
            _('Terbilang sesuai angka %(value)s: "%(words)s".')
            % {
                "value": format_rupiah(agreement.estimated_value),
                "words": terbilang_rupiah(agreement.estimated_value),
            },
        )
    )
    return checks


def blocking_checks(agreement: Agreement) -> list[Check]:
    return [c for c in agreement_checks(agreement) if not c.ok and c.level == "error"]


def _require_checks(agreement: Agreement) -> None:
    failed = blocking_checks(agreement)
    if failed:
        raise ValidationError(
            _("Belum memenuhi syarat: %(list)s") % {"list": " ".join(c.message for c in failed)}
        )


def _check(name: str, actor, agreement: Agreement) -> None:
    """Refuse a move the workflow table does not allow: the wrong person (PermissionDenied),
    the wrong state (ValidationError, code "state")."""
    AGREEMENT_FLOW.check(name, actor=actor, obj=agreement)


def _move(
    actor, agreement: Agreement, name: str, *, action: str, to: str | None = None, **extra
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
    return agreement


@transaction.atomic
def agreement_submit(*, actor, agreement: Agreement) -> Agreement:
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
def agreement_approve(*, actor, agreement: Agreement, notes: str = "") -> Agreement:
    _check("approve", actor, agreement)
    _require_checks(agreement)
    agreement.review_notes = _review_notes(notes)
    agreement.approved_at = timezone.now()
    agreement.approved_by = actor
    if not agreement.number:
        _assign_number(agreement)
    return _move(
        actor,
        agreement,
        "approve",
        action="agreement.approve",
        number=[None, agreement.number],
    )


@transaction.atomic
def agreement_return(*, actor, agreement: Agreement, notes: str) -> Agreement:
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


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_pdf_upload(upload) -> bytes:
    """The bytes of an uploaded PDF, or a ValidationError in plain Indonesian."""
    if upload is None:
        raise ValidationError(_("Pilih berkas PDF untuk diunggah."))
    if upload.size == 0:
        raise ValidationError(_("Berkas kosong. Unggah berkas PDF perjanjian."))
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("Berkas terlalu besar (maksimal 10 MB)."))
    data = upload.read()
    if not data:
        raise ValidationError(_("Berkas kosong. Unggah berkas PDF perjanjian."))
    if not data.startswith(b"%PDF-"):
        raise ValidationError(_("Berkas ini bukan PDF. Unggah berkas PDF perjanjian."))
    return data


@transaction.atomic
def agreement_sign(*, actor, agreement: Agreement, party: str, scan=None) -> Agreement:
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
def agreement_witness(*, actor, agreement: Agreement, witnesses, render: bool = True) -> Agreement:
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
def agreement_activate(*, actor, agreement: Agreement) -> Agreement:
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


@transaction.atomic
def agreement_amend(*, actor, agreement: Agreement) -> Agreement:
    """Start an addendum: a new draft with the same parties and clauses, reviewed again."""
    _check("amend", actor, agreement)
    if agreement.amendments.exclude(status__in=[Status.TERMINATED, Status.AMENDED]).exists():
        _invalid(_("Adendum untuk perjanjian ini sudah dibuat."))
    draft = Agreement(
        small_party=agreement.small_party,
        large_party=agreement.large_party,
        amends=agreement,
        origin_invitation=agreement.origin_invitation,
        origin_text=f"Adendum atas {agreement.number}",
        created_by=actor,
        **agreement.clauses(),
    )
    _clean(draft)
    draft.save()
    _new_version(draft, actor)
    audit_record(
        actor=actor,
        action="agreement.amend",
        obj=draft,
        business=draft.small_party,
        changes={"amends": [None, agreement.number]},
    )
    return draft


# --- ending an agreement: both parties, or an officer's decision -----------------------------


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


def _end(actor, agreement: Agreement, *, kind: str, reason: str) -> Agreement:
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
    agreement.end_proposal_party = party_of(actor, agreement)
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


def _finish(actor, agreement: Agreement, *, kind: str, reason: str, decided: str) -> Agreement:
    proposal = {
        "proposed_by": agreement.end_proposal_by.display_name
        if agreement.end_proposal_by
        else None,
        "proposal_party": agreement.end_proposal_party or None,
    }
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
        **{k: [None, v] for k, v in proposal.items() if v},
    )


@transaction.atomic
def agreement_complete(*, actor, agreement: Agreement, reason: str = "") -> Agreement:
    """Ask to complete (a party), confirm the other party's request (the other party), or
    decide with a reason (an officer). The status changes only on the last two."""
    return _end(actor, agreement, kind=EndKind.COMPLETE, reason=reason)


@transaction.atomic
def agreement_terminate(*, actor, agreement: Agreement, reason: str) -> Agreement:
    """Like :func:`agreement_complete`, for ending early; a reason is always needed."""
    return _end(actor, agreement, kind=EndKind.TERMINATE, reason=reason)


@transaction.atomic
def agreement_end_decline(*, actor, agreement: Agreement) -> Agreement:
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


def verify_upload(*, agreement: Agreement, upload) -> bool:
    """Whether the uploaded PDF is byte-for-byte the signed document. Changes nothing."""
    data = read_pdf_upload(upload)
    return bool(agreement.signed_sha256) and _sha256(data) == agreement.signed_sha256


_LABELS = {
    "pattern": gettext_lazy("Pola kemitraan"),
    "subject": gettext_lazy("Kegiatan usaha"),
    "rights_obligations": gettext_lazy("Hak dan kewajiban"),
    "development_support": gettext_lazy("Bentuk pengembangan"),
    "development_text": gettext_lazy("Uraian pengembangan"),
    "start_date": gettext_lazy("Tanggal mulai"),
    "end_date": gettext_lazy("Tanggal berakhir"),
    "payment_term_days": gettext_lazy("Tempo pembayaran (hari)"),
    "dispute_resolution": gettext_lazy("Penyelesaian perselisihan"),
    "estimated_value": gettext_lazy("Perkiraan nilai"),
    "estimated_value_words": gettext_lazy("Terbilang"),
    "no_control_declared_small": gettext_lazy("Pernyataan Pasal 35 Pihak Pertama"),
    "no_control_declared_large": gettext_lazy("Pernyataan Pasal 35 Pihak Kedua"),
}


def _clauses_lines(clauses: dict) -> list[str]:
    lines = []
    for field in CLAUSE_FIELDS:
        value = clauses.get(field)
        if field == "pattern":
            value = dict(Pattern.choices).get(value, value)
        elif field == "development_support":
            value = ", ".join(str(dict(Support.choices).get(v, v)) for v in value or [])
        elif field == "estimated_value":
            value = format_rupiah(value)
        elif field in {"start_date", "end_date"} and value:
            value = format_tanggal(datetime.date.fromisoformat(value))
        elif isinstance(value, bool):
            value = _("ya") if value else _("tidak")
        lines.append(f"[{_LABELS[field]}]")
        lines.extend(str(value or "").splitlines() or [""])
    return lines


def version_diff(old: AgreementVersion, new: AgreementVersion) -> list[tuple[str, str]]:
    """A readable difference: (kind, line) with kind "+", "-", " " or "@" (a clause heading)."""
    out = []
    for line in difflib.unified_diff(
        _clauses_lines(old.clauses), _clauses_lines(new.clauses), lineterm="", n=1
    ):
        if line.startswith(("---", "+++")):
            continue
        if line.startswith("@@"):
            out.append(("@", "…"))
        else:
            out.append((line[0], line[1:]))
    return out


def version_diff_html(old: AgreementVersion, new: AgreementVersion) -> str:
    rows = []
    for kind, text in version_diff(old, new):
        cls = {"+": "add", "-": "del", "@": "hunk"}.get(kind, "same")
        rows.append(
            f'<li class="diff-{cls}">{escape(kind if kind != "@" else "")} {escape(text)}</li>'
        )
    return '<ul class="diff">' + "".join(rows) + "</ul>"


# --- signing ceremony at a temu usaha -------------------------------------------------------


def _require_ceremony_officer(actor, agreement: Agreement | None = None) -> None:
    if not actor.is_officer:
        _forbid(_("Hanya petugas yang dapat memimpin penandatanganan bersama."))
    if agreement is not None and is_party_member(actor, agreement):
        _forbid(
            _("Petugas yang menjadi anggota salah satu pihak tidak boleh mencatat perjanjian ini.")
        )


@transaction.atomic
def agreement_sign_in_ceremony(*, actor, agreement: Agreement, party: str, event) -> Agreement:
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
def ceremony_witness_batch(*, actor, event, witnesses):
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


@transaction.atomic
def agreement_pdfs_job_start(*, actor, agreements: list[Agreement], title: str):
    """Queue the rendering of the agreements' PDFs into one ZIP; progress shows on a Job."""
    _require_ceremony_officer(actor)
    ids = [a.pk for a in agreements]
    if not ids:
        _invalid(_("Tidak ada perjanjian untuk dicetak."))
    job = job_start(
        kind="agreement_pdfs",
        owner=actor,
        title=title,
        total=len(ids),
        result={"pending": {"ids": ids}},
    )
    audit_record(
        actor=actor, action="agreement.pdf_batch", obj=job, changes={"agreements": [None, ids]}
    )
    job_enqueue(job, "jalinmitra.agreements.tasks.render_agreement_pdfs", job.pk)
    return job


@transaction.atomic
def agreement_pdf_store(*, actor, agreement: Agreement) -> bytes:
    """Render and keep the final document of a witnessed agreement that has none yet (its
    SHA-256 makes the public verification work). Returns the document's bytes."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.signed_pdf:
        with agreement.signed_pdf.open("rb") as f:
            return f.read()
    if agreement.witnessed_at is None:
        _invalid(_("Hanya perjanjian yang sudah disaksikan yang disimpan sebagai dokumen akhir."))
    from jalinmitra.agreements.pdf import agreement_pdf

    data = agreement_pdf(agreement)
    agreement.signed_sha256 = _sha256(data)
    agreement.signed_pdf.save(f"perjanjian-{agreement.code}.pdf", ContentFile(data), save=False)
    agreement.save(update_fields=["signed_pdf", "signed_sha256", "updated_at"])
    audit_record(
        actor=actor,
        action="agreement.pdf_store",
        obj=agreement,
        business=agreement.small_party,
        changes={"signed_sha256": [None, agreement.signed_sha256]},
    )
    return data


# --- reminders before an agreement ends -----------------------------------------------------

REMINDER_DAYS = (30, 60)  # nearest first: an agreement first seen within 30 days gets one email


def agreement_emails(agreement: Agreement) -> list[str]:
    """Where the parties read mail: their members' accounts, then the businesses' own."""
    parties = [agreement.small_party, agreement.large_party]
    emails = list(
        Membership.objects.filter(business__in=parties, user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    emails += [b.email for b in parties if b.email]
    return sorted(set(emails))


def _send_reminder(agreement: Agreement, days: int, emails: list[str]) -> None:
    from django.conf import settings
    from django.urls import reverse

    link = f"{settings.SITE_URL}{reverse('agreements:detail', args=[agreement.pk])}"
    send_mail_after_commit(
        subject=_("Perjanjian %(number)s berakhir dalam %(days)s hari")
        % {"number": agreement, "days": days},
        body=_(
            "Yth. %(small)s dan %(large)s,\n\n"
            "Perjanjian kemitraan %(number)s berakhir pada %(end)s. Bila kemitraan "
            "akan dilanjutkan, ajukan adendum atau perjanjian baru sebelum tanggal itu:\n"
            "%(link)s\n\nSalam,\nJalinMitra"
        )
        % {
            "small": agreement.small_party.name,
            "large": agreement.large_party.name,
            "number": agreement,
            "end": format_tanggal(agreement.end_date),
            "link": link,
        },
        to=emails,
        what="agreement reminder",
    )


@transaction.atomic
def agreement_remind_ending(*, agreement: Agreement, days: int) -> bool:
    """Email the parties that the agreement ends within ``days`` days, once per threshold.
    Returns whether a reminder went out."""
    if days not in REMINDER_DAYS:
        raise ValueError(days)
    agreement = (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("small_party", "large_party")
        .get(pk=agreement.pk)
    )
    field = f"reminded_{days}_at"
    if getattr(agreement, field) is not None or agreement.status != Status.ACTIVE:
        return False
    emails = agreement_emails(agreement)
    now = timezone.now()
    setattr(agreement, field, now)
    updated = [field]
    if days == 30 and agreement.reminded_60_at is None:
        # Too late for the 60-day notice; it would only repeat this one.
        agreement.reminded_60_at = now
        updated.append("reminded_60_at")
    agreement.save(update_fields=updated)
    if emails:
        _send_reminder(agreement, days, emails)
    audit_record(
        actor=None,
        action="agreement.reminder",
        obj=agreement,
        business=agreement.small_party,
        changes={"days": [None, days], "recipients": [None, len(emails)]},
    )
    return True


def agreements_remind_ending(*, today: datetime.date | None = None) -> list[tuple[Agreement, int]]:
    """Remind the parties of every active agreement ending within 60 or 30 days."""
    today = today or timezone.localdate()
    sent = []
    for days in REMINDER_DAYS:
        due = Agreement.objects.filter(
            status=Status.ACTIVE,
            end_date__gte=today,
            end_date__lte=today + datetime.timedelta(days=days),
            **{f"reminded_{days}_at__isnull": True},
        ).order_by("end_date", "pk")
        for agreement in due:
            if agreement_remind_ending(agreement=agreement, days=days):
                sent.append((agreement, days))
    return sent

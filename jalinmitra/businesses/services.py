"""Writes of the business registry. Every one is atomic and leaves an audit row."""

from __future__ import annotations

import dataclasses
from datetime import date
from io import BytesIO
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from jalinmitra.businesses import hooks
from jalinmitra.businesses.choices import (
    LARGE_SIZES,
    CertificationKind,
    NeedStatus,
)
from jalinmitra.businesses.models import (
    Business,
    BusinessKbli,
    Certification,
    Need,
    Offer,
    OfferPhoto,
)
from jalinmitra.businesses.workflow import BUSINESS_FLOW
from jalinmitra.core.actors import Actor
from jalinmitra.core.identifiers import clean_nib, clean_nik, clean_npwp, normalize_whatsapp
from jalinmitra.core.limits import image_open, lengths_check
from jalinmitra.core.models import AuditLog, KbliCode, Region
from jalinmitra.core.notify import delete_files_after_commit
from jalinmitra.core.selectors import DEFAULT_KBLI_VERSION, city_current
from jalinmitra.core.services import apply_changes, audit_entry, audit_record, check_version
from jalinmitra.core.sizeclass import classify
from jalinmitra.core.validator_text import value_error_text

BUSINESS_FIELDS = [
    "name",
    "legal_form",
    "nib",
    "npwp",
    "owner_name",
    "owner_nik",
    "address",
    "region",
    "whatsapp",
    "email",
    "modal_usaha",
    "hasil_penjualan",
    "description",
]
PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_SIDE = 1280
PHOTOS_PER_OFFER = 6
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}


def _masked_changes(changes: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """The audit trail records that a NIK changed, never the NIK itself."""
    for field in ("owner_nik",):
        if field in changes:
            changes[field] = ["***" if changes[field][0] else "", "***"]
    return changes


def business_clean(data: dict[str, Any], *, instance: Business | None = None) -> dict[str, Any]:
    """Normalise and check registry fields; raise ValidationError naming every bad field."""
    errors: dict[str, str] = {}
    cleaned = dict(data)
    checks = {
        "nib": clean_nib,
        "npwp": clean_npwp,
        "owner_nik": clean_nik,
        "whatsapp": normalize_whatsapp,
    }
    errors.update(lengths_check(Business, {k: v for k, v in cleaned.items() if k not in checks}))
    for field, check in checks.items():
        if field not in cleaned:
            continue  # a partial update leaves what it was not given alone
        value = cleaned[field]
        if value in (None, ""):
            cleaned[field] = None if field == "nib" else ""
            continue
        try:
            cleaned[field] = check(value)
        except ValueError as e:
            errors[field] = value_error_text(e)
    if "name" in cleaned and not (cleaned.get("name") or "").strip():
        errors["name"] = _("Nama usaha wajib diisi.")
    if "owner_name" in cleaned and not (cleaned.get("owner_name") or "").strip():
        errors["owner_name"] = _("Nama pemilik wajib diisi.")
    if cleaned.get("email") and "email" not in errors:
        try:
            validate_email(cleaned["email"])
        except ValidationError:
            errors["email"] = _("Alamat email tidak valid.")
    for field in ("modal_usaha", "hasil_penjualan"):
        value = cleaned.get(field)
        if value is not None and value != "" and int(value) < 0:
            errors[field] = _("Nilai tidak boleh negatif.")
    nib = cleaned.get("nib")
    if nib and "nib" not in errors:
        clash = Business.objects.filter(nib=nib)
        if instance is not None and instance.pk:
            clash = clash.exclude(pk=instance.pk)
        if clash.exists():
            errors["nib"] = _("NIB %(nib)s sudah terdaftar untuk usaha lain.") % {"nib": nib}
    if errors:
        raise ValidationError(errors)
    return cleaned


def _set_kbli(business: Business, primary: str | None, others: list[str] | None) -> dict | None:
    if primary is None and others is None:
        return None
    codes = [c for c in [primary, *(others or [])] if c]
    found = {
        k.code: k
        for k in KbliCode.objects.filter(
            version=DEFAULT_KBLI_VERSION, code__in=codes, level="kelompok"
        )
    }
    missing = [c for c in codes if c not in found]
    if missing:
        raise ValidationError(
            {
                "kbli": _("Kode KBLI tidak dikenal (harus 5 angka KBLI 2020): %(codes)s")
                % {"codes": ", ".join(missing)}
            }
        )
    before = sorted(business.kbli_links.values_list("kbli__code", flat=True))
    business.kbli_links.all().delete()
    seen = set()
    for code in codes:
        if code in seen:
            continue
        seen.add(code)
        BusinessKbli.objects.create(business=business, kbli=found[code], is_primary=code == primary)
    after = sorted(seen)
    return {"kbli": [before, after]} if before != after else {}


def _update_size(business: Business) -> dict:
    size = classify(business.modal_usaha, business.hasil_penjualan).size
    new = size.value if size else ""
    if business.size_class != new:
        old = business.size_class
        business.size_class = new
        return {"size_class": [old, new]}
    return {}


@transaction.atomic
def business_create(
    *,
    actor: Actor,
    data: dict[str, Any],
    kbli_primary: str | None = None,
    kbli_others: list[str] | None = None,
    privacy_consent: bool = False,
    assisted: bool = False,
) -> Business:
    cleaned = business_clean(data)
    business = Business(
        **{k: v for k, v in cleaned.items() if k in BUSINESS_FIELDS},
        assisted=assisted,
        created_by_id=actor.pk if actor is not None and actor.is_authenticated else None,
    )
    if privacy_consent:
        city = city_current()
        business.privacy_consent_version = city.privacy_notice_version if city else ""
        business.privacy_consent_at = timezone.now()
    _update_size(business)
    try:
        with transaction.atomic():
            business.save()
    except IntegrityError as e:
        raise ValidationError({"nib": _("NIB sudah terdaftar untuk usaha lain.")}) from e
    _set_kbli(business, kbli_primary, kbli_others)
    changes = {
        k: [None, v] for k, v in cleaned.items() if k in BUSINESS_FIELDS and v not in (None, "")
    }
    audit_record(
        actor=actor,
        action="business.create",
        obj=business,
        business=business,
        changes=_masked_changes(changes),
    )
    return business


@transaction.atomic
def business_update(
    *,
    actor: Actor,
    business: Business,
    data: dict[str, Any],
    kbli_primary: str | None = None,
    kbli_others: list[str] | None = None,
    expected_version: int | None = None,
    privacy_consent: bool = False,
) -> Business:
    """Edit a business. `expected_version` is the version the edit form was opened with: a save
    from an outdated copy is refused (no lost update). `privacy_consent` records the owner's
    consent to the current privacy notice when it was not given before (see
    :func:`business_consent_give`)."""
    check_version(instance=business, expected=expected_version)
    cleaned = business_clean(data, instance=business)
    changes = apply_changes(business, {k: v for k, v in cleaned.items() if k in BUSINESS_FIELDS})
    if privacy_consent and _consent_needed(business):
        changes.update(_consent_set(business))
    changes.update(_update_size(business))
    if (
        business.status in BUSINESS_FLOW["changed"].src
        and changes.keys()
        & {"nib", "npwp", "owner_nik", "owner_name", "name", "modal_usaha", "hasil_penjualan"}
        and not actor.is_officer
    ):
        # Identity or size changed by the owner: an officer must look again.
        changes["status"] = [business.status, BUSINESS_FLOW["changed"].to]
        business.status = BUSINESS_FLOW["changed"].to
        business.submitted_at = timezone.now()
    # The caller's copy may be older than the row: never write its version back.
    business.version = (
        Business.objects.select_for_update().values_list("version", flat=True).get(pk=business.pk)
    )
    try:
        with transaction.atomic():
            business.save()
    except IntegrityError as e:
        raise ValidationError({"nib": _("NIB sudah terdaftar untuk usaha lain.")}) from e
    if "region" in changes:
        _touch_offers(business.offers.all())
    kbli_change = _set_kbli(business, kbli_primary, kbli_others)
    if kbli_change:
        changes.update(kbli_change)
    if changes:
        _version_bump(business)
        audit_record(
            actor=actor,
            action="business.update",
            obj=business,
            business=business,
            changes=_masked_changes(changes),
        )
    return business


def _version_bump(instance: models.Model) -> None:
    type(instance)._default_manager.filter(pk=instance.pk).update(version=models.F("version") + 1)
    instance.refresh_from_db(fields=["version"])


def _consent_needed(business: Business) -> bool:
    """No consent yet, or consent to an older privacy notice than the city's current one."""
    city = city_current()
    current = city.privacy_notice_version if city else ""
    return not business.privacy_consent_at or business.privacy_consent_version != current


def _consent_set(business: Business) -> dict[str, list[Any]]:
    city = city_current()
    old = business.privacy_consent_version
    business.privacy_consent_version = city.privacy_notice_version if city else ""
    business.privacy_consent_at = timezone.now()
    return {
        "privacy_consent_version": [old, business.privacy_consent_version],
        "privacy_consent_at": [None, business.privacy_consent_at],
    }


def business_consent_needed(business: Business) -> bool:
    return _consent_needed(business)


@transaction.atomic
def business_consent_give(*, actor: Actor, business: Business) -> Business:
    """The owner (or an officer on the owner's word, at the counter) consents to the current
    privacy notice, after registration: an officer or an import registered the business
    without it. Recorded with the notice version and time, and audited."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied
    if not actor.is_officer and not business.memberships.filter(user_id=actor.pk).exists():
        raise PermissionDenied
    Business.objects.select_for_update().filter(pk=business.pk).first()
    business.refresh_from_db()
    if not _consent_needed(business):
        return business
    changes = _consent_set(business)
    business.save(update_fields=["privacy_consent_version", "privacy_consent_at", "updated_at"])
    audit_record(
        actor=actor, action="business.consent", obj=business, business=business, changes=changes
    )
    return business


def business_missing_for_submission(business: Business) -> list[str]:
    missing = []
    if not business.owner_nik:
        missing.append(_("NIK pemilik"))
    if not business.region_id:
        missing.append(_("kelurahan/desa"))
    if not business.whatsapp and not business.email:
        missing.append(_("nomor WhatsApp atau email"))
    if not business.kbli_links.exists():
        missing.append(_("KBLI"))
    if business.modal_usaha is None and business.hasil_penjualan is None:
        missing.append(_("modal usaha atau hasil penjualan tahunan"))
    if not business.privacy_consent_at:
        missing.append(_("persetujuan pemberitahuan privasi"))
    return missing


def _transition(actor: Actor, business: Business, name: str) -> str:
    """Check the move `name` against the workflow table (businesses/workflow.py) and make it;
    returns the old status."""
    transition = BUSINESS_FLOW.check(name, actor=actor, obj=business)
    old = business.status
    business.status = transition.to
    return old


@transaction.atomic
def business_submit(*, actor: Actor, business: Business) -> Business:
    BUSINESS_FLOW.check("submit", actor=actor, obj=business)
    missing = business_missing_for_submission(business)
    if missing:
        raise ValidationError(
            _("Belum lengkap: %(fields)s.") % {"fields": ", ".join(str(m) for m in missing)},
            code="incomplete",
        )
    old = _transition(actor, business, "submit")
    business.submitted_at = timezone.now()
    business.save(update_fields=["status", "submitted_at", "updated_at"])
    audit_record(
        actor=actor,
        action="business.submit",
        obj=business,
        business=business,
        changes={"status": [old, business.status]},
    )
    return business


@transaction.atomic
def business_verify(*, actor: Actor, business: Business) -> Business:
    BUSINESS_FLOW.check("verify", actor=actor, obj=business)
    missing = business_missing_for_submission(business)
    if missing:
        raise ValidationError(
            _("Belum lengkap: %(fields)s.") % {"fields": ", ".join(str(m) for m in missing)},
            code="incomplete",
        )
    old = _transition(actor, business, "verify")
    business.verified_at = timezone.now()
    business.verified_by_id = actor.pk
    business.return_reason = ""
    business.save(
        update_fields=["status", "verified_at", "verified_by", "return_reason", "updated_at"]
    )
    audit_record(
        actor=actor,
        action="business.verify",
        obj=business,
        business=business,
        changes={"status": [old, business.status]},
    )
    return business


@transaction.atomic
def business_return(*, actor: Actor, business: Business, reason: str) -> Business:
    BUSINESS_FLOW.check("return", actor=actor, obj=business)
    if not reason.strip():
        raise ValidationError(
            {
                "reason": _(
                    "Tuliskan alasan pengembalian agar pemilik tahu apa yang harus diperbaiki."
                )
            }
        )
    too_long = lengths_check(Business, {"return_reason": reason.strip()})
    if too_long:
        raise ValidationError({"reason": too_long["return_reason"]})
    old = _transition(actor, business, "return")
    business.return_reason = reason.strip()
    business.save(update_fields=["status", "return_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="business.return",
        obj=business,
        business=business,
        changes={"status": [old, business.status], "return_reason": ["", business.return_reason]},
    )
    return business


@transaction.atomic
def certification_add(
    *, actor: Actor, business: Business, kind: str, number: str, expires_on=None, name: str = ""
) -> Certification:
    if kind not in CertificationKind.values:
        raise ValidationError(
            {"kind": _("Jenis sertifikat tidak dikenal: %(kind)s") % {"kind": kind}}
        )
    if not number.strip():
        raise ValidationError({"number": _("Nomor sertifikat wajib diisi.")})
    too_long = lengths_check(Certification, {"number": number.strip(), "name": name or ""})
    if too_long:
        raise ValidationError(too_long)
    cert = Certification.objects.create(
        business=business, kind=kind, number=number.strip(), expires_on=expires_on, name=name
    )
    audit_record(
        actor=actor,
        action="certification.add",
        obj=cert,
        business=business,
        changes={
            "kind": [None, kind],
            "number": [None, cert.number],
            "expires_on": [None, expires_on],
        },
    )
    return cert


def _touch_offers(offers) -> None:
    """Mark offers changed so the matching index picks up what they inherit (region, certificates)."""
    offers.update(updated_at=timezone.now())


@transaction.atomic
def certification_delete(*, actor: Actor, certification: Certification) -> None:
    _touch_offers(Offer.objects.filter(certifications=certification))
    audit_record(
        actor=actor,
        action="certification.delete",
        obj=certification,
        business=certification.business,
    )
    certification.delete()


def offer_check(data: dict[str, Any]) -> None:
    errors = lengths_check(Offer, data)
    if not (data.get("title") or "").strip():
        errors["title"] = _("Judul penawaran wajib diisi.")
    pmin, pmax = data.get("price_min"), data.get("price_max")
    if pmin is not None and pmax is not None and pmax < pmin:
        errors["price_max"] = _("Harga tertinggi tidak boleh di bawah harga terendah.")
    for f in ("price_min", "price_max"):
        if data.get(f) is not None and data[f] < 0:
            errors[f] = _("Harga tidak boleh negatif.")
    if errors:
        raise ValidationError(errors)


OFFER_FIELDS = [
    "title",
    "description",
    "kbli",
    "unit",
    "price_min",
    "price_max",
    "capacity_per_month",
    "is_active",
]
NEED_FIELDS = [
    "title",
    "description",
    "kbli",
    "quantity",
    "unit",
    "period",
    "required_certifications",
    "target_price",
    "deadline",
    "delivery_region",
    "status",
]


@transaction.atomic
def offer_create(
    *, actor: Actor, business: Business, data: dict[str, Any], certifications=None
) -> Offer:
    if business.size_class in LARGE_SIZES:
        # UU 20/2008 partnerships: micro and small businesses offer, medium and large ones need.
        raise ValidationError(
            _("Penawaran untuk usaha mikro dan kecil. Usaha ini mencatat kebutuhan."),
            code="offer_by_large_business",
        )
    offer_check(data)
    offer = Offer.objects.create(
        business=business, **{k: v for k, v in data.items() if k in OFFER_FIELDS}
    )
    if certifications is not None:
        offer.certifications.set(certifications)
    audit_record(
        actor=actor,
        action="offer.create",
        obj=offer,
        business=business,
        changes={
            k: [None, v] for k, v in data.items() if k in OFFER_FIELDS and v not in (None, "")
        },
    )
    return offer


@transaction.atomic
def offer_update(
    *,
    actor: Actor,
    offer: Offer,
    data: dict[str, Any],
    certifications=None,
    expected_version: int | None = None,
) -> Offer:
    check_version(instance=offer, expected=expected_version)
    offer.refresh_from_db()  # diff against what is stored, whatever the caller did to the object
    merged = {f: getattr(offer, f) for f in OFFER_FIELDS} | data
    offer_check(merged)
    changes = apply_changes(offer, {k: v for k, v in data.items() if k in OFFER_FIELDS})
    offer.save()
    if certifications is not None:
        before = sorted(offer.certifications.values_list("pk", flat=True))
        offer.certifications.set(certifications)
        after = sorted(c.pk for c in certifications)
        if before != after:
            changes["certifications"] = [before, after]
    if changes:
        _version_bump(offer)
        audit_record(
            actor=actor, action="offer.update", obj=offer, business=offer.business, changes=changes
        )
    return offer


@transaction.atomic
def offer_delete(*, actor: Actor, offer: Offer) -> None:
    audit_record(actor=actor, action="offer.delete", obj=offer, business=offer.business)
    # The files go once the rows are gone for good: a rolled-back delete keeps its photos.
    delete_files_after_commit([photo.image.name for photo in offer.photos.all()])
    hooks.offer_photos_deleting(photo_ids=[photo.pk for photo in offer.photos.all()])
    offer.delete()


def photo_prepare(upload) -> tuple[ContentFile, int, int]:
    """Check an uploaded photo's size and type, and shrink it to at most PHOTO_MAX_SIDE px.
    Its pixel count is checked from the header before anything is decoded."""
    if upload.size > PHOTO_MAX_BYTES:
        raise ValidationError({"photo": _("Foto terlalu besar: paling besar 5 MB.")})
    image = image_open(upload, field="photo")
    if image.format not in PHOTO_FORMATS:
        raise ValidationError(
            {"photo": _("Jenis gambar tidak didukung: pakai JPG, PNG, atau WEBP.")}
        )
    try:
        image.verify()
        upload.seek(0)
        image = Image.open(upload)
        if image.format == "JPEG":
            # Let the decoder scale down by 1/2..1/8 while reading: a fraction of the memory.
            image.draft("RGB", (PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as e:
        raise ValidationError({"photo": _("Berkas bukan gambar JPG, PNG, atau WEBP.")}) from e
    image = image.convert("RGB")
    image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
    out = BytesIO()
    image.save(out, "JPEG", quality=82, optimize=True)
    return ContentFile(out.getvalue()), image.width, image.height


@transaction.atomic
def offer_save(
    *,
    actor: Actor,
    business: Business,
    offer: Offer | None,
    data: dict[str, Any],
    certifications=None,
    photo=None,
    expected_version: int | None = None,
) -> Offer:
    """Saving the offer form: a new offer (``offer`` None) or changes to one, and the photo
    sent with it, all or nothing."""
    if offer is None:
        offer = offer_create(
            actor=actor, business=business, data=data, certifications=certifications
        )
    else:
        offer_update(
            actor=actor,
            offer=offer,
            data=data,
            certifications=certifications,
            expected_version=expected_version,
        )
    if photo:
        offer_photo_add(actor=actor, offer=offer, upload=photo)
        hooks.offer_photo_saved_after_commit(offer_id=offer.pk)
    return offer


@transaction.atomic
def offer_photo_add(*, actor: Actor, offer: Offer, upload) -> OfferPhoto:
    if offer.photos.count() >= PHOTOS_PER_OFFER:
        raise ValidationError(
            {
                "photo": _("Paling banyak %(n)s foto per penawaran; hapus satu dahulu.")
                % {"n": PHOTOS_PER_OFFER}
            }
        )
    content, width, height = photo_prepare(upload)
    photo = OfferPhoto(offer=offer, width=width, height=height)
    photo.image.save(f"offer-{offer.pk}.jpg", content, save=False)
    photo.save()
    audit_record(
        actor=actor,
        action="offer.photo_add",
        obj=offer,
        business=offer.business,
        changes={"photo": [None, photo.image.name]},
    )
    return photo


def need_check(data: dict[str, Any]) -> None:
    errors = lengths_check(Need, data)
    if not (data.get("title") or "").strip():
        errors["title"] = _("Judul kebutuhan wajib diisi.")
    unknown = [
        c for c in data.get("required_certifications") or [] if c not in CertificationKind.values
    ]
    if unknown:
        errors["required_certifications"] = _("Sertifikat tidak dikenal: %(c)s") % {
            "c": ", ".join(unknown)
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def need_create(*, actor: Actor, business: Business, data: dict[str, Any]) -> Need:
    need_check(data)
    need = Need.objects.create(
        business=business, **{k: v for k, v in data.items() if k in NEED_FIELDS}
    )
    audit_record(
        actor=actor,
        action="need.create",
        obj=need,
        business=business,
        changes={
            k: [None, v] for k, v in data.items() if k in NEED_FIELDS and v not in (None, "", [])
        },
    )
    return need


@transaction.atomic
def need_update(
    *, actor: Actor, need: Need, data: dict[str, Any], expected_version: int | None = None
) -> Need:
    check_version(instance=need, expected=expected_version)
    need.refresh_from_db()  # diff against what is stored, whatever the caller did to the object
    need_check({f: getattr(need, f) for f in NEED_FIELDS} | data)
    changes = apply_changes(need, {k: v for k, v in data.items() if k in NEED_FIELDS})
    if changes:
        need.save()
        _version_bump(need)
        audit_record(
            actor=actor, action="need.update", obj=need, business=need.business, changes=changes
        )
    return need


def need_close(*, actor: Actor, need: Need) -> Need:
    return need_update(actor=actor, need=need, data={"status": NeedStatus.CLOSED})


def region_get(code: str | None) -> Region | None:
    if not code:
        return None
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise ValidationError(
            {"region": _("Kode wilayah tidak dikenal: %(code)s") % {"code": code}}
        )
    return region


# --- many at once: the spreadsheet import -------------------------------------------------
#
# An import checks every row first, outside any transaction (imports.py), then writes them all
# here in one short transaction of bulk inserts: on SQLite the write lock is held for well under
# a second for 5,000 rows, where one service call per row held it for half a minute and every
# other writer failed with "database is locked". Same rows and audit rows as the one-by-one
# services; all or nothing.

BULK_BATCH_SIZE = 500


@dataclasses.dataclass
class BusinessDraft:
    """One business to create: `data` as `business_clean` returned it, KBLI codes, and
    certificates as (kind, number, expires_on)."""

    data: dict[str, Any]
    kbli_primary: str | None = None
    kbli_others: list[str] = dataclasses.field(default_factory=list)
    certifications: list[tuple[str, str, date | None]] = dataclasses.field(default_factory=list)
    privacy_consent: bool = False


@dataclasses.dataclass
class OfferDraft:
    business: Business
    data: dict[str, Any]
    certifications: list[Certification] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class NeedDraft:
    business: Business
    data: dict[str, Any]


def business_create_many(
    *, actor: Actor, drafts: list[BusinessDraft], assisted: bool = True
) -> list[Business]:
    """`business_create` and `certification_add` for many businesses in a few bulk inserts.
    The drafts' data is already checked by `business_clean` (outside the transaction); a NIB
    registered meanwhile fails the whole insert as ValidationError on "nib"."""
    codes = {c for d in drafts for c in [d.kbli_primary, *d.kbli_others] if c}
    found = {
        k.code: k
        for k in KbliCode.objects.filter(
            version=DEFAULT_KBLI_VERSION, code__in=codes, level="kelompok"
        )
    }
    missing = sorted(codes - set(found))
    if missing:
        raise ValidationError(
            {
                "kbli": _("Kode KBLI tidak dikenal (harus 5 angka KBLI 2020): %(codes)s")
                % {"codes": ", ".join(missing)}
            }
        )
    for d in drafts:
        for kind, number, _expires in d.certifications:
            if kind not in CertificationKind.values:
                raise ValidationError(
                    {"kind": _("Jenis sertifikat tidak dikenal: %(kind)s") % {"kind": kind}}
                )
            if not number.strip():
                raise ValidationError({"number": _("Nomor sertifikat wajib diisi.")})
            too_long = lengths_check(Certification, {"number": number.strip()})
            if too_long:
                raise ValidationError(too_long)
    city = city_current() if any(d.privacy_consent for d in drafts) else None
    now = timezone.now()
    businesses = []
    for d in drafts:
        business = Business(
            **{k: v for k, v in d.data.items() if k in BUSINESS_FIELDS},
            assisted=assisted,
            created_by_id=actor.pk if actor is not None and actor.is_authenticated else None,
        )
        if d.privacy_consent:
            business.privacy_consent_version = city.privacy_notice_version if city else ""
            business.privacy_consent_at = now
        _update_size(business)
        businesses.append(business)

    # Everything but the ids is built before the transaction, so the write lock is held for
    # the inserts alone.
    links: list[BusinessKbli] = []
    certs: list[Certification] = []
    entries: list[tuple[models.Model, Business, AuditLog]] = []
    for business, d in zip(businesses, drafts, strict=True):
        seen: set[str] = set()
        for code in [c for c in [d.kbli_primary, *d.kbli_others] if c]:
            if code not in seen:
                seen.add(code)
                links.append(
                    BusinessKbli(
                        business=business, kbli=found[code], is_primary=code == d.kbli_primary
                    )
                )
        changes = {
            k: [None, v] for k, v in d.data.items() if k in BUSINESS_FIELDS and v not in (None, "")
        }
        entries.append(
            (
                business,
                business,
                audit_entry(
                    actor=actor,
                    action="business.create",
                    obj=business,
                    changes=_masked_changes(changes),
                ),
            )
        )
        for kind, number, expires_on in d.certifications:
            cert = Certification(
                business=business, kind=kind, number=number.strip(), expires_on=expires_on
            )
            certs.append(cert)
            entries.append(
                (
                    cert,
                    business,
                    audit_entry(
                        actor=actor,
                        action="certification.add",
                        obj=cert,
                        changes={
                            "kind": [None, cert.kind],
                            "number": [None, cert.number],
                            "expires_on": [None, cert.expires_on],
                        },
                    ),
                )
            )

    with transaction.atomic():
        try:
            with transaction.atomic():
                Business.objects.bulk_create(businesses, batch_size=BULK_BATCH_SIZE)
        except IntegrityError as e:
            raise ValidationError({"nib": _("NIB sudah terdaftar untuk usaha lain.")}) from e
        BusinessKbli.objects.bulk_create(links, batch_size=BULK_BATCH_SIZE)
        Certification.objects.bulk_create(certs, batch_size=BULK_BATCH_SIZE)
        for obj, business, entry in entries:
            entry.object_id, entry.business_id = str(obj.pk), business.pk
        AuditLog.objects.bulk_create([e for _o, _b, e in entries], batch_size=BULK_BATCH_SIZE)
    return businesses


def offer_create_many(*, actor: Actor, drafts: list[OfferDraft]) -> list[Offer]:
    """`offer_create` for many offers in a few bulk inserts (see `business_create_many`)."""
    for d in drafts:
        if d.business.size_class in LARGE_SIZES:
            raise ValidationError(
                _("Penawaran untuk usaha mikro dan kecil. Usaha ini mencatat kebutuhan."),
                code="offer_by_large_business",
            )
        offer_check(d.data)
    offers = [
        Offer(business=d.business, **{k: v for k, v in d.data.items() if k in OFFER_FIELDS})
        for d in drafts
    ]
    through = Offer.certifications.through
    with transaction.atomic():
        Offer.objects.bulk_create(offers, batch_size=BULK_BATCH_SIZE)
        through.objects.bulk_create(
            [
                through(offer_id=offer.pk, certification_id=cert.pk)
                for offer, d in zip(offers, drafts, strict=True)
                for cert in {c.pk: c for c in d.certifications}.values()
            ],
            batch_size=BULK_BATCH_SIZE,
        )
        AuditLog.objects.bulk_create(
            [
                audit_entry(
                    actor=actor,
                    action="offer.create",
                    obj=offer,
                    business=d.business,
                    changes={
                        k: [None, v]
                        for k, v in d.data.items()
                        if k in OFFER_FIELDS and v not in (None, "")
                    },
                )
                for offer, d in zip(offers, drafts, strict=True)
            ],
            batch_size=BULK_BATCH_SIZE,
        )
    return offers


def need_create_many(*, actor: Actor, drafts: list[NeedDraft]) -> list[Need]:
    """`need_create` for many needs in a few bulk inserts (see `business_create_many`)."""
    for d in drafts:
        need_check(d.data)
    needs = [
        Need(business=d.business, **{k: v for k, v in d.data.items() if k in NEED_FIELDS})
        for d in drafts
    ]
    with transaction.atomic():
        Need.objects.bulk_create(needs, batch_size=BULK_BATCH_SIZE)
        AuditLog.objects.bulk_create(
            [
                audit_entry(
                    actor=actor,
                    action="need.create",
                    obj=need,
                    business=d.business,
                    changes={
                        k: [None, v]
                        for k, v in d.data.items()
                        if k in NEED_FIELDS and v not in (None, "", [])
                    },
                )
                for need, d in zip(needs, drafts, strict=True)
            ],
            batch_size=BULK_BATCH_SIZE,
        )
    return needs

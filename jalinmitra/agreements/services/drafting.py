"""Drafting: a new agreement, changes to its clauses, and an addendum."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jalinmitra.agreements.choices import Status, Support
from jalinmitra.agreements.models import CLAUSE_FIELDS, Agreement, AgreementTemplate
from jalinmitra.agreements.services._common import _check, _forbid, _invalid
from jalinmitra.agreements.services.checks import pairing_covered
from jalinmitra.agreements.services.versions import _check_version, _new_version, _snapshot
from jalinmitra.agreements.workflow import AGREEMENT_FLOW, is_member
from jalinmitra.businesses.models import Business
from jalinmitra.core.money import terbilang_rupiah
from jalinmitra.core.services import audit_record

if TYPE_CHECKING:
    from jalinmitra.accounts.models import User


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
    actor: User,
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


def _check_declarations(actor: User, agreement: Agreement, before: dict[str, Any]) -> None:
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


@transaction.atomic
def agreement_update(
    *,
    actor: User,
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


@transaction.atomic
def agreement_amend(*, actor: User, agreement: Agreement) -> Agreement:
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

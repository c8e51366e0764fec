"""Writes of the core app, and the audit helper every other service calls."""

from __future__ import annotations

import csv
import datetime
import decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from jalinmitra.core.actors import Actor
from jalinmitra.core.models import AuditLog, City, Office, Official, Region
from jalinmitra.core.reference import reference_clear
from jalinmitra.core.text import fold


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (datetime.date, datetime.datetime, decimal.Decimal)):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if isinstance(value, FieldFile | File):  # an empty FieldFile has no url: ask its name only
        return value.name or ""
    return value


def audit_record(
    *,
    actor: Actor | None,
    action: str,
    obj: models.Model,
    changes: dict[str, Any] | None = None,
    business=None,
) -> AuditLog:
    """Record who did what to which object. `changes` maps field -> [old, new]."""
    entry = audit_entry(actor=actor, action=action, obj=obj, changes=changes, business=business)
    entry.save(force_insert=True)
    return entry


def audit_entry(
    *,
    actor: Actor | None,
    action: str,
    obj: models.Model,
    changes: dict[str, Any] | None = None,
    business=None,
) -> AuditLog:
    """The row `audit_record` writes, unsaved: for a service that writes many in one bulk insert."""
    return AuditLog(
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        actor_name=(getattr(actor, "display_name", "") or str(actor or ""))[:150]
        if actor is not None and getattr(actor, "is_authenticated", False)
        else "sistem",
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        business_id=business.pk if business is not None else None,
        changes={k: [_jsonable(a), _jsonable(b)] for k, (a, b) in (changes or {}).items()},
    )


def audit_event(
    *, actor: Actor | None, action: str, subject: str, details: dict[str, Any] | None = None
) -> AuditLog:
    """Record an action that concerns no single object, e.g. a bulk export of personal data."""
    return AuditLog.objects.create(
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        actor_name=getattr(actor, "display_name", "sistem")[:150],
        action=action,
        object_type="event",
        object_id="",
        object_repr=subject[:255],
        changes={k: [None, _jsonable(v)] for k, v in (details or {}).items()},
    )


def apply_changes(instance: models.Model, data: dict[str, Any]) -> dict[str, list[Any]]:
    """Set fields on `instance` from `data`; return {field: [old, new]} for those that changed."""
    changed: dict[str, list[Any]] = {}
    for field, new in data.items():
        old = getattr(instance, field)
        if old != new:
            changed[field] = [old, new]
            setattr(instance, field, new)
    return changed


def check_version(*, instance: models.Model, expected: int | None, field: str = "version") -> None:
    """Refuse a save based on an outdated copy ("lost update"): `expected` is the version the
    form was opened with; if the stored row has moved on, raise a ValidationError naming who
    changed it and when (from the audit trail). Locks the row until the caller's transaction
    ends, so call it inside the service's transaction before writing, then bump the version.
    `expected=None` (a caller without a form, e.g. an import) skips the check."""
    if expected is None or instance.pk is None:
        return
    current = (
        type(instance)
        ._default_manager.select_for_update()
        .filter(pk=instance.pk)
        .values_list(field, flat=True)
        .first()
    )
    if current is None or int(current) == int(expected):
        return
    last = (
        AuditLog.objects.filter(object_type=instance._meta.label_lower, object_id=str(instance.pk))
        .order_by("-created_at", "-id")
        .first()
    )
    who = last.actor_name if last and last.actor_name else _("pengguna lain")
    when = timezone.localtime(last.created_at) if last else timezone.localtime()
    raise ValidationError(
        _(
            "Data ini sudah diubah oleh %(who)s pada %(time)s sejak Anda membukanya. "
            "Perubahan Anda belum disimpan: muat ulang halaman untuk melihat data terbaru, "
            "lalu ulangi perubahan Anda."
        )
        % {"who": who, "time": when.strftime("%H:%M")},
        code="stale",
    )


@transaction.atomic
def city_update(*, actor: Actor, city: City, data: dict[str, Any]) -> City:
    changes = apply_changes(city, data)
    if changes:
        city.full_clean()
        city.save()
        audit_record(actor=actor, action="city.update", obj=city, changes=changes)
        # The layout's copy of the city (core.reference) is also cleared by the save signal;
        # after commit too, so a page rendered meanwhile cannot keep the old row.
        transaction.on_commit(reference_clear)
    return city


@transaction.atomic
def office_save(*, actor: Actor, office: Office) -> Office:
    created = office.pk is None
    office.full_clean()
    office.save()
    audit_record(actor=actor, action="office.create" if created else "office.update", obj=office)
    return office


@transaction.atomic
def official_save(*, actor: Actor, official: Official) -> Official:
    created = official.pk is None
    official.full_clean()
    official.save()
    audit_record(
        actor=actor, action="official.create" if created else "official.update", obj=official
    )
    return official


@transaction.atomic
def official_delete(*, actor: Actor, official: Official) -> None:
    audit_record(actor=actor, action="official.delete", obj=official)
    official.delete()


def regions_load(*, path: Path, prefix: str = "", region_model=Region) -> int:
    """Load Kemendagri codes from a CSV (code,level,name,parent); parents come first in the file."""
    rows: list[Region] = []
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            code = row["code"]
            related = (
                code == prefix or code.startswith(prefix + ".") or prefix.startswith(code + ".")
            )
            if prefix and not related:
                continue
            rows.append(
                region_model(
                    code=row["code"],
                    level=row["level"],
                    name=row["name"],
                    parent_id=row["parent"] or None,
                    search_name=fold(row["name"]),
                )
            )
    existing = set(
        region_model.objects.filter(code__in=[r.code for r in rows]).values_list("code", flat=True)
    )
    fresh = [r for r in rows if r.code not in existing]
    region_model.objects.bulk_create(fresh, batch_size=2000)
    return len(fresh)


def kbli_load(*, path: Path, version: str, kbli_model) -> int:
    rows = []
    with open(path, newline="", encoding="utf-8") as f:
        category = ""
        for row in csv.DictReader(f):
            if row["level"] == "kategori":
                category = row["code"]
            rows.append(
                kbli_model(
                    version=version,
                    code=row["code"],
                    level=row["level"],
                    title=row["title"],
                    parent_code=row["parent"],
                    category=category,
                    search_title=fold(row["title"]),
                )
            )
    kbli_model.objects.bulk_create(rows, batch_size=2000)
    return len(rows)

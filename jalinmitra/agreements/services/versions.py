"""The clause history of an agreement: snapshots, versions, and what changed between two."""

from __future__ import annotations

import datetime
import difflib
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jalinmitra.agreements.choices import Pattern, Support
from jalinmitra.agreements.models import CLAUSE_FIELDS, Agreement, AgreementVersion
from jalinmitra.core.dates import format_tanggal
from jalinmitra.core.models import AuditLog
from jalinmitra.core.money import format_rupiah

if TYPE_CHECKING:
    from jalinmitra.accounts.models import User


def _snapshot(agreement: Agreement) -> dict[str, Any]:
    out = {}
    for field, value in agreement.clauses().items():
        out[field] = value.isoformat() if isinstance(value, datetime.date) else value
    return out


def _new_version(agreement: Agreement, actor: User) -> AgreementVersion:
    last = agreement.versions.aggregate(n=Max("number"))["n"] or 0
    return AgreementVersion.objects.create(
        agreement=agreement,
        number=last + 1,
        clauses=_snapshot(agreement),
        created_by=actor if actor is not None and actor.is_authenticated else None,
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
            value = dict(Pattern.choices).get(str(value), value)
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

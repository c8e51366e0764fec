"""Documents: uploaded scans, verifying a copy, and the final PDFs (one or a batch job)."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from jalinmitra.agreements.models import Agreement
from jalinmitra.agreements.services._common import (
    MAX_UPLOAD_BYTES,
    _invalid,
    _require_ceremony_officer,
)
from jalinmitra.core.jobs import job_enqueue, job_start
from jalinmitra.core.services import audit_record

if TYPE_CHECKING:
    from jalinmitra.accounts.models import User


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


def verify_upload(*, agreement: Agreement, upload) -> bool:
    """Whether the uploaded PDF is byte-for-byte the signed document. Changes nothing."""
    data = read_pdf_upload(upload)
    return bool(agreement.signed_sha256) and _sha256(data) == agreement.signed_sha256


@transaction.atomic
def agreement_pdfs_job_start(*, actor: User, agreements: list[Agreement], title: str):
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
def agreement_pdf_store(*, actor: User, agreement: Agreement) -> bytes:
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

"""Background work of the agreements app: rendering a batch of PDFs into one ZIP."""

import io
import logging
import zipfile

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from jalinmitra.agreements import services
from jalinmitra.agreements.models import Agreement
from jalinmitra.agreements.pdf import agreement_pdf
from jalinmitra.core.jobs import in_job_language, job_fail, job_finish, job_progress, job_running
from jalinmitra.core.models import Job

logger = logging.getLogger(__name__)


def zip_path(job: Job) -> str:
    return f"agreements/batch/job-{job.pk}.zip"


def _pdf_of(agreement, actor) -> bytes:
    if agreement.signed_pdf or agreement.witnessed_at:
        return services.agreement_pdf_store(actor=actor, agreement=agreement)
    # Not final yet: a working copy for the ZIP only, nothing kept.
    return agreement_pdf(agreement)


def agreement_pdfs_job_run(job_id: int) -> Job:
    """Render the PDFs the Job lists (``result["pending"]["ids"]``) into a ZIP, reporting
    progress on the Job. A finished job is left alone, so a retried task does no work twice."""
    job = Job.objects.select_related("owner").get(pk=job_id)
    if job.is_finished:
        return job
    with in_job_language(job):
        return _run(job)


def _run(job: Job) -> Job:
    ids = (job.result.get("pending") or {}).get("ids", [])
    by_pk = Agreement.objects.select_related("small_party__region", "large_party__region").in_bulk(
        ids
    )
    job_running(job, message=_("Menyusun PDF…"), total=len(ids))
    out = io.BytesIO()
    try:
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for n, pk in enumerate(ids, start=1):
                agreement = by_pk.get(pk)
                if agreement is not None:
                    name = slugify(agreement.number or agreement.code) or agreement.code
                    archive.writestr(f"{name}-{agreement.code}.pdf", _pdf_of(agreement, job.owner))
                job_progress(
                    job,
                    n,
                    _("%(done)s dari %(total)s PDF selesai.") % {"done": n, "total": len(ids)},
                )
        if default_storage.exists(zip_path(job)):
            default_storage.delete(zip_path(job))
        stored = default_storage.save(zip_path(job), ContentFile(out.getvalue()))
    except Exception:
        logger.exception("PDF batch job %s failed", job.pk)
        return job_fail(
            job, message=_("Terjadi kesalahan tak terduga saat menyusun PDF. Coba lagi.")
        )
    message = ngettext(
        "%(count)s PDF siap diunduh.",
        "%(count)s PDF siap diunduh.",
        len(ids),
    ) % {"count": len(ids)}
    return job_finish(
        job,
        message=message,
        result={
            "url": reverse("agreements:job_zip", args=[job.pk]),
            "link_text": _("Unduh ZIP"),
            "zip": stored,
            "ids": ids,
        },
    )


@task()
def render_agreement_pdfs(job_id: int) -> None:
    agreement_pdfs_job_run(job_id)

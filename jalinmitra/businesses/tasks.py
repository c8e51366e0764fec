"""Background work of the business registry: spreadsheet imports."""

import logging

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from jalinmitra.businesses.imports import KINDS, import_rows
from jalinmitra.core.jobs import (
    in_job_language,
    job_fail,
    job_finish,
    job_progress,
    job_running,
)
from jalinmitra.core.models import Job

logger = logging.getLogger(__name__)


def import_job_run(job_id: int) -> Job:
    """Run the import a Job holds (``result["pending"]``), reporting progress on the Job.

    Called by the worker through :func:`run_import`, or directly in the request
    for a small file. A finished job is left alone, so a retried task does not
    import twice.
    """
    job = Job.objects.select_related("owner").get(pk=job_id)
    if job.is_finished:
        return job
    with in_job_language(job):
        return _run(job)


def _run(job: Job) -> Job:
    pending = job.result.get("pending") or {}
    kind = pending.get("kind")
    rows = [(number, values) for number, values in pending.get("rows", [])]
    job_running(job, message=_("Memeriksa berkas…"), total=2 * len(rows))

    def progress(done: int, message: str) -> None:
        job_progress(job, done, message)

    try:
        result = import_rows(kind=kind, rows=rows, actor=job.owner, progress=progress)
    except Exception:
        logger.exception("Import job %s failed", job.pk)
        return job_fail(
            job,
            message=_(
                "Terjadi kesalahan tak terduga; tidak ada data yang disimpan. "
                "Coba lagi, atau hubungi admin bila berulang."
            ),
            result={},
        )
    label = KINDS[kind].label.lower()
    if result.ok:
        message = ngettext(
            "%(count)s data %(kind)s disimpan.",
            "%(count)s data %(kind)s disimpan.",
            result.created,
        ) % {
            "count": result.created,
            "kind": label,
        }
        return job_finish(
            job,
            message=message,
            result={
                "url": reverse("businesses:list"),
                "link_text": _("Lihat daftar usaha"),
                "created": result.created,
                "kind": kind,
            },
        )
    rows_bad = len({e.row for e in result.errors})
    return job_fail(
        job,
        message=ngettext(
            "Tidak ada data yang disimpan: %(rows)s baris bermasalah. "
            "Perbaiki baris di bawah ini lalu unggah ulang seluruh berkas.",
            "Tidak ada data yang disimpan: %(rows)s baris bermasalah. "
            "Perbaiki baris di bawah ini lalu unggah ulang seluruh berkas.",
            rows_bad,
        )
        % {"rows": rows_bad},
        result={"errors": [e.as_dict() for e in result.errors], "kind": kind},
    )


@task()
def run_import(job_id: int) -> None:
    import_job_run(job_id)

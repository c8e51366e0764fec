"""Background jobs, one way: a `core.Job` row tracks a piece of work for the person waiting on
it (its page shows a progress bar, then Selesai with a link or Gagal with the reasons).

- a service starts it: :func:`job_start` (the row, in the starter's language) and
  :func:`job_enqueue` (the task, named by its dotted path, so services never import their
  tasks module and tasks import services freely: no cycle);
- the task reports: :func:`job_running`, :func:`job_progress`, and ends with :func:`job_finish`
  or :func:`job_fail`, writing inside :func:`in_job_language`.

A worker has no request, so it would write progress messages and row errors in the default
language: :func:`job_start` records the active language in ``job.result`` (:func:`language_mark`)
and the task writes inside :func:`in_job_language`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import translation
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from jalinmitra.core.models import Job

LANG_KEY = "lang"


def language_mark(result: dict | None = None) -> dict:
    """``result`` plus the language active now (the starter's, inside a request)."""
    return {**(result or {}), LANG_KEY: translation.get_language() or settings.LANGUAGE_CODE}


@contextmanager
def in_job_language(job: Job) -> Iterator[None]:
    lang = (job.result or {}).get(LANG_KEY) or settings.LANGUAGE_CODE
    with translation.override(lang):
        yield


def job_start(
    *,
    kind: str,
    owner: Any,
    title: str,
    total: int = 0,
    message: str = "",
    result: dict | None = None,
) -> Job:
    """A queued job for `owner`, remembering the language they read."""
    from jalinmitra.core.models import Job

    return Job.objects.create(
        kind=kind,
        owner=owner,
        title=title[:200],
        total=total,
        message=message,
        result=language_mark(result),
    )


def job_enqueue(job: Job, task: str, *args: Any) -> None:
    """Queue the task at dotted path `task` (a django_tasks task) with `args`; the job keeps
    the task's id. Inside the service's transaction, so the job and its task commit together."""
    task_result = import_string(task).enqueue(*args)
    job.task_result_id = str(task_result.id)
    job.save(update_fields=["task_result_id"])


def job_running(job: Job, *, message: str, total: int | None = None, done: int = 0) -> None:
    job.status = job.Status.RUNNING
    if total is not None:
        job.total = total
    job.done = done
    job.message = message
    job.save(update_fields=["status", "total", "done", "message", "updated_at"])


def job_progress(job: Job, done: int, message: str) -> None:
    job.done = done
    job.message = message
    job.save(update_fields=["done", "message", "updated_at"])


def job_finish(job: Job, *, message: str, result: dict | None = None) -> Job:
    job.status = job.Status.DONE
    job.done = job.total
    job.message = message
    if result is not None:
        job.result = result
    job.save(update_fields=["status", "done", "message", "result", "updated_at"])
    return job


def job_fail(job: Job, *, message: str, result: dict | None = None) -> Job:
    job.status = job.Status.FAILED
    job.message = message
    if result is not None:
        job.result = result
    job.save(update_fields=["status", "message", "result", "updated_at"])
    return job


# --- a worker that died (issue 14) --------------------------------------------------------
# `updated_at` is the heartbeat: job_running and job_progress save it. A running job whose
# heartbeat is older than JOB_STALE_SECONDS lost its worker (killed, out of memory, machine
# restarted). Its page shows it failed at once (job_shown, computed: a GET writes nothing);
# the periodic `jobs_check` records it (jobs_fail_stale); an officer may start it again
# (job_restart). Imports and batches are all-or-nothing, so a dead job left nothing behind.


def stale_before():
    from datetime import timedelta

    from django.utils import timezone

    return timezone.now() - timedelta(seconds=settings.JOB_STALE_SECONDS)


def stale_message() -> str:
    from django.utils.translation import gettext

    return gettext(
        "Pekerjaan ini berhenti karena pekerja latar belakang mati (mis. server dimulai "
        "ulang). Tidak ada data yang disimpan. Petugas dapat menjalankannya lagi."
    )


WORKER_DIED = "worker_died"


def job_is_stale(job: Job) -> bool:
    return job.status == job.Status.RUNNING and job.updated_at < stale_before()


def job_restartable(job: Job) -> bool:
    """Only a job its worker abandoned: one that failed on its input (bad rows) would only
    fail again."""
    return job_is_stale(job) or (
        job.status == job.Status.FAILED and bool((job.result or {}).get(WORKER_DIED))
    )


def job_shown(job: Job) -> Job:
    """The job as its page shows it: a stale one as failed, with the reason (not saved)."""
    if job_is_stale(job):
        job.status = job.Status.FAILED
        job.message = stale_message()
        job.result = {**(job.result or {}), WORKER_DIED: True}
    return job


def _task_result(job: Job):
    from django_tasks_db.models import DBTaskResult

    if not job.task_result_id:
        return None
    return DBTaskResult.objects.filter(pk=job.task_result_id).first()


def jobs_fail_stale() -> int:
    """Record every stale job as failed (and its task row, which the dead worker left
    'running'). Returns how many. Run by `manage.py jobs_check`."""
    from django.db import transaction
    from django_tasks.base import TaskResultStatus

    from jalinmitra.core.models import Job
    from jalinmitra.core.services import audit_record

    count = 0
    for job in Job.objects.filter(status=Job.Status.RUNNING, updated_at__lt=stale_before()):
        with transaction.atomic():
            locked = Job.objects.select_for_update().get(pk=job.pk)
            if not job_is_stale(locked):
                continue
            with in_job_language(locked):
                # The task's input (result["pending"]) stays, so the job can be started again.
                job_fail(
                    locked, message=stale_message(), result={**locked.result, WORKER_DIED: True}
                )
            task = _task_result(locked)
            if task is not None and task.status == TaskResultStatus.RUNNING:
                task.set_failed(RuntimeError("worker died"))
            audit_record(actor=None, action="job.fail_stale", obj=locked)
            count += 1
    return count


def job_restart(*, actor: Any, job: Job) -> Job:
    """An officer starts a failed job again: the same task with the same arguments."""
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.db import transaction
    from django.utils.translation import gettext

    from jalinmitra.core.models import Job
    from jalinmitra.core.services import audit_record

    if not getattr(actor, "is_officer", False):
        raise PermissionDenied(gettext("Hanya petugas yang dapat menjalankan ulang pekerjaan."))
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        if not job_restartable(job):
            raise ValidationError(
                gettext("Hanya pekerjaan yang terhenti karena pekerja mati yang dapat diulang."),
                code="state",
            )
        task = _task_result(job)
        if task is None:
            raise ValidationError(
                gettext("Pekerjaan ini tidak dapat dijalankan ulang; mulai dari awal."),
                code="state",
            )
        args = task.args_kwargs.get("args", [])
        kwargs = task.args_kwargs.get("kwargs", {})
        job.status = Job.Status.QUEUED
        job.done = 0
        job.message = ""
        job.result = {k: v for k, v in (job.result or {}).items() if k != WORKER_DIED}
        job.save(update_fields=["status", "done", "message", "result", "updated_at"])
        new = import_string(task.task_path).enqueue(*args, **kwargs)
        job.task_result_id = str(new.id)
        job.save(update_fields=["task_result_id"])
        audit_record(actor=actor, action="job.restart", obj=job)
    return job

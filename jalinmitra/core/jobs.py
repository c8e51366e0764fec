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

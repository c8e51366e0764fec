"""core/jobs.py: one way to start, report on and end a background job."""

import pytest
from django.utils import translation

from jalinmitra.core import jobs
from jalinmitra.core.models import Job

pytestmark = pytest.mark.django_db


def test_a_job_runs_from_start_to_finish(officer):
    with translation.override("en"):
        job = jobs.job_start(kind="uji", owner=officer, title="x" * 300, total=4, message="m")
    assert job.status == Job.Status.QUEUED and len(job.title) == 200
    assert job.result[jobs.LANG_KEY] == "en"
    jobs.job_running(job, message="mulai", total=2)
    jobs.job_progress(job, 1, "separuh")
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.message) == ("running", 1, 2, "separuh")
    jobs.job_finish(job, message="selesai", result={"url": "/"})
    job.refresh_from_db()
    assert (job.status, job.done, job.result) == ("done", 2, {"url": "/"})


def test_a_failed_job_keeps_its_reasons(officer):
    job = jobs.job_start(kind="uji", owner=officer, title="t", result={"pending": 1})
    jobs.job_fail(job, message="gagal", result={"errors": ["baris 2"]})
    job.refresh_from_db()
    assert job.is_finished and job.status == "failed" and job.result == {"errors": ["baris 2"]}


def test_a_task_is_enqueued_by_its_name(officer, settings):
    job = jobs.job_start(kind="schedule", owner=officer, title="t")
    jobs.job_enqueue(job, "jalinmitra.events.tasks.run_schedule", 999_999)
    job.refresh_from_db()
    assert job.task_result_id

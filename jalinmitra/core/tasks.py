"""core's background task: a probe that shows the worker is alive (`manage.py job_probe`),
reporting progress once a second like a real import."""

import time

from django.utils.translation import gettext as _
from django_tasks import task

from jalinmitra.core.jobs import in_job_language, job_finish, job_progress, job_running


@task()
def probe(job_id: int, seconds: int) -> None:
    from jalinmitra.core.models import Job

    job = Job.objects.get(pk=job_id)
    with in_job_language(job):
        job_running(job, message=_("Memeriksa pekerja…"), total=seconds)
        for done in range(1, seconds + 1):
            time.sleep(1)
            job_progress(job, done, _("Memeriksa pekerja…"))
        job_finish(job, message=_("Pekerja berjalan baik."))

"""Background work of the events app: solving an event's schedule. Tasks call services;
services start them by name through core.jobs, so neither imports the other in a circle."""

from django_tasks import task

from jalinmitra.events.services import schedule_run_execute
from jalinmitra.events.services.notices import schedule_published_fan_out


@task()
def run_schedule(run_id: int) -> None:
    schedule_run_execute(run_id=run_id)


@task()
def publish_notices(job_id: int, event_id: int) -> None:
    """A published schedule's notices to every participant, with progress on the job."""
    schedule_published_fan_out(job_id=job_id, event_id=event_id)

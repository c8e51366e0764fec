"""Background work of the events app: solving an event's schedule. Tasks call services;
services start them by name through core.jobs, so neither imports the other in a circle."""

from django_tasks import task

from jalinmitra.events.services import schedule_run_execute


@task()
def run_schedule(run_id: int) -> None:
    schedule_run_execute(run_id=run_id)

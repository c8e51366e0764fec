"""Background work of the events app: solving an event's schedule."""

from django_tasks import task


@task()
def run_schedule(run_id: int) -> None:
    from jalinmitra.events.services import schedule_run_execute

    schedule_run_execute(run_id=run_id)

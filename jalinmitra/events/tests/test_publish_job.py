"""Issue 11 item 8: publishing a big event's schedule returns at once; a background job sends
every participant's notices and shows its progress."""

import pytest
from django.core.management import call_command

from jalinmitra.core.models import Job
from jalinmitra.events import services
from jalinmitra.notifications.models import Notification


@pytest.fixture
def emails(alice, bob, carol):
    for user, _business in (alice, bob, carol):
        user.email = f"{user.username}@example.com"
        user.save(update_fields=["email"])


def _scheduled(officer, cast, event):
    for s in ("alice", "bob"):
        r = services.meeting_request_create(
            actor=officer, from_participant=cast[s], to_participant=cast["carol"], notify=False
        )
        services.meeting_request_accept(actor=officer, request=r, notify=False)
    services.schedule_run_create(actor=officer, event=event, background=False)


@pytest.mark.django_db
def test_publish_in_the_background_only_queues_a_job(officer, cast, event):
    _scheduled(officer, cast, event)
    count, job = services.schedule_publish_start(actor=officer, event=event, background=True)
    assert count == 2 and job is not None
    job.refresh_from_db()
    assert job.kind == "publish" and job.status == Job.Status.QUEUED and job.task_result_id
    assert not Notification.objects.exists()  # nothing sent in the request


@pytest.mark.django_db
def test_small_event_still_notifies_in_the_request(officer, cast, event):
    _scheduled(officer, cast, event)
    count, job = services.schedule_publish_start(actor=officer, event=event)
    assert job is None and Notification.objects.filter(event="schedule.published").count() == 3


@pytest.mark.django_db
def test_the_fan_out_in_chunks_reports_progress(
    officer, cast, event, alice, bob, carol, monkeypatch
):
    from jalinmitra.events.services import notices

    _scheduled(officer, cast, event)
    monkeypatch.setattr(notices, "PUBLISH_CHUNK", 2)
    seen = []
    _count, job = services.schedule_publish_start(actor=officer, event=event, background=True)
    from jalinmitra.core import jobs

    orig = jobs.job_progress

    def spy(j, done, message):
        seen.append(done)
        orig(j, done, message)

    monkeypatch.setattr(jobs, "job_progress", spy)
    notices.schedule_published_fan_out(job_id=job.pk, event_id=event.pk)
    job.refresh_from_db()
    total = event.participants.filter(no_show=False).count()
    assert total > 2 and seen == [*range(2, total, 2), total]
    assert job.status == Job.Status.DONE and job.done == job.total == total
    assert job.result["url"].endswith("/jadwal/")
    notes = {n.recipient for n in Notification.objects.filter(event="schedule.published")}
    assert notes == {alice[0], bob[0], carol[0]}


# The real worker closes its connection, so this one commits for real (as the schedule test).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_creates_the_notifications(
    officer, cast, event, alice, bob, carol, client, monkeypatch, emails, mailoutbox
):
    from jalinmitra.events.services import schedule

    monkeypatch.setattr(schedule, "SYNC_MAX_PARTICIPANTS", 1)  # this event counts as big
    _scheduled(officer, cast, event)
    client.force_login(officer)
    from django.urls import reverse

    response = client.post(reverse("events:publish", args=[event.pk]))
    assert not Notification.objects.exists()
    job = Job.objects.get(kind="publish")
    assert response.status_code == 302 and response.url == reverse("core:job", args=[job.pk])
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    notes = {n.recipient for n in Notification.objects.filter(event="schedule.published")}
    assert notes == {alice[0], bob[0], carol[0]}
    assert sorted(a for m in mailoutbox for a in m.to) == [
        "alice@example.com",
        "bob@example.com",
        "carol@example.com",
    ]

"""Schedule runs (in the request or the worker), locks, and publishing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jalinmitra.core.jobs import (
    in_job_language,
    job_enqueue,
    job_fail,
    job_finish,
    job_progress,
    job_running,
    job_start,
)
from jalinmitra.core.models import Job
from jalinmitra.core.services import audit_record
from jalinmitra.events import selectors
from jalinmitra.events.choices import EventStatus, MeetingStatus, RunStatus
from jalinmitra.events.models import ACTIVE_MEETING, Event, Meeting, ScheduleRun
from jalinmitra.events.services._common import (
    SCHEDULE_TIME_LIMIT,
    SYNC_MAX_PARTICIPANTS,
    _require_officer,
    logger,
)
from jalinmitra.events.services.notices import _mail_on_commit, _schedule_published_notices
from jalinmitra.events.services.requests import meeting_requests_expire
from jalinmitra.events.workflow import EVENT_FLOW

if TYPE_CHECKING:
    from jalinmitra.accounts.models import User


def schedule_run_create(
    *,
    actor: User,
    event: Event,
    allow_move_published: bool = False,
    from_slot: str = "",
    background: bool | None = None,
) -> ScheduleRun:
    """Queue a scheduling run (a Job shows its progress). Runs at once for small events."""
    _require_officer(actor)
    if event.status in {EventStatus.DRAFT, EventStatus.FINISHED}:
        raise ValidationError(
            _("Buka pendaftaran acara dulu sebelum menyusun jadwal."), code="state"
        )
    if from_slot and from_slot not in event.slots:
        raise ValidationError(
            _("Slot %(slot)s tidak ada di acara ini.") % {"slot": from_slot}, code="invalid"
        )
    if background is None:
        background = event.participants.count() > SYNC_MAX_PARTICIPANTS
    with transaction.atomic():
        run = _schedule_run_queue(actor, event, allow_move_published, from_slot, background)
    if not background:
        run = schedule_run_execute(run_id=run.pk)
    return run


def _schedule_run_queue(
    actor: User, event, allow_move_published, from_slot, background
) -> ScheduleRun:
    job = job_start(
        kind="schedule",
        owner=actor,
        title=_("Menyusun jadwal: %(event)s") % {"event": event.name},
        total=3,
        message=_("Menunggu giliran."),
    )
    run = ScheduleRun.objects.create(
        event=event,
        job=job,
        allow_move_published=allow_move_published,
        from_slot=from_slot,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="event.schedule_run",
        obj=event,
        changes={"run": [None, run.pk], "allow_move_published": [None, allow_move_published]},
    )
    if background:
        job_enqueue(job, "jalinmitra.events.tasks.run_schedule", run.pk)
    return run


def _job_step(job: Job | None, done: int, message: str) -> None:
    if job is not None:
        job_progress(job, done, message)


def schedule_run_execute(*, run_id: int) -> ScheduleRun:
    """Build the problem, solve it, check it and store the meetings. Safe to call twice.
    Messages are in the language of whoever started the run (see core.jobs)."""
    run = ScheduleRun.objects.select_related("event", "job", "created_by").get(pk=run_id)
    if run.status in {RunStatus.DONE, RunStatus.FAILED}:
        return run
    if run.job is not None:
        with in_job_language(run.job):
            return _schedule_run_execute(run)
    return _schedule_run_execute(run)


def _schedule_run_execute(run: ScheduleRun) -> ScheduleRun:
    from jalinmitra.events.scheduling import ProblemError, solve, validate_schedule

    job, event = run.job, run.event
    run.status = RunStatus.RUNNING
    run.save(update_fields=["status"])
    if job is not None:
        job_running(job, message=_("Menyiapkan data peserta dan permintaan…"))
    try:
        meeting_requests_expire(event=event)
        built = selectors.schedule_problem(
            event=event, allow_move_published=run.allow_move_published, from_slot=run.from_slot
        )
        _job_step(
            job,
            1,
            ngettext(
                "Mencari jadwal terbaik untuk %(pairs)s pasangan…",
                "Mencari jadwal terbaik untuk %(pairs)s pasangan…",
                len(built.problem.pairs),
            )
            % {"pairs": len(built.problem.pairs)},
        )
        solution = solve(built.problem, time_limit=SCHEDULE_TIME_LIMIT)
        _job_step(
            job,
            2,
            ngettext(
                "Menyimpan %(count)s pertemuan…",
                "Menyimpan %(count)s pertemuan…",
                len(solution.meetings),
            )
            % {"count": len(solution.meetings)},
        )
        with transaction.atomic():
            _schedule_store(event, built, solution)
            stored = selectors.stored_schedule(event=event)
            errors = validate_schedule(built.problem, stored)
            if errors:
                raise ProblemError(errors)
            capacity = built.table_capacity
            run.objective = solution.objective
            run.upper_bound = solution.upper_bound
            run.solver_status = solution.status
            run.meetings = len(stored)
            run.sellers_total = len(built.problem.sellers)
            run.sellers_covered = solution.sellers_covered
            run.max_sellers_coverable = solution.max_sellers_coverable
            run.table_use_percent = round(100 * len(stored) / capacity, 1) if capacity else 0
            run.required_met = solution.required_met
            run.required_total = solution.required_total
            run.seconds = solution.seconds
            run.status = RunStatus.DONE
            run.finished_at = timezone.now()
            run.message = _(
                "%(meetings)s pertemuan; %(covered)s dari %(sellers)s penjual mendapat pertemuan."
            ) % {
                "meetings": len(stored),
                "covered": solution.sellers_covered,
                "sellers": len(built.problem.sellers),
            }
            run.save()
            if event.status in EVENT_FLOW["schedule"].src:
                event.status = EVENT_FLOW["schedule"].to
                event.save(update_fields=["status", "updated_at"])
            audit_record(
                actor=run.created_by,
                action="event.schedule_store",
                obj=event,
                changes={"meetings": [None, len(stored)], "objective": [None, solution.objective]},
            )
    except ProblemError as e:
        _run_failed(
            run, _("Jadwal tidak dapat disusun: %(errors)s") % {"errors": "; ".join(e.errors[:10])}
        )
        return run
    except Exception:
        logger.exception("Schedule run %s failed", run.pk)
        _run_failed(
            run, _("Terjadi kesalahan tak terduga saat menyusun jadwal; jadwal lama tetap.")
        )
        return run
    if job is not None:
        job_finish(
            job,
            message=run.message,
            result={
                "url": reverse("events:schedule", args=[event.pk]),
                "link_text": _("Lihat pratinjau jadwal"),
                "run": run.pk,
            },
        )
    return run


def _run_failed(run: ScheduleRun, message: str) -> None:
    message = message[:2000]
    run.status = RunStatus.FAILED
    run.message = message
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "message", "finished_at"])
    if run.job is not None:
        job_fail(run.job, message=message)


def _schedule_store(event: Event, built, solution) -> None:
    """Replace the movable meetings by the solution's; identical ones keep their row and flags."""
    locked_ids = built.locked_meeting_ids
    movable = list(
        Meeting.objects.filter(ACTIVE_MEETING, event=event, status=MeetingStatus.SCHEDULED).exclude(
            pk__in=locked_ids
        )
    )
    wanted = {}
    locked_keys = {(m.seller, m.buyer, m.slot, m.table) for m in built.problem.locked}
    for m in solution.meetings:
        key = (m.seller, m.buyer, m.slot, m.table)
        if key not in locked_keys:
            wanted[key] = m
    stale = []
    for meeting in movable:
        key = (str(meeting.seller_id), str(meeting.buyer_id), meeting.slot, meeting.table)
        if key in wanted:
            del wanted[key]
        else:
            stale.append(meeting.pk)
    Meeting.objects.filter(pk__in=stale).delete()
    Meeting.objects.bulk_create(
        [
            Meeting(
                event=event,
                seller_id=int(m.seller),
                buyer_id=int(m.buyer),
                slot=m.slot,
                table=m.table,
                score=built.scores.get((m.seller, m.buyer), 0.0),
            )
            for m in wanted.values()
        ]
    )


@transaction.atomic
def meeting_lock_toggle(*, actor: User, meeting: Meeting) -> Meeting:
    _require_officer(actor)
    meeting.locked = not meeting.locked
    meeting.save(update_fields=["locked"])
    audit_record(
        actor=actor,
        action="event.meeting_lock" if meeting.locked else "event.meeting_unlock",
        obj=meeting,
        changes={"locked": [not meeting.locked, meeting.locked]},
    )
    return meeting


def schedule_publish(
    *, actor: User, event: Event, notify: bool = True, background: bool | None = None
) -> int:
    """Publish every scheduled meeting; participants then see them and, when something new
    was published, get their agenda link (inbox, WhatsApp, email). Returns how many are new.
    Above SYNC_MAX_PARTICIPANTS the notices go from the worker (see schedule_publish_start)."""
    return schedule_publish_start(actor=actor, event=event, notify=notify, background=background)[0]


@transaction.atomic
def schedule_publish_start(
    *, actor: User, event: Event, notify: bool = True, background: bool | None = None
) -> tuple[int, Job | None]:
    """Publish; returns how many meetings are new and the background job sending the notices
    (None when they were sent with the request, or there was nothing to send)."""
    _require_officer(actor)
    count = Meeting.objects.filter(
        event=event, status=MeetingStatus.SCHEDULED, published=False
    ).update(published=True)
    old = event.status
    if event.status in EVENT_FLOW["publish"].src:
        event.status = EVENT_FLOW["publish"].to
        event.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="event.schedule_publish",
        obj=event,
        changes={"published": [0, count], "status": [old, event.status]},
    )
    job = None
    if count and notify:
        if background is None:
            background = event.participants.count() > SYNC_MAX_PARTICIPANTS
        if background:
            job = job_start(
                kind="publish",
                owner=actor,
                title=_("Mengirim jadwal: %(event)s") % {"event": event.name},
                message=_("Menunggu giliran."),
            )
            job_enqueue(job, "jalinmitra.events.tasks.publish_notices", job.pk, event.pk)
        else:
            _mail_on_commit(_schedule_published_notices(event))
    return count, job

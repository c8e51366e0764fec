"""Outcomes of meetings and the follow-ups months later."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jalinmitra.core.services import apply_changes, audit_record
from jalinmitra.events import selectors
from jalinmitra.events.choices import EventStatus, MeetingStatus, OutcomeResult, Role
from jalinmitra.events.models import Event, FollowUp, Meeting, Outcome
from jalinmitra.events.services._common import _require_actor_for
from jalinmitra.events.services.events import _today
from jalinmitra.events.services.participants import _check_on_or_after_event_day
from jalinmitra.matching.services import pair_feedback_from_activity

if TYPE_CHECKING:
    from jalinmitra.accounts.models import User


@transaction.atomic
def outcome_record(
    *,
    actor: User,
    meeting: Meeting,
    side: str,
    result: str,
    rating: int,
    note: str = "",
    today: dt.date | None = None,
) -> Outcome:
    """What one side says came of a meeting: from the meeting's day on, never before it."""
    participant = meeting.seller if side == Role.SELLER else meeting.buyer
    if side not in Role.values:
        raise ValidationError(_("Pihak tidak dikenal."), code="invalid")
    _require_actor_for(actor, participant)
    _check_on_or_after_event_day(
        meeting.event,
        _today(today),
        _("Hasil pertemuan baru bisa dicatat pada hari pertemuan (%(date)s) atau sesudahnya."),
    )
    if result not in OutcomeResult.values:
        raise ValidationError(_("Hasil pertemuan tidak dikenal."), code="invalid")
    if not 1 <= int(rating) <= 5:
        raise ValidationError(_("Penilaian antara 1 dan 5."), code="invalid")
    if meeting.status == MeetingStatus.CANCELLED or not meeting.published:
        raise ValidationError(
            _("Hasil hanya dapat dicatat untuk pertemuan yang terbit."), code="state"
        )
    outcome, created = Outcome.objects.get_or_create(
        meeting=meeting,
        side=side,
        defaults={"result": result, "rating": rating, "note": note[:500], "recorded_by": actor},
    )
    changes: dict[str, list[Any]] = {"result": [None, result], "rating": [None, rating]}
    if not created:
        changes = apply_changes(
            outcome, {"result": result, "rating": int(rating), "note": note[:500]}
        )
        outcome.recorded_by = actor
        outcome.save()
    if meeting.status == MeetingStatus.SCHEDULED:
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["status"])
        for request in meeting.event.requests.filter(
            invitation__isnull=False,
            from_participant__in=(meeting.seller, meeting.buyer),
            to_participant__in=(meeting.seller, meeting.buyer),
        ).select_related("invitation__need", "invitation__offer"):
            if request.invitation is not None:  # matching learns from a meeting held (issue 15)
                pair_feedback_from_activity(actor=actor, invitation=request.invitation, kind="met")
    audit_record(
        actor=actor,
        action="event.outcome_record",
        obj=outcome,
        business=participant.business,
        changes=changes,
    )
    return outcome


def _add_months(day: dt.date, months: int) -> dt.date:
    import calendar

    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def followups_create(*, today: dt.date | None = None) -> int:
    """Create the 3- and 6-month survey rows that have fallen due. Idempotent; returns the count."""
    today = today or timezone.localdate()
    created = 0
    events = Event.objects.filter(
        status__in=[EventStatus.PUBLISHED, EventStatus.FINISHED], date__lt=today
    )
    for event in events:
        attended = selectors.participants_who_met(event=event)
        for months in (3, 6):
            due = _add_months(event.date, months)
            if due > today:
                continue
            for participant in attended:
                row, made = FollowUp.objects.get_or_create(
                    participant=participant, months=months, defaults={"due_on": due}
                )
                if made:
                    created += 1
                    audit_record(
                        actor=None,
                        action="event.followup_create",
                        obj=row,
                        business=participant.business,
                        changes={"months": [None, months]},
                    )
    return created


FOLLOWUP_NOTE_MAX = 1000


@transaction.atomic
def followup_answer(*, actor: User, followup: FollowUp, answers: dict[str, Any]) -> FollowUp:
    _require_actor_for(actor, followup.participant)
    if any(isinstance(v, str) and len(v) > FOLLOWUP_NOTE_MAX for v in answers.values()):
        raise ValidationError(
            _("Jawaban paling banyak %(max)s karakter.") % {"max": FOLLOWUP_NOTE_MAX},
            code="invalid",
        )
    old = followup.answers
    followup.answers = answers
    followup.answered_at = timezone.now()
    followup.answered_by = actor
    followup.save(update_fields=["answers", "answered_at", "answered_by"])
    audit_record(
        actor=actor,
        action="event.followup_answer",
        obj=followup,
        business=followup.participant.business,
        changes={"answers": [old, answers]},
    )
    return followup

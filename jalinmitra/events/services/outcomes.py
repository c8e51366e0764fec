"""Outcomes of meetings and the follow-ups months later."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jalinmitra.core.services import audit_record
from jalinmitra.events import selectors
from jalinmitra.events.choices import EventStatus
from jalinmitra.events.models import Event, FollowUp
from jalinmitra.events.services._common import _require_actor_for


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
        attended = selectors.participants_who_met(event)
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
def followup_answer(*, actor, followup: FollowUp, answers: dict[str, Any]) -> FollowUp:
    _require_actor_for(actor, followup.participant)
    if any(isinstance(v, str) and len(v) > FOLLOWUP_NOTE_MAX for v in answers.values()):
        raise ValidationError(
            _("Jawaban paling banyak %(max)s karakter.") % {"max": FOLLOWUP_NOTE_MAX}
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

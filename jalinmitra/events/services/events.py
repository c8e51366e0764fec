"""Events: planning, changing, and moving along the workflow (events/workflow.py)."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jalinmitra.core.localdates import date_for_reader
from jalinmitra.core.services import apply_changes, audit_record
from jalinmitra.events.choices import EventStatus
from jalinmitra.events.models import Event, slots_for
from jalinmitra.events.services._common import (
    _HHMM,
    CLOSED_FOR_REQUESTS,
    MAX_SESSIONS,
    _require_officer,
)
from jalinmitra.events.services.requests import invitations_to_requests
from jalinmitra.events.workflow import EVENT_FLOW, transition_to

if TYPE_CHECKING:
    from jalinmitra.accounts.models import User


def sessions_parse(text: str) -> list[dict[str, str]]:
    """ "09:00-12:00, 13:00-15:00" -> [{"start": "09:00", "end": "12:00"}, ...]."""
    sessions = []
    for part in re.split(r"[,;\n]+", text or ""):
        part = part.strip().replace(".", ":").replace("–", "-").replace(" ", "")
        if not part:
            continue
        if "-" not in part:
            raise ValidationError(
                _("Sesi “%(session)s” harus ditulis JJ:MM-JJ:MM, mis. 09:00-12:00.")
                % {"session": part},
                code="invalid",
            )
        start, end = part.split("-", 1)
        start, end = _pad(start), _pad(end)
        sessions.append({"start": start, "end": end})
    return sessions


def _pad(value: str) -> str:
    if re.fullmatch(r"\d:\d\d", value):
        value = "0" + value
    return value


def _today(today: dt.date | None) -> dt.date:
    """The city's date today; a demo or a test may say which day an action happened."""
    return today or timezone.localdate()


def _check_event_dates(event: Event, *, today: dt.date, date_changed: bool) -> dict:
    """An event is not set in the past, and its registration closes by the event's day."""
    errors: dict[str, list[str]] = {}
    day = event.date
    if isinstance(day, str):
        try:
            day = dt.date.fromisoformat(day)
        except ValueError:
            return errors  # full_clean names the bad date
    if not isinstance(day, dt.date):
        return errors
    if date_changed and day < today:
        errors["date"] = [
            _("Tanggal acara tidak boleh sebelum hari ini (%(today)s).")
            % {"today": date_for_reader(today)}
        ]
    for field, label in (
        ("registration_opens", _("Pendaftaran harus dibuka paling lambat pada hari acara.")),
        ("registration_closes", _("Pendaftaran harus ditutup paling lambat pada hari acara.")),
    ):
        value = getattr(event, field)
        if isinstance(value, dt.datetime) and timezone.localtime(value).date() > day:
            errors[field] = [label]
    return errors


def _check_event(event: Event, *, today: dt.date, date_changed: bool = True) -> None:
    errors = _check_event_dates(event, today=today, date_changed=date_changed)
    if not event.sessions:
        errors["sessions"] = [_("Isi paling sedikit satu sesi, mis. 09:00-12:00.")]
    elif len(event.sessions) > MAX_SESSIONS:
        errors["sessions"] = [
            _("Paling banyak %(max)s sesi dalam satu hari.") % {"max": MAX_SESSIONS}
        ]
    else:
        previous_end = ""
        for s in event.sessions:
            start, end = s.get("start", ""), s.get("end", "")
            if not (_HHMM.match(start) and _HHMM.match(end)):
                errors.setdefault("sessions", []).append(
                    _("Jam sesi %(start)s-%(end)s tidak sah; tulis JJ:MM, mis. 09:00.")
                    % {"start": start, "end": end}
                )
            elif end <= start:
                errors.setdefault("sessions", []).append(
                    _("Sesi %(start)s-%(end)s: jam selesai harus setelah jam mulai.")
                    % {"start": start, "end": end}
                )
            elif previous_end and start < previous_end:
                errors.setdefault("sessions", []).append(
                    _("Sesi harus berurutan dan tidak bertumpang tindih.")
                )
            else:
                previous_end = end
    if (
        "sessions" not in errors
        and event.meeting_minutes
        and not slots_for(event.sessions, event.meeting_minutes, event.break_minutes)
    ):
        errors["meeting_minutes"] = [_("Tidak ada pertemuan yang muat dalam sesi.")]
    if (
        event.registration_opens
        and event.registration_closes
        and event.registration_closes <= event.registration_opens
    ):
        errors["registration_closes"] = [_("Pendaftaran harus ditutup setelah dibuka.")]
    if errors:
        raise ValidationError(errors)
    event.full_clean()


@transaction.atomic
def event_create(*, actor: User, data: dict[str, Any], today: dt.date | None = None) -> Event:
    """A new event, never in the past. ``today`` is the day it was planned (demo and tests
    that need an event that has already happened); users always plan from today."""
    _require_officer(actor)
    event = Event(created_by=actor, **data)
    _check_event(event, today=_today(today))
    event.save()
    audit_record(
        actor=actor,
        action="event.create",
        obj=event,
        changes={k: [None, v] for k, v in data.items()},
    )
    return event


@transaction.atomic
def event_update(
    *, actor: User, event: Event, data: dict[str, Any], today: dt.date | None = None
) -> Event:
    """Change an event. Moving it to a past date is refused; an event that has already
    happened can still have other details corrected."""
    _require_officer(actor)
    changes = apply_changes(event, data)
    if changes:
        _check_event(event, today=_today(today), date_changed="date" in changes)
        event.save()
        audit_record(actor=actor, action="event.update", obj=event, changes=changes)
    return event


@transaction.atomic
def event_set_status(*, actor: User, event: Event, status: str) -> Event:
    """Move the event along one of its workflow's buttons (events/workflow.py); any other
    change is refused."""
    _require_officer(actor, _("Hanya petugas yang dapat mengubah status acara."))
    if status not in EventStatus.values:
        raise ValidationError(_("Status acara tidak dikenal."), code="unknown")
    old = event.status
    if old != status:
        name = transition_to(old, status)
        if name is None:
            raise ValidationError(
                _("Acara berstatus %(old)s tidak dapat diubah menjadi %(new)s.")
                % {"old": event.get_status_display(), "new": EventStatus(status).label},
                code="state",
            )
        EVENT_FLOW.check(name, actor=actor, obj=event)
        event.status = status
        event.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor, action="event.status", obj=event, changes={"status": [old, status]}
        )
        if old == EventStatus.DRAFT and status not in CLOSED_FOR_REQUESTS:
            # Businesses added while the event was a draft get their invitations converted now.
            for participant in event.participants.select_related("business", "event"):
                invitations_to_requests(actor=actor, participant=participant)
    return event

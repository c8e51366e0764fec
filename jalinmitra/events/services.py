"""Writes of the events app (temu usaha). Every state change leaves an audit row."""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jalinmitra.businesses.choices import LARGE_SIZES, SMALL_SIZES, VerificationStatus
from jalinmitra.businesses.models import Business
from jalinmitra.businesses.selectors import is_member
from jalinmitra.core.dates import format_tanggal, format_tanggal_waktu
from jalinmitra.core.jobs import (
    in_job_language,
    job_enqueue,
    job_fail,
    job_finish,
    job_progress,
    job_running,
    job_start,
)
from jalinmitra.core.localdates import date_for_reader
from jalinmitra.core.models import Job
from jalinmitra.core.notify import mail_after_commit, send_mail_after_commit
from jalinmitra.core.services import apply_changes, audit_record
from jalinmitra.events import selectors
from jalinmitra.events.choices import (
    EventStatus,
    MeetingStatus,
    OutcomeResult,
    RegisteredHow,
    RequestStatus,
    Role,
    RunStatus,
)
from jalinmitra.events.models import (
    ACTIVE_MEETING,
    Event,
    FollowUp,
    Meeting,
    MeetingRequest,
    Outcome,
    Participant,
    ScheduleRun,
    slots_for,
)
from jalinmitra.events.workflow import EVENT_FLOW, transition_to

logger = logging.getLogger(__name__)

_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
MAX_SESSIONS = 12
# Scheduling runs in the request up to this many participants; bigger events go to the worker.
SYNC_MAX_PARTICIPANTS = 300
SCHEDULE_TIME_LIMIT = 30.0


def _require_actor_for(actor, participant: Participant) -> None:
    """Officers act for anyone; a business user only for its own participant."""
    if actor is not None and actor.is_officer:
        return
    if not is_member(actor, participant.business_id):
        raise PermissionDenied


def _require_officer(actor, message: str | None = None) -> None:
    if actor is None or not actor.is_officer:
        raise PermissionDenied(message or _("Hanya petugas yang dapat melakukan ini."))


def _is_officer(actor) -> bool:
    return actor is not None and actor.is_authenticated and actor.is_officer


# Events in these states take no meeting requests.
CLOSED_FOR_REQUESTS = {EventStatus.DRAFT, EventStatus.FINISHED}


# --- events --------------------------------------------------------------------------


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
                % {"session": part}
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
def event_create(*, actor, data: dict[str, Any], today: dt.date | None = None) -> Event:
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
    *, actor, event: Event, data: dict[str, Any], today: dt.date | None = None
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
def event_set_status(*, actor, event: Event, status: str) -> Event:
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


# --- participants ----------------------------------------------------------------------


def role_for(business: Business) -> str | None:
    if business.size_class in SMALL_SIZES:
        return Role.SELLER
    if business.size_class in LARGE_SIZES:
        return Role.BUYER
    return None


def availability_parse(text: str, slots: list[str]) -> list[str]:
    """ "09:00-12:00; 13:00-14:00" -> the event's slots that fit wholly inside those windows.

    Empty text means every slot ([]). Raises ValidationError with an Indonesian message.
    """
    text = (text or "").strip()
    if not text or text.lower() in {"semua", "sepanjang acara", "all"}:
        return []
    windows = sessions_parse(text)
    for w in windows:
        if not (_HHMM.match(w["start"]) and _HHMM.match(w["end"])) or w["end"] <= w["start"]:
            raise ValidationError(
                _("Ketersediaan “%(start)s-%(end)s” tidak sah; tulis mis. 09:00-12:00.")
                % {"start": w["start"], "end": w["end"]}
            )
    chosen = [s for s in slots if any(w["start"] <= s < w["end"] for w in windows)]
    if not chosen:
        raise ValidationError(_("Tidak ada slot acara dalam jam ketersediaan ini."))
    return chosen


def _participant_check(event: Event, business: Business, role: str, tables: int, slots) -> None:
    if Participant.objects.filter(event=event, business=business).exists():
        raise ValidationError(
            _("%(name)s sudah terdaftar sebagai peserta acara ini.") % {"name": business.name}
        )
    if role not in Role.values:
        raise ValidationError(
            _(
                "Peran %(name)s tidak dapat ditentukan dari skala usahanya; "
                "pilih penjual atau pembeli."
            )
            % {"name": business.name}
        )
    if role == Role.SELLER and tables != 1:
        raise ValidationError(
            _("Penjual selalu satu orang (satu kursi); meja hanya untuk pembeli.")
        )
    if tables < 1 or tables > 20:
        raise ValidationError(_("Jumlah meja antara 1 dan 20."))
    unknown = [s for s in slots or [] if s not in event.slots]
    if unknown:
        raise ValidationError(_("Slot tidak dikenal: %(slots)s.") % {"slots": ", ".join(unknown)})


@transaction.atomic
def participant_add(
    *,
    actor,
    event: Event,
    business: Business,
    how: str,
    role: str | None = None,
    tables: int = 1,
    available_slots: list[str] | None = None,
    notify: bool = True,
    today: dt.date | None = None,
) -> Participant:
    """Register a business: invited from the registry, by itself, or on the spot by an officer.

    On the spot means it came in person, so it is checked in: only from the event's day.
    Its open "ajak bertemu" invitations with other participants become pending requests.
    """
    if how == RegisteredHow.SELF:
        if not is_member(actor, business.pk):
            raise PermissionDenied
        if not event.registration_is_open:
            raise ValidationError(_("Pendaftaran acara ini sedang tidak dibuka."))
        if business.status != VerificationStatus.VERIFIED:
            raise ValidationError(_("Hanya usaha yang sudah terverifikasi yang dapat mendaftar."))
        role = None
    else:
        _require_officer(actor)
        if event.status == EventStatus.FINISHED:
            raise ValidationError(_("Acara sudah selesai."))
        if how == RegisteredHow.ON_THE_SPOT:
            _check_on_or_after_event_day(
                event,
                _today(today),
                _(
                    "Pendaftaran di tempat baru bisa pada hari acara (%(date)s). "
                    "Sebelum itu, pilih “Diundang dari data usaha”."
                ),
            )
    role = role or role_for(business)
    _participant_check(event, business, role or "", tables, available_slots)
    participant = Participant.objects.create(
        event=event,
        business=business,
        role=role,
        tables=tables,
        available_slots=list(available_slots or []),
        registered_how=how,
        registered_by=actor if actor is not None and actor.is_authenticated else None,
        checked_in_at=timezone.now() if how == RegisteredHow.ON_THE_SPOT else None,
    )
    audit_record(
        actor=actor,
        action="event.participant_add",
        obj=participant,
        business=business,
        changes={"event": [None, event.name], "role": [None, role], "how": [None, how]},
    )
    invitations_to_requests(actor=actor, participant=participant, notify=notify)
    return participant


@transaction.atomic
def participant_update(
    *, actor, participant: Participant, tables: int, available_slots: list[str]
) -> Participant:
    _require_actor_for(actor, participant)
    if participant.is_seller and tables != 1:
        raise ValidationError(
            _("Penjual selalu satu orang (satu kursi); meja hanya untuk pembeli.")
        )
    unknown = [s for s in available_slots if s not in participant.event.slots]
    if unknown:
        raise ValidationError(_("Slot tidak dikenal: %(slots)s.") % {"slots": ", ".join(unknown)})
    changes = apply_changes(
        participant, {"tables": tables, "available_slots": list(available_slots)}
    )
    if changes:
        participant.save(update_fields=["tables", "available_slots"])
        audit_record(
            actor=actor,
            action="event.participant_update",
            obj=participant,
            business=participant.business,
            changes=changes,
        )
    return participant


def _check_on_or_after_event_day(event: Event, today: dt.date, message: str) -> None:
    if today < event.date:
        raise ValidationError(message % {"date": date_for_reader(event.date)})


def _check_on_event_day(event: Event, today: dt.date, message: str) -> None:
    if today != event.date:
        raise ValidationError(message % {"date": date_for_reader(event.date)})


@transaction.atomic
def participant_check_in(
    *, actor, participant: Participant, today: dt.date | None = None
) -> Participant:
    """The participant came: recorded from the event's day on (never before it)."""
    _require_officer(actor)
    _check_on_or_after_event_day(
        participant.event,
        _today(today),
        _("Kehadiran baru bisa dicatat pada hari acara (%(date)s)."),
    )
    if participant.checked_in_at is None or participant.no_show:
        participant.checked_in_at = timezone.now()
        participant.no_show = False
        participant.save(update_fields=["checked_in_at", "no_show"])
        audit_record(
            actor=actor,
            action="event.check_in",
            obj=participant,
            business=participant.business,
            changes={"checked_in_at": [None, participant.checked_in_at]},
        )
    return participant


@transaction.atomic
def participant_mark_no_show(
    *, actor, participant: Participant, today: dt.date | None = None
) -> int:
    """The participant did not come: their scheduled meetings are cancelled, freeing the seats.

    Only on the event's day (before it nobody can be absent yet; after it the record stands).
    ``participant_no_show_undo`` takes it back. Returns how many meetings were cancelled.
    """
    _require_officer(actor)
    _check_on_event_day(
        participant.event,
        _today(today),
        _("“Tidak hadir” hanya bisa ditandai pada hari acara (%(date)s)."),
    )
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.no_show:
        raise ValidationError(_("Peserta ini sudah ditandai tidak hadir."))
    participant.no_show = True
    participant.checked_in_at = None
    participant.save(update_fields=["no_show", "checked_in_at"])
    meetings = Meeting.objects.filter(
        ACTIVE_MEETING, event=participant.event, status=MeetingStatus.SCHEDULED
    ).filter(models_q_either(participant))
    cancelled = meetings.update(
        status=MeetingStatus.CANCELLED, locked=False, cancelled_for_no_show=True
    )
    audit_record(
        actor=actor,
        action="event.no_show",
        obj=participant,
        business=participant.business,
        changes={"no_show": [False, True], "meetings_cancelled": [0, cancelled]},
    )
    return cancelled


@transaction.atomic
def participant_no_show_undo(
    *, actor, participant: Participant, today: dt.date | None = None
) -> tuple[int, int]:
    """Take back a "tidak hadir" mark made by mistake, on the event's day: the meetings it
    cancelled come back where their seat, table and pair are still free (a re-run of the
    schedule may have given them away) and the other side has not been marked absent too.
    Returns (restored, not restored)."""
    _require_officer(actor)
    _check_on_event_day(
        participant.event,
        _today(today),
        _("“Tidak hadir” hanya bisa dibatalkan pada hari acara (%(date)s)."),
    )
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if not participant.no_show:
        raise ValidationError(_("Peserta ini tidak sedang ditandai tidak hadir."))
    participant.no_show = False
    participant.save(update_fields=["no_show"])
    restored, kept = 0, 0
    candidates = (
        Meeting.objects.filter(
            event=participant.event,
            status=MeetingStatus.CANCELLED,
            cancelled_for_no_show=True,
        )
        .filter(models_q_either(participant))
        .select_related("seller", "buyer")
        .order_by("slot", "pk")
    )
    for meeting in candidates:
        other = meeting.buyer if meeting.seller_id == participant.pk else meeting.seller
        if other.no_show:
            kept += 1
            continue
        active = Meeting.objects.filter(ACTIVE_MEETING, event=participant.event).exclude(
            pk=meeting.pk
        )
        taken = (
            active.filter(seller=meeting.seller, slot=meeting.slot).exists()
            or active.filter(buyer=meeting.buyer, slot=meeting.slot, table=meeting.table).exists()
            or active.filter(seller=meeting.seller, buyer=meeting.buyer).exists()
        )
        if taken:
            kept += 1
            continue
        meeting.status = MeetingStatus.SCHEDULED
        meeting.cancelled_for_no_show = False
        meeting.save(update_fields=["status", "cancelled_for_no_show"])
        restored += 1
    audit_record(
        actor=actor,
        action="event.no_show_undo",
        obj=participant,
        business=participant.business,
        changes={"no_show": [True, False], "meetings_restored": [0, restored]},
    )
    return restored, kept


def models_q_either(participant: Participant):
    from django.db.models import Q

    return Q(seller=participant) | Q(buyer=participant)


# --- meeting requests ------------------------------------------------------------------


def meeting_requests_expire(*, event: Event | None = None, now: dt.datetime | None = None) -> int:
    """Pending requests past their time become expired, so they block nobody. Returns the count."""
    now = now or timezone.now()
    qs = MeetingRequest.objects.filter(status=RequestStatus.PENDING, expires_at__lte=now)
    if event is not None:
        qs = qs.filter(event=event)
    expired = list(qs.select_related("from_participant__business"))
    if not expired:
        return 0
    with transaction.atomic():
        for request in expired:
            request.status = RequestStatus.EXPIRED
            request.save(update_fields=["status"])
            audit_record(
                actor=None,
                action="event.request_expire",
                obj=request,
                business=request.from_participant.business,
                changes={"status": [RequestStatus.PENDING, RequestStatus.EXPIRED]},
            )
    return len(expired)


def _pair_request(a: Participant, b: Participant):
    from django.db.models import Q

    return MeetingRequest.objects.filter(
        Q(from_participant=a, to_participant=b) | Q(from_participant=b, to_participant=a)
    )


@transaction.atomic
def meeting_request_create(
    *,
    actor,
    from_participant: Participant,
    to_participant: Participant,
    reason: str = "",
    invitation=None,
    notify: bool = True,
) -> MeetingRequest:
    """One side asks the other for a meeting; it waits for an answer until it expires."""
    _require_actor_for(actor, from_participant)
    event = from_participant.event
    meeting_requests_expire(event=event)
    if to_participant.event_id != event.pk:
        raise ValidationError(_("Peserta tujuan bukan peserta acara ini."))
    if from_participant.pk == to_participant.pk or (
        from_participant.business_id == to_participant.business_id
    ):
        raise ValidationError(_("Tidak bisa meminta bertemu dengan diri sendiri."))
    if from_participant.role == to_participant.role:
        raise ValidationError(
            _(
                "Permintaan bertemu hanya antara penjual (usaha mikro/kecil) dan pembeli "
                "(usaha menengah/besar)."
            )
        )
    if event.status in CLOSED_FOR_REQUESTS:
        raise ValidationError(_("Acara ini tidak menerima permintaan bertemu."))
    if (
        _pair_request(from_participant, to_participant)
        .filter(status__in=[RequestStatus.PENDING, RequestStatus.ACCEPTED])
        .exists()
    ):
        raise ValidationError(
            _("Sudah ada permintaan bertemu antara %(a)s dan %(b)s.")
            % {"a": from_participant, "b": to_participant}
        )
    _check_open_cap(from_participant)
    request = MeetingRequest.objects.create(
        event=event,
        from_participant=from_participant,
        to_participant=to_participant,
        reason=(reason or "").strip()[:300],
        invitation=invitation,
        created_by=actor if actor is not None and actor.is_authenticated else None,
        expires_at=timezone.now() + dt.timedelta(hours=event.request_expiry_hours),
    )
    audit_record(
        actor=actor,
        action="event.request_create",
        obj=request,
        business=from_participant.business,
        changes={"to": [None, str(to_participant)], "reason": [None, request.reason]},
    )
    if notify:
        _mail_on_commit(_request_created_notice(request))
    return request


def _open_count(participant: Participant) -> int:
    return MeetingRequest.objects.filter(
        from_participant=participant, status=RequestStatus.PENDING
    ).count()


def _check_open_cap(participant: Participant) -> None:
    open_count = _open_count(participant)
    limit = participant.event.max_open_requests
    if open_count >= limit:
        raise ValidationError(
            _(
                "Anda sudah punya %(count)s permintaan yang belum dijawab (batas "
                "%(limit)s). Tunggu jawaban atau sampai permintaan kedaluwarsa."
            )
            % {"count": open_count, "limit": limit}
        )


def _respond(actor, request: MeetingRequest, status: str, notify: bool = True) -> MeetingRequest:
    _require_actor_for(actor, request.to_participant)
    meeting_requests_expire(event=request.event)
    request.refresh_from_db()
    if request.status != RequestStatus.PENDING:
        raise ValidationError(
            _("Permintaan ini sudah %(status)s; tidak bisa dijawab lagi.")
            % {"status": request.get_status_display().lower()}
        )
    request.status = status
    request.responded_at = timezone.now()
    request.save(update_fields=["status", "responded_at"])
    audit_record(
        actor=actor,
        action=f"event.request_{'accept' if status == RequestStatus.ACCEPTED else 'decline'}",
        obj=request,
        business=request.to_participant.business,
        changes={"status": [RequestStatus.PENDING, status]},
    )
    if notify:
        _mail_on_commit(_request_answered_notice(request))
    return request


@transaction.atomic
def meeting_request_accept(
    *, actor, request: MeetingRequest, notify: bool = True
) -> MeetingRequest:
    return _respond(actor, request, RequestStatus.ACCEPTED, notify)


@transaction.atomic
def meeting_request_decline(
    *, actor, request: MeetingRequest, notify: bool = True
) -> MeetingRequest:
    return _respond(actor, request, RequestStatus.DECLINED, notify)


@transaction.atomic
def must_meet_add(
    *, actor, seller: Participant, buyer: Participant, reason: str = ""
) -> MeetingRequest:
    """An officer decides that this pair must meet: an accepted request flagged must-meet."""
    _require_officer(actor)
    if seller.event_id != buyer.event_id or not (seller.is_seller and buyer.is_buyer):
        raise ValidationError(
            _("Pasangan wajib bertemu harus satu penjual dan satu pembeli dari acara ini.")
        )
    existing = (
        _pair_request(seller, buyer)
        .filter(status__in=[RequestStatus.PENDING, RequestStatus.ACCEPTED])
        .first()
    )
    now = timezone.now()
    if existing:
        old = [existing.status, existing.must_meet]
        existing.status = RequestStatus.ACCEPTED
        existing.must_meet = True
        existing.responded_at = existing.responded_at or now
        existing.save(update_fields=["status", "must_meet", "responded_at"])
        request = existing
        changes = {"status": [old[0], request.status], "must_meet": [old[1], True]}
    else:
        request = MeetingRequest.objects.create(
            event=seller.event,
            from_participant=buyer,
            to_participant=seller,
            reason=(reason or "Ditetapkan petugas").strip()[:300],
            status=RequestStatus.ACCEPTED,
            must_meet=True,
            created_by=actor,
            expires_at=now,
            responded_at=now,
        )
        changes = {"must_meet": [None, True], "seller": [None, str(seller)]}
    audit_record(
        actor=actor, action="event.must_meet", obj=request, business=buyer.business, changes=changes
    )
    return request


@transaction.atomic
def meeting_wish_add(
    *, actor, seller: Participant, buyer: Participant, reason: str = ""
) -> MeetingRequest:
    """An officer records a pair both sides already agreed to on the spot (e.g. a walk-in)."""
    _require_officer(actor)
    if _pair_request(seller, buyer).filter(status=RequestStatus.ACCEPTED).exists():
        return _pair_request(seller, buyer).filter(status=RequestStatus.ACCEPTED).first()
    now = timezone.now()
    request = MeetingRequest.objects.create(
        event=seller.event,
        from_participant=seller,
        to_participant=buyer,
        reason=(reason or "Dicatat petugas di tempat")[:300],
        status=RequestStatus.ACCEPTED,
        created_by=actor,
        expires_at=now,
        responded_at=now,
    )
    audit_record(
        actor=actor,
        action="event.request_on_the_spot",
        obj=request,
        business=seller.business,
        changes={"buyer": [None, str(buyer)]},
    )
    return request


def _invitation_sides(invitation, event: Event) -> tuple[Participant | None, Participant | None]:
    """The event's participants of the invitation's buyer (the need) and supplier (the offer)."""
    found = {
        p.business_id: p
        for p in Participant.objects.filter(
            event=event,
            business_id__in=[invitation.need.business_id, invitation.offer.business_id],
        ).select_related("business", "event")
    }
    return found.get(invitation.need.business_id), found.get(invitation.offer.business_id)


def _invitation_not_done(invitation) -> None:
    if selectors.invitation_has_agreement(invitation):
        raise ValidationError(
            _("Ajakan bertemu ini sudah menjadi perjanjian kemitraan; tidak perlu diajukan lagi.")
        )


def _invitation_check(event: Event, buyer: Participant, seller: Participant) -> None:
    if event.status in CLOSED_FOR_REQUESTS:
        raise ValidationError(_("Acara ini tidak menerima permintaan bertemu."))
    if not (buyer.is_buyer and seller.is_seller):
        raise ValidationError(
            _(
                "Permintaan bertemu hanya antara penjual (usaha mikro/kecil) dan pembeli "
                "(usaha menengah/besar)."
            )
        )
    if (
        _pair_request(buyer, seller)
        .filter(status__in=[RequestStatus.PENDING, RequestStatus.ACCEPTED])
        .exists()
    ):
        raise ValidationError(
            _("Sudah ada permintaan bertemu antara %(a)s dan %(b)s.") % {"a": buyer, "b": seller}
        )


def _invitation_request(
    actor, invitation, buyer: Participant, seller: Participant, *, accepted: bool = False
) -> MeetingRequest:
    now = timezone.now()
    event = buyer.event
    return MeetingRequest.objects.create(
        event=event,
        from_participant=buyer,
        to_participant=seller,
        reason=(invitation.message or f"Kebutuhan: {invitation.need.title}")[:300],
        status=RequestStatus.ACCEPTED if accepted else RequestStatus.PENDING,
        invitation=invitation,
        created_by=actor if actor is not None and actor.is_authenticated else None,
        expires_at=now + dt.timedelta(hours=event.request_expiry_hours),
        responded_at=now if accepted else None,
    )


@transaction.atomic
def meeting_request_from_invitation(
    *, actor, invitation, event: Event, notify: bool = True
) -> MeetingRequest:
    """The matching module's "ajak bertemu" becomes a request from the buyer to the supplier.

    Either business not yet registered for the event is invited from the registry.
    """
    need, offer = invitation.need, invitation.offer
    buyer_business, seller_business = need.business, offer.business
    if not _is_officer(actor) and not is_member(actor, buyer_business.pk):
        raise PermissionDenied
    if event.status in CLOSED_FOR_REQUESTS:
        raise ValidationError(_("Acara ini tidak menerima permintaan bertemu."))
    _invitation_not_done(invitation)
    meeting_requests_expire(event=event)
    participants = {}
    for business, role in ((buyer_business, Role.BUYER), (seller_business, Role.SELLER)):
        participant = Participant.objects.filter(event=event, business=business).first()
        if participant is None:
            participant = Participant.objects.create(
                event=event,
                business=business,
                role=role_for(business) or role,
                registered_how=RegisteredHow.INVITED,
                registered_by=actor,
            )
            audit_record(
                actor=actor,
                action="event.participant_add",
                obj=participant,
                business=business,
                changes={"event": [None, event.name], "how": [None, "invitation"]},
            )
        participants[role] = participant
    buyer, seller = participants[Role.BUYER], participants[Role.SELLER]
    _invitation_check(event, buyer, seller)
    _check_open_cap(buyer)
    # The buyer's representative or an officer sends it on the buyer's behalf.
    request = _invitation_request(actor, invitation, buyer, seller)
    audit_record(
        actor=actor,
        action="event.request_from_invitation",
        obj=request,
        business=buyer_business,
        changes={"invitation": [None, invitation.pk], "seller": [None, str(seller)]},
    )
    if notify:
        _mail_on_commit(_request_created_notice(request))
    return request


@transaction.atomic
def meeting_invitation_accept(
    *, actor, invitation, event: Event, notify: bool = True
) -> MeetingRequest:
    """The supplier accepts a buyer's "ajak bertemu" at an event both take part in: the
    request from the buyer is created already accepted, and the buyer is told."""
    if not _is_officer(actor) and not is_member(actor, invitation.offer.business_id):
        raise PermissionDenied
    buyer, seller = _invitation_sides(invitation, event)
    if buyer is None or seller is None:
        raise ValidationError(_("Kedua usaha harus sudah terdaftar sebagai peserta acara ini."))
    _invitation_not_done(invitation)
    meeting_requests_expire(event=event)
    _invitation_check(event, buyer, seller)
    request = _invitation_request(actor, invitation, buyer, seller, accepted=True)
    audit_record(
        actor=actor,
        action="event.invitation_accept",
        obj=request,
        business=seller.business,
        changes={
            "invitation": [None, invitation.pk],
            "buyer": [None, str(buyer)],
            "status": [None, RequestStatus.ACCEPTED],
        },
    )
    if notify:
        _mail_on_commit(_request_answered_notice(request))
    return request


def invitations_to_requests(
    *, actor, participant: Participant, notify: bool = True
) -> list[MeetingRequest]:
    """The participant's open "ajak bertemu" invitations with other participants of the event
    become pending requests from the buyer. Beyond the buyer's open-request cap an invitation
    is skipped (and the skip audited), never refused: the buyer can still send it later.
    Returns the requests made."""
    event = participant.event
    if event.status in CLOSED_FOR_REQUESTS:
        return []
    meeting_requests_expire(event=event)
    made = []
    open_counts: dict[int, int] = {}
    for invitation in selectors.invitations_open_for(participant):
        buyer, seller = invitation.buyer, invitation.seller
        if buyer.pk not in open_counts:
            open_counts[buyer.pk] = _open_count(buyer)
        if open_counts[buyer.pk] >= event.max_open_requests:
            audit_record(
                actor=actor,
                action="event.invitation_skip",
                obj=participant,
                business=buyer.business,
                changes={
                    "invitation": [None, invitation.pk],
                    "reason": [None, "open_request_cap"],
                },
            )
            continue
        request = _invitation_request(actor, invitation, buyer, seller)
        open_counts[buyer.pk] += 1
        audit_record(
            actor=actor,
            action="event.request_from_invitation",
            obj=request,
            business=buyer.business,
            changes={
                "invitation": [None, invitation.pk],
                "seller": [None, str(seller)],
                "on_registration": [None, True],
            },
        )
        if notify:
            _mail_on_commit(_request_created_notice(request))
        made.append(request)
    return made


# --- notices ------------------------------------------------------------------------------


def _mail_on_commit(messages: list[EmailMessage]) -> None:
    mail_after_commit(messages, what="event notice")


def _link(name: str, *args, query: str = "") -> str:
    return f"{settings.SITE_URL}{reverse(name, args=args)}{query}"


def _notice(participant: Participant, subject: str, body: str) -> list[EmailMessage]:
    emails = selectors.emails_by_business([participant.business_id]).get(participant.business_id)
    if not emails:
        return []
    return [EmailMessage(subject=subject, body=body, to=emails)]


def _request_created_notice(request: MeetingRequest) -> list[EmailMessage]:
    """To the side asked: who asks, why, until when, where to answer."""
    event, asker, asked = request.event, request.from_participant, request.to_participant
    subject = _("%(business)s meminta bertemu di %(event)s") % {
        "business": asker.business.name,
        "event": event.name,
    }
    body = _(
        "Yth. %(business)s,\n\n"
        "%(other)s meminta bertemu dengan Anda di %(event)s (%(date)s, %(venue)s).\n"
        "Alasan: %(reason)s\n\n"
        "Terima atau tolak sebelum %(until)s di:\n%(link)s\n\nSalam,\nJalinMitra"
    ) % {
        "business": asked.business.name,
        "other": asker.business.name,
        "event": event.name,
        "date": format_tanggal(event.date),
        "venue": event.venue,
        "reason": request.reason or "–",
        "until": format_tanggal_waktu(request.expires_at),
        "link": _link("events:requests", event.pk, query=f"?p={asked.pk}"),
    }
    return _notice(asked, subject, body)


def _request_answered_notice(request: MeetingRequest) -> list[EmailMessage]:
    """To the side that asked: the answer."""
    event, asker, asked = request.event, request.from_participant, request.to_participant
    values = {
        "business": asker.business.name,
        "other": asked.business.name,
        "event": event.name,
        "date": format_tanggal(event.date),
        "venue": event.venue,
        "link": _link("events:requests", event.pk, query=f"?p={asker.pk}"),
    }
    if request.status == RequestStatus.ACCEPTED:
        subject = _("%(other)s menerima permintaan bertemu Anda") % values
        body = (
            _(
                "Yth. %(business)s,\n\n"
                "%(other)s menerima permintaan bertemu Anda di %(event)s (%(date)s, "
                "%(venue)s). Waktu dan meja pertemuan dikirim setelah jadwal terbit.\n"
                "%(link)s\n\nSalam,\nJalinMitra"
            )
            % values
        )
    else:
        subject = _("%(other)s menolak permintaan bertemu Anda") % values
        body = (
            _(
                "Yth. %(business)s,\n\n"
                "%(other)s menolak permintaan bertemu Anda di %(event)s. Anda dapat "
                "meminta bertemu dengan peserta lain:\n%(link)s\n\nSalam,\nJalinMitra"
            )
            % values
        )
    return _notice(asker, subject, body)


def _schedule_published_notices(event: Event) -> list[EmailMessage]:
    """Each present participant: the event, the number of its meetings, its agenda link."""
    from django.db.models import Count, Q

    active = ~Q(as_seller__status=MeetingStatus.CANCELLED) & Q(as_seller__published=True)
    active_b = ~Q(as_buyer__status=MeetingStatus.CANCELLED) & Q(as_buyer__published=True)
    participants = list(
        Participant.objects.filter(event=event, no_show=False)
        .select_related("business")
        .annotate(
            published_count=Count("as_seller", filter=active, distinct=True)
            + Count("as_buyer", filter=active_b, distinct=True)
        )
        .order_by("pk")
    )
    emails = selectors.emails_by_business([p.business_id for p in participants])
    subject = _("Jadwal %(event)s sudah terbit") % {"event": event.name}
    messages = []
    for p in participants:
        to = emails.get(p.business_id)
        if not to:
            continue
        body = ngettext(
            "Yth. %(business)s,\n\n"
            "Jadwal %(event)s pada %(date)s di %(venue)s sudah terbit. Anda mendapat "
            "%(count)s pertemuan. Lihat waktu dan meja tiap pertemuan, simpan ke "
            "kalender, atau cetak agenda Anda di:\n%(link)s\n\n"
            "Tunjukkan kode QR pada agenda saat datang.\n\nSalam,\nJalinMitra",
            "Yth. %(business)s,\n\n"
            "Jadwal %(event)s pada %(date)s di %(venue)s sudah terbit. Anda mendapat "
            "%(count)s pertemuan. Lihat waktu dan meja tiap pertemuan, simpan ke "
            "kalender, atau cetak agenda Anda di:\n%(link)s\n\n"
            "Tunjukkan kode QR pada agenda saat datang.\n\nSalam,\nJalinMitra",
            p.published_count,
        ) % {
            "business": p.business.name,
            "event": event.name,
            "date": format_tanggal(event.date),
            "venue": event.venue,
            "count": p.published_count,
            "link": _link("events:agenda", event.pk, p.pk),
        }
        messages.append(EmailMessage(subject=subject, body=body, to=to))
    return messages


def participants_remind(*, event: Event, actor=None) -> list[Participant]:
    """Email every participant who has asked for no meeting yet. Returns whom it reminded.
    An officer pressing the button is the `actor` (audited); the periodic command has none."""
    lazy = selectors.participants_without_requests(event)
    if actor is not None:
        audit_record(
            actor=actor,
            action="event.participants_remind",
            obj=event,
            changes={"participants": [None, len(lazy)]},
        )
    link = f"{settings.SITE_URL}{reverse('events:requests', args=[event.pk])}"
    for participant in lazy:
        emails = selectors.participant_emails(participant)
        if not emails:
            continue
        send_mail_after_commit(
            subject=_("Temu usaha %(event)s: ajukan permintaan bertemu") % {"event": event.name},
            body=_(
                "Yth. %(business)s,\n\n"
                "Anda terdaftar pada %(event)s (%(venue)s), tetapi belum meminta "
                "bertemu dengan peserta mana pun. Pilih mitra yang ingin Anda temui di:\n"
                "%(link)s\n\nSalam,\nJalinMitra"
            )
            % {
                "business": participant.business.name,
                "event": event.name,
                "venue": event.venue,
                "link": link,
            },
            to=emails,
            what="event reminder",
        )
    return lazy


# --- scheduling -------------------------------------------------------------------------


def schedule_run_create(
    *,
    actor,
    event: Event,
    allow_move_published: bool = False,
    from_slot: str = "",
    background: bool | None = None,
) -> ScheduleRun:
    """Queue a scheduling run (a Job shows its progress). Runs at once for small events."""
    _require_officer(actor)
    if event.status in {EventStatus.DRAFT, EventStatus.FINISHED}:
        raise ValidationError(_("Buka pendaftaran acara dulu sebelum menyusun jadwal."))
    if from_slot and from_slot not in event.slots:
        raise ValidationError(_("Slot %(slot)s tidak ada di acara ini.") % {"slot": from_slot})
    if background is None:
        background = event.participants.count() > SYNC_MAX_PARTICIPANTS
    with transaction.atomic():
        run = _schedule_run_queue(actor, event, allow_move_published, from_slot, background)
    if not background:
        run = schedule_run_execute(run_id=run.pk)
    return run


def _schedule_run_queue(actor, event, allow_move_published, from_slot, background) -> ScheduleRun:
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
            event, allow_move_published=run.allow_move_published, from_slot=run.from_slot
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
            stored = selectors.stored_schedule(event)
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
                event.status = EVENT_FLOW["schedule"].dst
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
def meeting_lock_toggle(*, actor, meeting: Meeting) -> Meeting:
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


@transaction.atomic
def schedule_publish(*, actor, event: Event, notify: bool = True) -> int:
    """Publish every scheduled meeting; participants then see them and, when something new
    was published, get their agenda link by email. Returns how many are new."""
    _require_officer(actor)
    count = Meeting.objects.filter(
        event=event, status=MeetingStatus.SCHEDULED, published=False
    ).update(published=True)
    old = event.status
    if event.status in EVENT_FLOW["publish"].src:
        event.status = EVENT_FLOW["publish"].dst
        event.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="event.schedule_publish",
        obj=event,
        changes={"published": [0, count], "status": [old, event.status]},
    )
    if count and notify:
        _mail_on_commit(_schedule_published_notices(event))
    return count


@transaction.atomic
# --- outcomes and follow-up --------------------------------------------------------------


@transaction.atomic
def outcome_record(
    *,
    actor,
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
        raise ValidationError(_("Pihak tidak dikenal."))
    _require_actor_for(actor, participant)
    _check_on_or_after_event_day(
        meeting.event,
        _today(today),
        _("Hasil pertemuan baru bisa dicatat pada hari pertemuan (%(date)s) atau sesudahnya."),
    )
    if result not in OutcomeResult.values:
        raise ValidationError(_("Hasil pertemuan tidak dikenal."))
    if not 1 <= int(rating) <= 5:
        raise ValidationError(_("Penilaian antara 1 dan 5."))
    if meeting.status == MeetingStatus.CANCELLED or not meeting.published:
        raise ValidationError(_("Hasil hanya dapat dicatat untuk pertemuan yang terbit."))
    outcome, created = Outcome.objects.get_or_create(
        meeting=meeting,
        side=side,
        defaults={"result": result, "rating": rating, "note": note[:500], "recorded_by": actor},
    )
    changes = {"result": [None, result], "rating": [None, rating]}
    if not created:
        changes = apply_changes(
            outcome, {"result": result, "rating": int(rating), "note": note[:500]}
        )
        outcome.recorded_by = actor
        outcome.save()
    if meeting.status == MeetingStatus.SCHEDULED:
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["status"])
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


# --- demo --------------------------------------------------------------------------------

DEMO_KEY = "kota-metro-temu-usaha"


def event_demo_create(*, actor, today: dt.date | None = None) -> Event:
    """The Kota Metro temu usaha of the demo: 100 sellers, 6 buyers × 2 tables, 16 slots,
    some accepted requests, the schedule solved and published; beside it a small event held
    today (``event_demo_today_create``). Idempotent: a second call returns the existing
    event."""
    existing = Event.objects.filter(demo_key=DEMO_KEY).first()
    if existing is not None:
        event_demo_today_create(actor=actor, today=today)
        return existing
    today = today or timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
        event = event_create(
            actor=actor,
            data={
                "name": "Temu Usaha Kemitraan Kota Metro",
                "date": today + dt.timedelta(days=14),
                "venue": "Aula Pemerintah Kota Metro, Jl. AH Nasution No. 3",
                # 9 slots in the morning, 7 in the afternoon: 16 slots of 20 minutes.
                "sessions": [
                    {"start": "09:00", "end": "12:00"},
                    {"start": "13:00", "end": "15:20"},
                ],
                "meeting_minutes": 20,
                "break_minutes": 0,
                "max_meetings_per_participant": 16,
                "registration_opens": now - dt.timedelta(days=7),
                "registration_closes": now + dt.timedelta(days=7),
                "request_expiry_hours": 72,
                "max_open_requests": 10,
                "coverage_bonus": 0.3,
            },
        )
        event.demo_key = DEMO_KEY
        event.status = EventStatus.OPEN
        event.save(update_fields=["demo_key", "status"])
        small = Business.objects.filter(size_class__in=SMALL_SIZES)
        verified = small.filter(status=VerificationStatus.VERIFIED)
        pool = verified if verified.count() >= 100 else small
        sellers_b = list(pool.order_by("id")[:100])
        large = Business.objects.filter(size_class__in=LARGE_SIZES)
        buyers_b = list(large.filter(status=VerificationStatus.VERIFIED).order_by("id")[:6])
        if len(buyers_b) < 6:
            buyers_b += list(
                large.exclude(pk__in=[b.pk for b in buyers_b]).order_by("id")[: 6 - len(buyers_b)]
            )
        sellers = [
            participant_add(
                actor=actor, event=event, business=b, how=RegisteredHow.INVITED, notify=False
            )
            for b in sellers_b
        ]
        buyers = [
            participant_add(
                actor=actor,
                event=event,
                business=b,
                how=RegisteredHow.INVITED,
                tables=2,
                notify=False,
            )
            for b in buyers_b
        ]
        # Each seller asks two buyers (deterministic rotation); most are accepted.
        for i, seller in enumerate(sellers):
            if not buyers:
                break
            for k in sorted({0, 3 % len(buyers) or 1 % len(buyers)}):
                buyer = buyers[(i + k) % len(buyers)]
                # The pair may already have a request made from an "ajak bertemu".
                if _pair_request(seller, buyer).exists():
                    continue
                request = meeting_request_create(
                    actor=actor,
                    from_participant=seller,
                    to_participant=buyer,
                    reason="Menawarkan produk untuk kebutuhan pembeli",
                    notify=False,
                )
                if (i + k) % 5 != 4:
                    meeting_request_accept(actor=actor, request=request, notify=False)
        if sellers and buyers:
            must_meet_add(
                actor=actor, seller=sellers[0], buyer=buyers[0], reason="Produk unggulan kota"
            )
    if buyers_b and sellers_b:
        schedule_run_create(actor=actor, event=event, background=False)
        schedule_publish(actor=actor, event=event, notify=False)
    event_demo_today_create(actor=actor, today=today)
    event.refresh_from_db()
    return event


DEMO_TODAY_KEY = "kota-metro-temu-hari-ini"


def event_demo_today_create(*, actor, today: dt.date | None = None) -> Event | None:
    """A small temu usaha held on the day the demo is loaded, so the day's work can be tried:
    check-in, "tidak hadir" with its confirmation and undo (one seller is already marked
    absent), and outcomes. 8 sellers, 2 buyers, 6 slots, schedule published. Idempotent;
    None when the registry has too few verified businesses."""
    existing = Event.objects.filter(demo_key=DEMO_TODAY_KEY).first()
    if existing is not None:
        return existing
    today = today or timezone.localdate()
    now = timezone.now()
    verified = Business.objects.filter(status=VerificationStatus.VERIFIED).order_by("id")
    sellers_b = list(verified.filter(size_class__in=SMALL_SIZES)[:8])
    buyers_b = list(verified.filter(size_class__in=LARGE_SIZES)[:2])
    if len(sellers_b) < 4 or len(buyers_b) < 2:
        return None
    with transaction.atomic():
        event = event_create(
            actor=actor,
            data={
                "name": "Temu Usaha Kuliner Hari Ini",
                "date": today,
                "venue": "Gedung Sesat Agung Bumi Sai Wawai, Kota Metro",
                "sessions": [{"start": "09:00", "end": "11:00"}],
                "meeting_minutes": 20,
                "break_minutes": 0,
                "max_meetings_per_participant": 6,
                "registration_opens": now - dt.timedelta(days=7),
                "registration_closes": now - dt.timedelta(minutes=1),
                "request_expiry_hours": 72,
            },
            today=today,
        )
        event.demo_key = DEMO_TODAY_KEY
        event.status = EventStatus.OPEN
        event.save(update_fields=["demo_key", "status"])
        sellers = [
            participant_add(
                actor=actor, event=event, business=b, how=RegisteredHow.INVITED, notify=False
            )
            for b in sellers_b
        ]
        buyers = [
            participant_add(
                actor=actor, event=event, business=b, how=RegisteredHow.INVITED, notify=False
            )
            for b in buyers_b
        ]
        for i, seller in enumerate(sellers):
            for buyer in (buyers[i % 2], buyers[(i + 1) % 2]) if i < 4 else (buyers[i % 2],):
                if _pair_request(seller, buyer).exists():
                    continue
                request = meeting_request_create(
                    actor=actor,
                    from_participant=seller,
                    to_participant=buyer,
                    reason="Menawarkan produk olahan untuk dijual di gerai pembeli",
                    notify=False,
                )
                meeting_request_accept(actor=actor, request=request, notify=False)
    schedule_run_create(actor=actor, event=event, background=False)
    schedule_publish(actor=actor, event=event, notify=False)
    # The morning so far: two sellers and one buyer arrived, one seller did not come.
    for participant in (sellers[0], sellers[1], buyers[0]):
        participant_check_in(actor=actor, participant=participant, today=today)
    participant_mark_no_show(actor=actor, participant=sellers[-1], today=today)
    event.refresh_from_db()
    return event

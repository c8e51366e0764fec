"""Participants of an event: registration, availability, check-in and no-shows."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jalinmitra.businesses.choices import VerificationStatus
from jalinmitra.businesses.models import Business
from jalinmitra.businesses.selectors import is_member
from jalinmitra.core.localdates import date_for_reader
from jalinmitra.core.services import apply_changes, audit_record
from jalinmitra.events.choices import EventStatus, MeetingStatus, RegisteredHow, Role
from jalinmitra.events.models import ACTIVE_MEETING, Event, Meeting, Participant
from jalinmitra.events.services._common import _HHMM, _require_actor_for, _require_officer, role_for
from jalinmitra.events.services.events import _today, sessions_parse
from jalinmitra.events.services.requests import invitations_to_requests

if TYPE_CHECKING:
    from jalinmitra.accounts.models import User


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
                % {"start": w["start"], "end": w["end"]},
                code="invalid",
            )
    chosen = [s for s in slots if any(w["start"] <= s < w["end"] for w in windows)]
    if not chosen:
        raise ValidationError(_("Tidak ada slot acara dalam jam ketersediaan ini."), code="invalid")
    return chosen


def _participant_check(event: Event, business: Business, role: str, tables: int, slots) -> None:
    if Participant.objects.filter(event=event, business=business).exists():
        raise ValidationError(
            _("%(name)s sudah terdaftar sebagai peserta acara ini.") % {"name": business.name},
            code="duplicate",
        )
    if role not in Role.values:
        raise ValidationError(
            _(
                "Peran %(name)s tidak dapat ditentukan dari skala usahanya; "
                "pilih penjual atau pembeli."
            )
            % {"name": business.name},
            code="invalid",
        )
    if role == Role.SELLER and tables != 1:
        raise ValidationError(
            _("Penjual selalu satu orang (satu kursi); meja hanya untuk pembeli."), code="invalid"
        )
    if tables < 1 or tables > 20:
        raise ValidationError(_("Jumlah meja antara 1 dan 20."), code="invalid")
    unknown = [s for s in slots or [] if s not in event.slots]
    if unknown:
        raise ValidationError(
            _("Slot tidak dikenal: %(slots)s.") % {"slots": ", ".join(unknown)}, code="invalid"
        )


@transaction.atomic
def participant_add(
    *,
    actor: User,
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
            raise PermissionDenied(_("Anda hanya dapat mendaftarkan usaha Anda sendiri."))
        if not event.registration_is_open:
            raise ValidationError(_("Pendaftaran acara ini sedang tidak dibuka."), code="state")
        if business.status != VerificationStatus.VERIFIED:
            raise ValidationError(
                _("Hanya usaha yang sudah terverifikasi yang dapat mendaftar."), code="invalid"
            )
        role = None
    else:
        _require_officer(actor)
        if event.status == EventStatus.FINISHED:
            raise ValidationError(_("Acara sudah selesai."), code="state")
        if how == RegisteredHow.ON_THE_SPOT:
            _check_on_or_after_event_day(
                event,
                _today(today),
                _(
                    "Pendaftaran di tempat baru bisa pada hari acara (%(date)s). "
                    "Sebelum itu, pilih “Diundang dari data usaha”."
                ),
            )
    role = role or role_for(business) or ""
    _participant_check(event, business, role, tables, available_slots)
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
    *, actor: User, participant: Participant, tables: int, available_slots: list[str]
) -> Participant:
    _require_actor_for(actor, participant)
    if participant.is_seller and tables != 1:
        raise ValidationError(
            _("Penjual selalu satu orang (satu kursi); meja hanya untuk pembeli."), code="invalid"
        )
    unknown = [s for s in available_slots if s not in participant.event.slots]
    if unknown:
        raise ValidationError(
            _("Slot tidak dikenal: %(slots)s.") % {"slots": ", ".join(unknown)}, code="invalid"
        )
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
        raise ValidationError(message % {"date": date_for_reader(event.date)}, code="date")


def _check_on_event_day(event: Event, today: dt.date, message: str) -> None:
    if today != event.date:
        raise ValidationError(message % {"date": date_for_reader(event.date)}, code="date")


@transaction.atomic
def participant_check_in(
    *, actor: User, participant: Participant, today: dt.date | None = None
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
    *, actor: User, participant: Participant, today: dt.date | None = None
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
        raise ValidationError(_("Peserta ini sudah ditandai tidak hadir."), code="state")
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
    *, actor: User, participant: Participant, today: dt.date | None = None
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
        raise ValidationError(_("Peserta ini tidak sedang ditandai tidak hadir."), code="state")
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

"""Business-matching events (temu usaha): participants, requests, meetings, outcomes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jalinmitra.events.choices import (
    EventStatus,
    MeetingStatus,
    OutcomeResult,
    RegisteredHow,
    RequestStatus,
    Role,
    RunStatus,
)

CHECKIN_SALT = "jalinmitra.events.checkin"


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def slots_for(sessions: list[dict], meeting_minutes: int, break_minutes: int) -> list[str]:
    """Slot start times ("HH:MM") of the sessions: a meeting, then a break, while it fits."""
    slots: list[str] = []
    step = meeting_minutes + break_minutes
    if meeting_minutes <= 0:
        return slots
    for session in sessions:
        start, end = _minutes(session["start"]), _minutes(session["end"])
        t = start
        while t + meeting_minutes <= end:
            slots.append(_hhmm(t))
            t += step
    return slots


class Event(models.Model):
    name = models.CharField(_("nama acara"), max_length=200)
    date = models.DateField(_("tanggal"))
    venue = models.CharField(_("tempat"), max_length=255)
    sessions = models.JSONField(
        _("sesi"), default=list, help_text=_('Mis. [{"start": "09:00", "end": "12:00"}]')
    )
    meeting_minutes = models.PositiveSmallIntegerField(_("lama pertemuan (menit)"), default=20)
    break_minutes = models.PositiveSmallIntegerField(_("jeda antarpertemuan (menit)"), default=0)
    max_meetings_per_participant = models.PositiveSmallIntegerField(
        _("paling banyak pertemuan per peserta"),
        default=6,
        help_text=_("Untuk pembeli, batas ini berlaku per meja."),
    )
    registration_opens = models.DateTimeField(_("pendaftaran dibuka"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("pendaftaran ditutup"), null=True, blank=True)
    request_expiry_hours = models.PositiveSmallIntegerField(
        _("permintaan kedaluwarsa setelah (jam)"), default=48
    )
    max_open_requests = models.PositiveSmallIntegerField(
        _("paling banyak permintaan terbuka per peserta"), default=10
    )
    coverage_bonus = models.FloatField(
        _("bonus pemerataan"),
        default=0.3,
        help_text=_(
            "Nilai tambahan bagi setiap penjual yang mendapat paling sedikit satu pertemuan."
        ),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    demo_key = models.CharField(max_length=40, blank=True, db_index=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("temu usaha")
        verbose_name_plural = _("temu usaha")
        constraints = [
            models.CheckConstraint(
                condition=Q(registration_opens__isnull=True)
                | Q(registration_closes__isnull=True)
                | Q(registration_closes__gt=models.F("registration_opens")),
                name="event_registration_window_ordered",
                violation_error_message=_("Pendaftaran harus ditutup setelah dibuka."),
            ),
            models.CheckConstraint(
                condition=Q(meeting_minutes__gt=0),
                name="event_meeting_minutes_positive",
                violation_error_message=_("Lama pertemuan harus lebih dari 0 menit."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def slots(self) -> list[str]:
        return slots_for(self.sessions or [], self.meeting_minutes, self.break_minutes)

    def slot_start(self, slot: str) -> dt.datetime:
        """The aware start time of a slot on the event's day, in the city's zone."""
        hours, minutes = slot.split(":")
        return dt.datetime.combine(
            self.date, dt.time(int(hours), int(minutes)), tzinfo=ZoneInfo(settings.TIME_ZONE)
        )

    def slot_end(self, slot: str) -> dt.datetime:
        return self.slot_start(slot) + dt.timedelta(minutes=self.meeting_minutes)

    def slot_end_label(self, slot: str) -> str:
        return _hhmm(_minutes(slot) + self.meeting_minutes)

    @property
    def registration_is_open(self) -> bool:
        now = timezone.now()
        if self.status != EventStatus.OPEN:
            return False
        if self.registration_opens and now < self.registration_opens:
            return False
        return not (self.registration_closes and now >= self.registration_closes)

    @property
    def sessions_text(self) -> str:
        return ", ".join(f"{s['start']}–{s['end']}" for s in self.sessions or [])


class Participant(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    business = models.ForeignKey(
        "businesses.Business", on_delete=models.PROTECT, related_name="event_participations"
    )
    role = models.CharField(_("peran"), max_length=6, choices=Role.choices)
    tables = models.PositiveSmallIntegerField(
        _("jumlah meja"), default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    # Slot labels the participant can attend; empty means every slot of the event.
    available_slots = models.JSONField(_("slot yang bisa dihadiri"), default=list, blank=True)
    registered_how = models.CharField(
        _("cara mendaftar"), max_length=12, choices=RegisteredHow.choices
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    checked_in_at = models.DateTimeField(_("hadir pada"), null=True, blank=True)
    no_show = models.BooleanField(_("tidak hadir"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role", "business__name", "id"]
        verbose_name = _("peserta")
        verbose_name_plural = _("peserta")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "business"],
                name="participant_unique",
                violation_error_message=_("Usaha ini sudah terdaftar sebagai peserta acara ini."),
            ),
            models.CheckConstraint(
                condition=Q(tables__gte=1),
                name="participant_tables_min_1",
                violation_error_message=_("Jumlah meja paling sedikit 1."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.business)

    @property
    def is_seller(self) -> bool:
        return self.role == Role.SELLER

    @property
    def is_buyer(self) -> bool:
        return self.role == Role.BUYER

    def slots_available(self) -> list[str]:
        slots = self.event.slots
        if not self.available_slots:
            return slots
        chosen = set(self.available_slots)
        return [s for s in slots if s in chosen]

    @property
    def checkin_token(self) -> str:
        return signing.dumps(self.pk, salt=CHECKIN_SALT)

    @property
    def max_meetings(self) -> int:
        cap = self.event.max_meetings_per_participant
        return cap * self.tables if self.is_buyer else cap


class MeetingRequest(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="requests")
    from_participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="requests_sent"
    )
    to_participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="requests_received"
    )
    reason = models.CharField(_("alasan singkat"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=9, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    must_meet = models.BooleanField(_("wajib bertemu"), default=False)
    invitation = models.ForeignKey(
        "matching.MeetingInvitation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_requests",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("kedaluwarsa pada"))
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("permintaan bertemu")
        verbose_name_plural = _("permintaan bertemu")
        indexes = [models.Index(fields=["status", "expires_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_participant=models.F("to_participant")),
                name="meeting_request_not_self",
                violation_error_message=_("Tidak bisa meminta bertemu dengan diri sendiri."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_participant} → {self.to_participant}"

    @property
    def is_open(self) -> bool:
        return self.status == RequestStatus.PENDING and self.expires_at > timezone.now()

    @property
    def status_shown(self) -> str:
        """The status a reader sees: a pending request past its time reads as expired even
        before the periodic command (`expire_meeting_requests`) or the next write records it;
        a page only reads."""
        if self.status == RequestStatus.PENDING and not self.is_open:
            return RequestStatus.EXPIRED
        return self.status

    def get_status_shown_display(self) -> str:
        return str(RequestStatus(self.status_shown).label)

    def seller_buyer(self) -> tuple[Participant, Participant]:
        if self.from_participant.is_seller:
            return self.from_participant, self.to_participant
        return self.to_participant, self.from_participant


class ScheduleRun(models.Model):
    """One run of the scheduler for an event, with the figures the officer previews."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="runs")
    job = models.ForeignKey("core.Job", on_delete=models.SET_NULL, null=True, blank=True)
    status = models.CharField(max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED)
    allow_move_published = models.BooleanField(default=False)
    from_slot = models.CharField(max_length=5, blank=True)
    objective = models.FloatField(null=True, blank=True)
    upper_bound = models.FloatField(null=True, blank=True)
    solver_status = models.CharField(max_length=10, blank=True)
    meetings = models.PositiveIntegerField(default=0)
    sellers_total = models.PositiveIntegerField(default=0)
    sellers_covered = models.PositiveIntegerField(default=0)
    max_sellers_coverable = models.PositiveIntegerField(default=0)
    table_use_percent = models.FloatField(default=0)
    required_met = models.PositiveIntegerField(default=0)
    required_total = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)
    message = models.TextField(blank=True, validators=[MaxLengthValidator(2000)])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("penyusunan jadwal")
        verbose_name_plural = _("penyusunan jadwal")

    def __str__(self) -> str:
        return f"{self.event} #{self.pk}"

    @property
    def gap_percent(self) -> float | None:
        if self.objective is None or not self.upper_bound:
            return None
        return round(100 * (self.upper_bound - self.objective) / self.upper_bound, 2)


ACTIVE_MEETING = ~Q(status=MeetingStatus.CANCELLED)


class Meeting(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meetings")
    seller = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="as_seller")
    buyer = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="as_buyer")
    slot = models.CharField(_("slot"), max_length=5)
    table = models.PositiveSmallIntegerField(_("meja"))
    score = models.FloatField(_("skor"), default=0)
    locked = models.BooleanField(_("dikunci"), default=False)
    published = models.BooleanField(_("terbit"), default=False)
    status = models.CharField(
        _("status"), max_length=9, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    # Cancelled because one side was marked "tidak hadir": undoing that mark restores it.
    cancelled_for_no_show = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slot", "buyer__business__name", "table"]
        verbose_name = _("pertemuan")
        verbose_name_plural = _("pertemuan")
        # Cancelled meetings stay for the record but free their seat, table and pair.
        constraints = [
            models.UniqueConstraint(
                fields=["event", "seller", "slot"],
                condition=ACTIVE_MEETING,
                name="meeting_seller_once_per_slot",
                violation_error_message=_("Penjual ini sudah punya pertemuan pada slot itu."),
            ),
            models.UniqueConstraint(
                fields=["event", "buyer", "slot", "table"],
                condition=ACTIVE_MEETING,
                name="meeting_table_once_per_slot",
                violation_error_message=_("Meja ini sudah terisi pada slot itu."),
            ),
            models.UniqueConstraint(
                fields=["event", "seller", "buyer"],
                condition=ACTIVE_MEETING,
                name="meeting_pair_once",
                violation_error_message=_("Pasangan ini sudah punya pertemuan di acara ini."),
            ),
            models.CheckConstraint(
                condition=Q(table__gte=1),
                name="meeting_table_min_1",
                violation_error_message=_("Nomor meja paling sedikit 1."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.slot} {self.seller} – {self.buyer} (meja {self.table})"

    @property
    def table_label(self) -> str:
        return f"{self.buyer.business.name} · meja {self.table}"


class Outcome(models.Model):
    """What one side says came of a meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="outcomes")
    side = models.CharField(_("pihak"), max_length=6, choices=Role.choices)
    result = models.CharField(_("hasil"), max_length=16, choices=OutcomeResult.choices)
    rating = models.PositiveSmallIntegerField(
        _("penilaian (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    note = models.CharField(_("catatan"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["meeting", "side"]
        verbose_name = _("hasil pertemuan")
        verbose_name_plural = _("hasil pertemuan")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "side"],
                name="outcome_one_per_side",
                violation_error_message=_("Hasil pertemuan ini sudah dicatat oleh pihak ini."),
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5),
                name="outcome_rating_1_5",
                violation_error_message=_("Penilaian antara 1 dan 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.get_result_display()}"


class FollowUp(models.Model):
    """The survey a participant answers 3 and 6 months after the event."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="followups")
    months = models.PositiveSmallIntegerField(_("bulan setelah acara"))
    due_on = models.DateField(_("jatuh tempo"))
    answers = models.JSONField(_("jawaban"), default=dict, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("survei tindak lanjut")
        verbose_name_plural = _("survei tindak lanjut")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "months"],
                name="followup_unique",
                violation_error_message=_("Survei bulan ini sudah ada untuk peserta ini."),
            ),
            models.CheckConstraint(
                condition=Q(months__in=[3, 6]),
                name="followup_months_3_6",
                violation_error_message=_(
                    "Survei tindak lanjut hanya 3 atau 6 bulan setelah acara."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} +{self.months} bulan"


def live_requests_q() -> Q:
    """Requests that still hold: accepted, or pending and not past their time. What pages count
    and exclude, without writing the expiry (see MeetingRequest.status_shown)."""
    return Q(status=RequestStatus.ACCEPTED) | Q(
        status=RequestStatus.PENDING, expires_at__gt=timezone.now()
    )

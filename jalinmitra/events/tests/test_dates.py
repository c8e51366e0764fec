"""Dates that make sense (issue 8, item 3): no event planned in the past, registration that
closes by the event's day, check-in and outcomes only from the meeting's day, "tidak hadir"
only on the day with a confirmation and an undo; every refusal in words."""

import datetime as dt

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from jalinmitra.core.models import AuditLog
from jalinmitra.events import services
from jalinmitra.events.choices import MeetingStatus, RegisteredHow
from jalinmitra.events.models import Event, Meeting, Outcome
from jalinmitra.events.tests.conftest import make_business, on_the_day

pytestmark = pytest.mark.django_db


def _data(**over):
    data = {
        "name": "Temu Usaha Tanggal",
        "date": timezone.localdate() + dt.timedelta(days=3),
        "venue": "Aula",
        "sessions": [{"start": "09:00", "end": "10:00"}],
    }
    data.update(over)
    return data


def _scheduled(officer, cast, event):
    for s in ("alice", "bob"):
        r = services.meeting_request_create(
            actor=officer, from_participant=cast[s], to_participant=cast["carol"]
        )
        services.meeting_request_accept(actor=officer, request=r)
    services.schedule_run_create(actor=officer, event=event, background=False)
    services.schedule_publish(actor=officer, event=event)


# --- planning ---------------------------------------------------------------------------------


def test_an_event_in_the_past_is_refused_in_words(officer):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as e:
        services.event_create(actor=officer, data=_data(date=yesterday))
    assert "tidak boleh sebelum hari ini" in e.value.message_dict["date"][0]
    assert not Event.objects.exists()
    today = services.event_create(actor=officer, data=_data(date=timezone.localdate()))
    assert today.pk


def test_registration_must_close_by_the_event_day(officer):
    day = timezone.localdate() + dt.timedelta(days=3)
    late = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time(8)))
    with pytest.raises(ValidationError) as e:
        services.event_create(
            actor=officer,
            data=_data(
                date=day,
                registration_opens=timezone.now(),
                registration_closes=late,
            ),
        )
    assert "paling lambat pada hari acara" in e.value.message_dict["registration_closes"][0]
    on_the_day_itself = timezone.make_aware(dt.datetime.combine(day, dt.time(8)))
    event = services.event_create(
        actor=officer,
        data=_data(
            date=day, registration_opens=timezone.now(), registration_closes=on_the_day_itself
        ),
    )
    assert event.registration_closes == on_the_day_itself


def test_a_past_event_keeps_its_date_but_cannot_be_moved_into_the_past(officer):
    today = timezone.localdate()
    past = services.event_create(
        actor=officer,
        data=_data(date=today - dt.timedelta(days=5)),
        today=today - dt.timedelta(days=30),
    )
    # Correcting the venue of an event that already happened is fine.
    services.event_update(actor=officer, event=past, data={"venue": "Aula Baru"})
    past.refresh_from_db()
    assert past.venue == "Aula Baru"
    future = services.event_create(actor=officer, data=_data())
    with pytest.raises(ValidationError, match="sebelum hari ini"):
        services.event_update(
            actor=officer, event=future, data={"date": today - dt.timedelta(days=1)}
        )
    future.refresh_from_db()
    assert future.date == today + dt.timedelta(days=3)


def test_the_event_form_shows_a_past_date_under_its_field(client_of, officer):
    response = client_of(officer).post(
        reverse("events:create"),
        {
            "name": "Temu Usaha Kemarin",
            "date": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
            "venue": "Aula",
            "sessions_text": "09:00-12:00",
            "meeting_minutes": 20,
            "break_minutes": 0,
            "max_meetings_per_participant": 6,
            "request_expiry_hours": 48,
            "max_open_requests": 10,
            "coverage_bonus": 0.3,
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "tidak boleh sebelum hari ini" in form.errors["date"][0]
    assert not Event.objects.filter(name="Temu Usaha Kemarin").exists()
    assert not list(response.context["messages"])


def test_every_constraint_speaks_in_words():
    for model in apps.get_app_config("events").get_models():
        for constraint in model._meta.constraints:
            message = str(constraint.violation_error_message)
            assert message != str(constraint.default_violation_error_message), constraint.name
            assert constraint.name not in message


def test_a_violated_constraint_reads_as_words(officer):
    event = Event(name="X", date=timezone.localdate(), venue="A", meeting_minutes=0)
    with pytest.raises(ValidationError) as e:
        event.validate_constraints()
    text = " ".join(e.value.messages)
    assert "Lama pertemuan harus lebih dari 0 menit." in text
    assert "event_meeting_minutes_positive" not in text


# --- on the day ---------------------------------------------------------------------------------


def test_check_in_is_refused_before_the_day_in_words(client_of, officer, cast, event):
    p = cast["alice"]
    with pytest.raises(ValidationError, match="baru bisa dicatat pada hari acara"):
        services.participant_check_in(actor=officer, participant=p)
    p.refresh_from_db()
    assert p.checked_in_at is None
    response = client_of(officer).post(
        reverse("events:checkin_mark", args=[event.pk, p.pk]), {"q": "alice"}, follow=True
    )
    page = response.content.decode()
    assert '<li class="error">' in page and "baru bisa dicatat pada hari acara" in page
    p.refresh_from_db()
    assert p.checked_in_at is None
    on_the_day(event)
    services.participant_check_in(actor=officer, participant=p)
    p.refresh_from_db()
    assert p.checked_in_at is not None


def test_on_the_spot_registration_waits_for_the_day(officer, event):
    walk_in = make_business(officer, "Warung Terlalu Awal")
    with pytest.raises(ValidationError, match="Pendaftaran di tempat baru bisa pada hari acara"):
        services.participant_add(
            actor=officer, event=event, business=walk_in, how=RegisteredHow.ON_THE_SPOT
        )
    assert not event.participants.filter(business=walk_in).exists()


def test_outcomes_only_from_the_meeting_day(officer, alice, cast, event):
    _scheduled(officer, cast, event)
    m = Meeting.objects.get(seller=cast["alice"])
    with pytest.raises(ValidationError, match="baru bisa dicatat pada hari pertemuan"):
        services.outcome_record(
            actor=alice[0], meeting=m, side="seller", result="negosiasi", rating=4
        )
    assert not Outcome.objects.exists()
    on_the_day(event)
    m = Meeting.objects.get(pk=m.pk)
    services.outcome_record(actor=alice[0], meeting=m, side="seller", result="negosiasi", rating=4)
    # The day after still counts: outcomes are often written up later.
    services.outcome_record(
        actor=alice[0],
        meeting=m,
        side="seller",
        result="sepakat_bermitra",
        rating=5,
        today=event.date + dt.timedelta(days=2),
    )
    assert Outcome.objects.get().result == "sepakat_bermitra"


def test_no_show_only_on_the_day(officer, cast, event):
    _scheduled(officer, cast, event)
    with pytest.raises(ValidationError, match="hanya bisa ditandai pada hari acara"):
        services.participant_mark_no_show(actor=officer, participant=cast["bob"])
    assert not Meeting.objects.filter(status=MeetingStatus.CANCELLED).exists()
    on_the_day(event)
    with pytest.raises(ValidationError, match="hanya bisa ditandai pada hari acara"):
        services.participant_mark_no_show(
            actor=officer, participant=cast["bob"], today=event.date + dt.timedelta(days=1)
        )
    assert services.participant_mark_no_show(actor=officer, participant=cast["bob"]) == 1


def test_undo_no_show_brings_the_meetings_back(officer, cast, event):
    _scheduled(officer, cast, event)
    on_the_day(event)
    bob = cast["bob"]
    before = {(m.pk, m.slot, m.table, m.published) for m in Meeting.objects.filter(seller=bob)}
    assert services.participant_mark_no_show(actor=officer, participant=bob) == 1
    assert Meeting.objects.get(seller=bob).status == MeetingStatus.CANCELLED
    with pytest.raises(ValidationError, match="sudah ditandai tidak hadir"):
        services.participant_mark_no_show(actor=officer, participant=bob)
    assert services.participant_no_show_undo(actor=officer, participant=bob) == (1, 0)
    bob.refresh_from_db()
    assert not bob.no_show
    m = Meeting.objects.get(seller=bob)
    assert m.status == MeetingStatus.SCHEDULED and not m.cancelled_for_no_show
    assert {(m.pk, m.slot, m.table, m.published)} == before
    log = AuditLog.objects.get(action="event.no_show_undo", object_id=str(bob.pk))
    assert log.changes == {"no_show": [True, False], "meetings_restored": [0, 1]}
    with pytest.raises(ValidationError, match="tidak sedang ditandai tidak hadir"):
        services.participant_no_show_undo(actor=officer, participant=bob)


def test_undo_leaves_a_seat_already_given_to_someone_else(officer, cast, event):
    _scheduled(officer, cast, event)
    on_the_day(event)
    bob, carol = cast["bob"], cast["carol"]
    services.participant_mark_no_show(actor=officer, participant=bob)
    cancelled = Meeting.objects.get(seller=bob)
    # A re-run of the schedule gave Bob's seat at Carol's table to the next seller.
    Meeting.objects.create(
        event=event, seller=cast["s0"], buyer=carol, slot=cancelled.slot, table=cancelled.table
    )
    restored, kept = services.participant_no_show_undo(actor=officer, participant=bob)
    assert (restored, kept) == (0, 1)
    assert Meeting.objects.get(seller=bob).status == MeetingStatus.CANCELLED
    bob.refresh_from_db()
    assert not bob.no_show


# --- the pages ----------------------------------------------------------------------------------


def test_no_show_asks_first_and_can_be_undone_from_the_pages(client_of, officer, cast, event):
    _scheduled(officer, cast, event)
    c = client_of(officer)
    bob = cast["bob"]
    url = reverse("events:no_show", args=[event.pk, bob.pk])
    detail = reverse("events:detail", args=[event.pk])
    # Before the day: no button, and the confirmation page says why.
    assert url not in c.get(detail).content.decode()
    page = c.get(url).content.decode()
    assert "hanya bisa ditandai pada hari acara" in page and "Ya, tandai" not in page
    on_the_day(event)
    assert url in c.get(detail).content.decode()
    page = c.get(url).content.decode()
    assert "Ya, tandai tidak hadir" in page and "1 pertemuan peserta ini akan dibatalkan" in page
    bob.refresh_from_db()
    assert not bob.no_show  # asking changes nothing
    response = c.post(url, follow=True)
    page = response.content.decode()
    assert '<li class="success">' in page and "ditandai tidak hadir" in page
    undo = reverse("events:no_show_undo", args=[event.pk, bob.pk])
    assert undo in page
    bob.refresh_from_db()
    assert bob.no_show
    assert c.get(undo).status_code == 405
    page = c.post(undo, follow=True).content.decode()
    assert "1 pertemuan dikembalikan" in page
    bob.refresh_from_db()
    assert not bob.no_show
    assert Meeting.objects.get(seller=bob).status == MeetingStatus.SCHEDULED


def test_a_refused_no_show_is_an_error_not_a_success(client_of, officer, cast, event):
    _scheduled(officer, cast, event)
    response = client_of(officer).post(
        reverse("events:no_show", args=[event.pk, cast["bob"].pk]), follow=True
    )
    page = response.content.decode()
    assert '<li class="error">' in page and "hanya bisa ditandai pada hari acara" in page
    assert '<li class="success">' not in page


def test_the_demo_has_an_event_today_to_try_the_day_on(officer):
    from jalinmitra.businesses.services import business_verify

    for i in range(8):
        business_verify(actor=officer, business=make_business(officer, f"Mikro Demo {i}"))
    for i in range(2):
        business_verify(
            actor=officer,
            business=make_business(
                officer, f"Besar Demo {i}", large=True, nib=f"88888888888{i:02d}"
            ),
        )
    event = services.event_demo_today_create(actor=officer)
    assert event.date == timezone.localdate() and event.status == "published"
    assert event.participants.filter(checked_in_at__isnull=False).count() == 3
    absent = event.participants.get(no_show=True)
    assert Meeting.objects.filter(
        seller=absent, status=MeetingStatus.CANCELLED, cancelled_for_no_show=True
    ).exists()
    assert Meeting.objects.filter(event=event, status=MeetingStatus.SCHEDULED).count() >= 8
    assert services.event_demo_today_create(actor=officer).pk == event.pk
    # The undo works on it: the absent seller's meetings come back.
    restored, kept = services.participant_no_show_undo(actor=officer, participant=absent)
    assert restored >= 1 and kept == 0


def test_the_outcome_page_waits_for_the_day(client_of, officer, alice, cast, event):
    _scheduled(officer, cast, event)
    m = Meeting.objects.get(seller=cast["alice"])
    c = client_of(alice[0])
    outcome_url = reverse("events:outcome", args=[event.pk, m.pk])
    agenda_url = reverse("events:agenda", args=[event.pk, cast["alice"].pk])
    assert outcome_url not in c.get(agenda_url).content.decode()
    page = c.get(outcome_url).content.decode()
    assert "baru bisa dicatat pada hari pertemuan" in page and 'name="rating"' not in page
    response = c.post(outcome_url, {"pihak": "seller", "result": "negosiasi", "rating": 4})
    assert "baru bisa dicatat pada hari pertemuan" in response.content.decode()
    assert not Outcome.objects.exists()
    on_the_day(event)
    assert outcome_url in c.get(agenda_url).content.decode()
    assert 'name="rating"' in c.get(outcome_url).content.decode()


def test_the_admin_cannot_write_around_the_services(rf):
    from django.contrib import admin as django_admin

    request = rf.get("/")
    for model in (Event, Meeting, Outcome):
        model_admin = django_admin.site._registry[model]
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)

"""Events services: registration, requests, scheduling, late changes, outcomes."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from jalinmitra.core.models import AuditLog, Job
from jalinmitra.events import selectors, services
from jalinmitra.events.choices import (
    EventStatus,
    MeetingStatus,
    RegisteredHow,
    RequestStatus,
    Role,
    RunStatus,
)
from jalinmitra.events.models import Event, FollowUp, Meeting, MeetingRequest, slots_for
from jalinmitra.events.scheduling import validate_schedule
from jalinmitra.events.tests.conftest import make_business, on_the_day

pytestmark = pytest.mark.django_db


def test_slots_from_sessions_meeting_length_and_breaks():
    sessions = [{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": "15:00"}]
    assert len(slots_for(sessions, 20, 0)) == 15
    assert slots_for([{"start": "09:00", "end": "10:00"}], 20, 5) == ["09:00", "09:25"]
    demo = [{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": "15:20"}]
    assert len(slots_for(demo, 20, 0)) == 16


def test_event_create_checks_sessions(officer):
    with pytest.raises(ValidationError):
        services.event_create(
            actor=officer,
            data={
                "name": "X",
                "date": dt.date(2026, 12, 1),
                "venue": "A",
                "sessions": [{"start": "12:00", "end": "09:00"}],
            },
        )
    assert services.sessions_parse("9.00-12.00, 13:00–15:00") == [
        {"start": "09:00", "end": "12:00"},
        {"start": "13:00", "end": "15:00"},
    ]


def test_event_create_is_officer_only_and_audited(officer, alice, event):
    with pytest.raises(PermissionDenied):
        services.event_create(actor=alice[0], data={"name": "X"})
    assert AuditLog.objects.filter(action="event.create", object_id=str(event.pk)).exists()
    assert event.slots == ["09:00", "09:20", "09:40", "13:00", "13:20", "13:40"]


def test_role_follows_size_class(cast):
    assert cast["alice"].role == Role.SELLER
    assert cast["carol"].role == Role.BUYER and cast["carol"].tables == 2


def test_self_register_only_own_business_and_within_window(officer, event, alice, bob):
    user, business = alice
    with pytest.raises(PermissionDenied):
        services.participant_add(actor=user, event=event, business=bob[1], how=RegisteredHow.SELF)
    # The fixture businesses are not verified yet.
    with pytest.raises(ValidationError):
        services.participant_add(actor=user, event=event, business=business, how=RegisteredHow.SELF)
    business.status = "verified"
    business.save()
    p = services.participant_add(actor=user, event=event, business=business, how=RegisteredHow.SELF)
    assert p.registered_how == "self"
    with pytest.raises(ValidationError):
        services.participant_add(actor=user, event=event, business=business, how=RegisteredHow.SELF)
    event.registration_closes = timezone.now() - dt.timedelta(minutes=1)
    event.registration_opens = timezone.now() - dt.timedelta(days=2)
    event.save()
    business2 = bob[1]
    business2.status = "verified"
    business2.save()
    with pytest.raises(ValidationError, match="tidak dibuka"):
        services.participant_add(
            actor=bob[0], event=event, business=business2, how=RegisteredHow.SELF
        )


def test_on_the_spot_registration_checks_in(officer, event):
    on_the_day(event)
    b = make_business(officer, "Warung Datang Langsung")
    p = services.participant_add(
        actor=officer, event=event, business=b, how=RegisteredHow.ON_THE_SPOT
    )
    assert p.checked_in_at is not None


def test_request_rules(cast, alice, bob, carol):
    a, b, c, d = cast["alice"], cast["bob"], cast["carol"], cast["dina"]
    with pytest.raises(ValidationError, match="penjual"):
        services.meeting_request_create(actor=alice[0], from_participant=a, to_participant=b)
    with pytest.raises(PermissionDenied):
        services.meeting_request_create(actor=bob[0], from_participant=a, to_participant=c)
    r = services.meeting_request_create(
        actor=alice[0], from_participant=a, to_participant=c, reason="Keripik untuk oleh-oleh"
    )
    assert r.status == RequestStatus.PENDING
    with pytest.raises(ValidationError, match="Sudah ada"):
        services.meeting_request_create(actor=carol[0], from_participant=c, to_participant=a)
    with pytest.raises(PermissionDenied):
        services.meeting_request_accept(actor=alice[0], request=r)
    services.meeting_request_accept(actor=carol[0], request=r)
    r.refresh_from_db()
    assert r.status == RequestStatus.ACCEPTED
    with pytest.raises(ValidationError):
        services.meeting_request_decline(actor=carol[0], request=r)
    r2 = services.meeting_request_create(actor=alice[0], from_participant=a, to_participant=d)
    assert services.meeting_request_decline(actor=_officer(), request=r2).status == "declined"


def _officer():
    from jalinmitra.accounts.models import User

    return User.objects.get(username="petugas1")


def test_open_request_cap_and_expiry(officer, cast, carol):
    c = cast["carol"]
    for key in ("alice", "bob", "s0"):
        services.meeting_request_create(
            actor=carol[0], from_participant=c, to_participant=cast[key]
        )
    with pytest.raises(ValidationError, match="batas 3"):
        services.meeting_request_create(
            actor=carol[0], from_participant=c, to_participant=cast["s1"]
        )
    MeetingRequest.objects.filter(from_participant=c).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    # Expired requests block nobody: the next request expires them lazily and goes through.
    services.meeting_request_create(actor=carol[0], from_participant=c, to_participant=cast["s1"])
    assert MeetingRequest.objects.filter(status=RequestStatus.EXPIRED).count() == 3
    r = MeetingRequest.objects.get(to_participant=cast["s1"])
    r.expires_at = timezone.now() - dt.timedelta(seconds=1)
    r.save()
    call_command("expire_meeting_requests", verbosity=0)
    r.refresh_from_db()
    assert r.status == RequestStatus.EXPIRED
    with pytest.raises(ValidationError):
        services.meeting_request_accept(actor=officer, request=r)


def test_reminder_lists_participants_who_asked_nothing(
    officer, cast, alice, mailoutbox, after_commit_now
):
    alice[0].email = "alice@example.com"
    alice[0].save()
    services.meeting_request_create(
        actor=officer, from_participant=cast["bob"], to_participant=cast["carol"]
    )
    reminded = services.participants_remind(event=cast["alice"].event)
    names = {p.pk for p in reminded}
    assert cast["alice"].pk in names and cast["bob"].pk not in names
    assert any("alice@example.com" in m.to for m in mailoutbox)


def _accept(officer, seller, buyer):
    r = services.meeting_request_create(
        actor=officer, from_participant=seller, to_participant=buyer
    )
    return services.meeting_request_accept(actor=officer, request=r)


def _stored_is_valid(event, **kw):
    built = selectors.schedule_problem(event=event, **kw)
    stored = selectors.stored_schedule(event=event)
    assert validate_schedule(built.problem, stored) == []
    return stored


def test_schedule_build_solve_validate_publish(officer, cast, event):
    for s in ("alice", "bob", "s0", "s1"):
        _accept(officer, cast[s], cast["carol"])
    _accept(officer, cast["alice"], cast["dina"])
    services.must_meet_add(actor=officer, seller=cast["s2"], buyer=cast["dina"])
    built = selectors.schedule_problem(event=event)
    assert any(p.required for p in built.problem.pairs)
    run = services.schedule_run_create(actor=officer, event=event, background=False)
    assert run.status == RunStatus.DONE, run.message
    assert run.meetings == 6 and run.required_met == 1
    assert run.sellers_covered == 5 and run.max_sellers_coverable == 5
    assert run.table_use_percent == round(100 * 6 / (3 * 6), 1)
    assert run.job.status == Job.Status.DONE
    stored = _stored_is_valid(event)
    assert len(stored) == 6
    event.refresh_from_db()
    assert event.status == EventStatus.SCHEDULED
    assert services.schedule_publish(actor=officer, event=event) == 6
    assert Meeting.objects.filter(published=True).count() == 6


def test_lock_and_rerun_keeps_locked(officer, cast, event):
    for s in ("alice", "bob"):
        _accept(officer, cast[s], cast["carol"])
    services.schedule_run_create(actor=officer, event=event, background=False)
    m = Meeting.objects.get(seller=cast["alice"])
    services.meeting_lock_toggle(actor=officer, meeting=m)
    # Alice can now only come at 13:00; the locked meeting must stay where it is anyway.
    _accept(officer, cast["s0"], cast["carol"])
    run = services.schedule_run_create(actor=officer, event=event, background=False)
    assert run.status == RunStatus.DONE, run.message
    kept = Meeting.objects.get(pk=m.pk)
    assert (kept.slot, kept.table, kept.locked) == (m.slot, m.table, True)
    assert Meeting.objects.count() == 3
    _stored_is_valid(event)


def test_no_show_frees_slots_and_walk_in_is_scheduled_without_moving_published(
    officer, cast, event
):
    for s in ("alice", "bob", "s0"):
        _accept(officer, cast[s], cast["carol"])
    services.schedule_run_create(actor=officer, event=event, background=False)
    services.schedule_publish(actor=officer, event=event)
    before = {m.pk: (m.seller_id, m.slot, m.table) for m in Meeting.objects.all()}
    on_the_day(event)
    cancelled = services.participant_mark_no_show(actor=officer, participant=cast["bob"])
    assert cancelled == 1
    walk_in = services.participant_add(
        actor=officer,
        event=event,
        business=make_business(officer, "Warung Pendatang"),
        how=RegisteredHow.ON_THE_SPOT,
    )
    services.meeting_wish_add(actor=officer, seller=walk_in, buyer=cast["carol"])
    run = services.schedule_run_create(actor=officer, event=event, background=False)
    assert run.status == RunStatus.DONE, run.message
    for pk, where in before.items():
        m = Meeting.objects.get(pk=pk)
        if m.seller_id == cast["bob"].pk:
            assert m.status == MeetingStatus.CANCELLED
        else:
            assert (m.seller_id, m.slot, m.table) == where and m.published
    new = Meeting.objects.get(seller=walk_in)
    assert not new.published
    _stored_is_valid(event)


def test_rerun_may_move_published_when_allowed(officer, cast, event):
    _accept(officer, cast["alice"], cast["carol"])
    services.schedule_run_create(actor=officer, event=event, background=False)
    services.schedule_publish(actor=officer, event=event)
    built = selectors.schedule_problem(event=event, allow_move_published=True)
    assert built.problem.locked == ()
    built = selectors.schedule_problem(event=event)
    assert len(built.problem.locked) == 1


# The real worker closes its database connection when done, so these tests commit for real
# (and restore the reference data afterwards) instead of running inside a rolled-back transaction.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_schedule_in_the_background_worker(officer, cast, event):
    _accept(officer, cast["alice"], cast["carol"])
    run = services.schedule_run_create(actor=officer, event=event, background=True)
    assert run.status == RunStatus.QUEUED and run.job.task_result_id
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert run.job.status == Job.Status.DONE and run.job.result["url"].endswith("/jadwal/")
    assert Meeting.objects.filter(event=event).count() == 1


def test_outcome_and_followups(officer, cast, event, alice, carol):
    on_the_day(event)
    _accept(officer, cast["alice"], cast["carol"])
    services.schedule_run_create(actor=officer, event=event, background=False)
    m = Meeting.objects.get()
    with pytest.raises(ValidationError):
        services.outcome_record(
            actor=alice[0], meeting=m, side=Role.SELLER, result="negosiasi", rating=4
        )
    services.schedule_publish(actor=officer, event=event)
    m.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.outcome_record(
            actor=alice[0], meeting=m, side=Role.BUYER, result="negosiasi", rating=4
        )
    services.outcome_record(
        actor=alice[0], meeting=m, side=Role.SELLER, result="negosiasi", rating=4
    )
    services.outcome_record(
        actor=carol[0], meeting=m, side=Role.BUYER, result="sepakat_bermitra", rating=5
    )
    m.refresh_from_db()
    assert m.status == MeetingStatus.HELD
    report = selectors.event_report(event=event)
    counts = {v: n for v, _, n in report.outcome_counts}
    assert counts["negosiasi"] == 1 and counts["sepakat_bermitra"] == 1
    assert report.rating_avg == 4.5 and report.sellers_met == 1
    later = event.date + dt.timedelta(days=100)
    assert services.followups_create(today=later) == 2
    assert services.followups_create(today=later) == 0
    assert services.followups_create(today=event.date + dt.timedelta(days=200)) == 2
    f = FollowUp.objects.filter(participant=cast["alice"]).first()
    services.followup_answer(actor=alice[0], followup=f, answers={"masih_berhubungan": True})
    with pytest.raises(PermissionDenied):
        services.followup_answer(actor=carol[0], followup=f, answers={})


def test_request_from_invitation(officer, event, alice, carol):
    from jalinmitra.businesses.services import need_create, offer_create
    from jalinmitra.matching.services import meeting_invitation_create

    need = need_create(actor=officer, business=carol[1], data={"title": "Pasokan keripik"})
    offer = offer_create(actor=officer, business=alice[1], data={"title": "Keripik pisang"})
    invitation = meeting_invitation_create(
        actor=carol[0], need=need, offer=offer, message="Mari bertemu"
    )
    r = services.meeting_request_from_invitation(actor=carol[0], invitation=invitation, event=event)
    assert r.from_participant.business == carol[1] and r.to_participant.business == alice[1]
    assert r.invitation == invitation and r.status == RequestStatus.PENDING


def test_demo_event_is_idempotent(officer):
    from jalinmitra.businesses.models import Business

    for i in range(12):
        make_business(officer, f"Mikro {i}")
    for i in range(3):
        make_business(officer, f"Besar {i}", large=True, nib=f"77777777777{i:02d}")
    event = services.event_demo_create(actor=officer)
    assert len(event.slots) == 16
    assert event.status == EventStatus.PUBLISHED
    assert event.participants.filter(role=Role.SELLER).count() == 12
    assert Meeting.objects.filter(event=event, published=True).exists()
    assert services.event_demo_create(actor=officer).pk == event.pk
    assert Event.objects.count() == 1
    _stored_is_valid(event)
    assert Business.objects.count() == 15

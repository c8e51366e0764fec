"""Agreements drafted from an event's meetings, signed together at the event's ceremony."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from jalinmitra.agreements import services
from jalinmitra.agreements.choices import Status
from jalinmitra.agreements.models import Agreement
from jalinmitra.agreements.tasks import agreement_pdfs_job_run
from jalinmitra.agreements.tests.conftest import clauses
from jalinmitra.core.models import AuditLog, Job
from jalinmitra.events import services as event_services
from jalinmitra.events.choices import RegisteredHow
from jalinmitra.events.models import Meeting


@pytest.fixture
def event(officer):
    """Held yesterday: created for today (no new event lies in the past), then moved back."""
    event = event_services.event_create(
        actor=officer,
        data={
            "name": "Temu Usaha Perjanjian",
            "date": timezone.localdate(),
            "venue": "Aula Kota",
            "sessions": [{"start": "09:00", "end": "10:00"}],
            "meeting_minutes": 20,
            "break_minutes": 0,
            "max_meetings_per_participant": 4,
            "request_expiry_hours": 24,
            "max_open_requests": 3,
        },
    )
    type(event).objects.filter(pk=event.pk).update(date=timezone.localdate() - dt.timedelta(days=1))
    event.refresh_from_db()
    return event


def _meeting(officer, event, small, large, slot="09:00"):
    participants = {}
    for business in (small, large):
        participants[business.pk] = event.participants.filter(
            business=business
        ).first() or event_services.participant_add(
            actor=officer, event=event, business=business, how=RegisteredHow.INVITED
        )
    return Meeting.objects.create(
        event=event,
        seller=participants[small.pk],
        buyer=participants[large.pk],
        slot=slot,
        table=1,
        published=True,
    )


def _ready_from_meeting(officer, meeting, small_user, large_user) -> Agreement:
    """Drafted from the meeting, both declarations made, submitted and approved."""
    a = services.agreement_create(
        actor=small_user,
        small_party=meeting.seller.business,
        large_party=meeting.buyer.business,
        data=clauses(no_control_declared_large=False),
        origin_meeting=meeting,
    )
    services.agreement_update(
        actor=large_user, agreement=a, data={"no_control_declared_large": True}
    )
    services.agreement_submit(actor=small_user, agreement=a)
    return services.agreement_approve(actor=officer, agreement=a, notes="")


@pytest.fixture
def meeting(officer, event, verified):
    (_, small), (_, large) = verified
    return _meeting(officer, event, small, large)


@pytest.fixture
def on_table(officer, meeting, verified):
    (alice_user, _), (carol_user, _) = verified
    return _ready_from_meeting(officer, meeting, alice_user, carol_user)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


# --- origin from a meeting --------------------------------------------------------------------


def test_create_from_meeting_records_origin(on_table, meeting):
    assert on_table.origin_meeting == meeting
    assert "Temu Usaha Perjanjian" in on_table.origin_text
    assert list(meeting.agreements.all()) == [on_table]


def test_create_from_meeting_of_other_parties_refused(officer, event, verified, bob):
    (alice_user, alice_biz), (_, carol_biz) = verified
    other = _meeting(officer, event, bob[1], carol_biz)
    with pytest.raises(ValidationError, match="bukan antara kedua usaha"):
        services.agreement_create(
            actor=alice_user,
            small_party=alice_biz,
            large_party=carol_biz,
            data=clauses(),
            origin_meeting=other,
        )


def test_create_form_prefilled_from_meeting(client, verified, meeting):
    (_, small), (carol_user, large) = verified
    client.force_login(carol_user)
    body = client.get(reverse("agreements:create"), {"pertemuan": meeting.pk}).content.decode()
    assert f'name="origin_meeting" value="{meeting.pk}"' in body
    assert f'<option value="{small.pk}" selected>' in body
    assert f'<option value="{large.pk}" selected>' in body
    r = client.post(
        reverse("agreements:create"),
        {
            "small_party": small.pk,
            "large_party": large.pk,
            "pattern": "perdagangan_umum",
            "origin_meeting": meeting.pk,
            "start_date": "2026-12-01",
            "end_date": "2027-12-01",
            "payment_term_days": "14",
            "estimated_value": "1000",
            "no_control_declared_large": "on",
        },
    )
    assert r.status_code == 302
    assert Agreement.objects.get().origin_meeting == meeting


def test_event_report_lists_agreements_from_its_meetings(client, officer, event, on_table):
    # Made before the event's day: the loose pair rule alone would not count it.
    Agreement.objects.filter(pk=on_table.pk).update(
        created_at=timezone.now() - dt.timedelta(days=30)
    )
    client.force_login(officer)
    body = client.get(reverse("events:report", args=[event.pk])).content.decode()
    assert reverse("agreements:detail", args=[on_table.pk]) in body
    assert reverse("agreements:ceremony", args=[event.pk]) in body


def test_agenda_offers_agreement_after_sepakat_bermitra(client, officer, meeting, verified):
    (alice_user, _), _ = verified
    client.force_login(alice_user)
    url = reverse("events:agenda", args=[meeting.event_id, meeting.seller_id])
    link = f"{reverse('agreements:create')}?pertemuan={meeting.pk}"
    assert link not in client.get(url).content.decode()
    event_services.outcome_record(
        actor=alice_user, meeting=meeting, side="seller", result="sepakat_bermitra", rating=5
    )
    assert client.get(url).content.decode().count(link) == 1


# --- signing in person ------------------------------------------------------------------------


def test_sign_in_ceremony_by_officer(officer, event, on_table):
    services.agreement_sign_in_ceremony(
        actor=officer, agreement=on_table, party="small", event=event
    )
    a = services.agreement_sign_in_ceremony(
        actor=officer, agreement=on_table, party="large", event=event
    )
    assert a.status == Status.SIGNED
    assert a.signed_small_in_person and a.signed_large_in_person and a.signed_in_person
    assert not a.wet_ink and not a.signed_pdf
    logs = AuditLog.objects.filter(action="agreement.sign_in_person", object_id=str(a.pk))
    assert logs.count() == 2
    assert logs.first().changes["signed_in_person"] == [False, True]
    with pytest.raises(ValidationError, match="sudah menandatangani"):
        services.agreement_sign_in_ceremony(actor=officer, agreement=a, party="small", event=event)


def test_sign_in_ceremony_refused_to_business_and_other_event(officer, event, on_table, verified):
    (alice_user, _), _ = verified
    with pytest.raises(PermissionDenied, match="Hanya petugas yang dapat memimpin"):
        services.agreement_sign_in_ceremony(
            actor=alice_user, agreement=on_table, party="small", event=event
        )
    other = event_services.event_create(
        actor=officer,
        data={
            "name": "Acara Lain",
            "date": event.date,
            "venue": "Aula",
            "sessions": [{"start": "09:00", "end": "10:00"}],
        },
        today=event.date,
    )
    with pytest.raises(ValidationError, match="tidak berasal"):
        services.agreement_sign_in_ceremony(
            actor=officer, agreement=on_table, party="small", event=other
        )
    on_table.refresh_from_db()
    assert on_table.signed_small_at is None


def test_sign_in_ceremony_needs_approval(officer, event, meeting, verified):
    (alice_user, small), (_, large) = verified
    draft = services.agreement_create(
        actor=officer, small_party=small, large_party=large, data=clauses(), origin_meeting=meeting
    )
    with pytest.raises(ValidationError, match="belum siap"):
        services.agreement_sign_in_ceremony(
            actor=officer, agreement=draft, party="small", event=event
        )


# --- witnessing the batch ---------------------------------------------------------------------


@pytest.fixture
def two_signed(officer, event, on_table, bob, verified, media):
    from jalinmitra.businesses.services import business_verify

    _, (carol_user, carol_biz) = verified
    business_verify(actor=officer, business=bob[1])
    second = _ready_from_meeting(
        officer, _meeting(officer, event, bob[1], carol_biz, slot="09:20"), bob[0], carol_user
    )
    for a in (on_table, second):
        for party in ("small", "large"):
            services.agreement_sign_in_ceremony(
                actor=officer, agreement=a, party=party, event=event
            )
    return [on_table, second]


def test_witness_batch_activates_all_and_queues_pdfs(officer, event, two_signed, media, witnesses):
    with pytest.raises(ValidationError, match="Pilih pejabat"):
        services.ceremony_witness_batch(actor=officer, event=event, witnesses=[])
    job = services.ceremony_witness_batch(actor=officer, event=event, witnesses=witnesses)
    for a in two_signed:
        a.refresh_from_db()
        assert a.status == Status.ACTIVE and a.witnessed_by == officer
        assert list(a.witness_officials.all()) == witnesses
        assert not a.signed_pdf  # rendered in the background
    assert job.kind == "agreement_pdfs" and job.total == 2 and job.task_result_id
    assert AuditLog.objects.filter(action="agreement.ceremony_witness").count() == 1
    with pytest.raises(ValidationError, match="Belum ada perjanjian"):
        services.ceremony_witness_batch(actor=officer, event=event, witnesses=witnesses)

    job = agreement_pdfs_job_run(job.pk)  # what the worker does, run here directly
    assert job.status == Job.Status.DONE and job.done == 2
    for a in two_signed:
        a.refresh_from_db()
        assert a.signed_pdf and len(a.signed_sha256) == 64
    with zipfile.ZipFile(media / job.result["zip"]) as archive:
        names = archive.namelist()
        assert len(names) == 2
        assert all(archive.read(n).startswith(b"%PDF-") for n in names)


def test_witness_batch_refused_to_business_user(event, two_signed, verified, witnesses):
    (alice_user, _), _ = verified
    with pytest.raises(PermissionDenied, match="Hanya petugas yang dapat memimpin"):
        services.ceremony_witness_batch(actor=alice_user, event=event, witnesses=witnesses)
    assert not Agreement.objects.filter(status=Status.ACTIVE).exists()


# --- pages ------------------------------------------------------------------------------------


def test_ceremony_page_for_officer(client, officer, event, on_table):
    client.force_login(officer)
    r = client.get(reverse("agreements:ceremony", args=[event.pk]))
    assert r.status_code == 200
    body = r.content.decode()
    assert on_table.number in body
    assert reverse("agreements:ceremony_sign", args=[event.pk, on_table.pk, "small"]) in body


def test_ceremony_pages_forbidden_to_business_user(client, event, on_table, verified):
    (alice_user, _), _ = verified
    client.force_login(alice_user)
    urls = [
        ("get", reverse("agreements:ceremony", args=[event.pk])),
        ("post", reverse("agreements:ceremony_sign", args=[event.pk, on_table.pk, "small"])),
        ("post", reverse("agreements:ceremony_witness", args=[event.pk])),
        ("post", reverse("agreements:ceremony_print", args=[event.pk])),
    ]
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 403
    on_table.refresh_from_db()
    assert on_table.signed_small_at is None


def test_ceremony_wrong_methods(client, officer, event, on_table):
    client.force_login(officer)
    assert client.post(reverse("agreements:ceremony", args=[event.pk])).status_code == 405
    for url in [
        reverse("agreements:ceremony_sign", args=[event.pk, on_table.pk, "small"]),
        reverse("agreements:ceremony_witness", args=[event.pk]),
        reverse("agreements:ceremony_print", args=[event.pk]),
    ]:
        assert client.get(url).status_code == 405


def test_ceremony_sign_and_witness_via_views(client, officer, event, on_table, media, witnesses):
    client.force_login(officer)
    page = reverse("agreements:ceremony", args=[event.pk])
    for party in ("small", "large"):
        r = client.post(reverse("agreements:ceremony_sign", args=[event.pk, on_table.pk, party]))
        assert r.status_code == 302 and r.url == page
    body = client.get(page).content.decode()
    assert witnesses[0].name in body  # the officials to tick
    # Nobody ticked: nothing is witnessed.
    r = client.post(reverse("agreements:ceremony_witness", args=[event.pk]), follow=True)
    assert "Pilih pejabat" in r.content.decode()
    on_table.refresh_from_db()
    assert on_table.status == Status.SIGNED
    chosen = {"witnesses": [witnesses[1].pk]}
    r = client.post(reverse("agreements:ceremony_witness", args=[event.pk]), chosen)
    job = Job.objects.get(kind="agreement_pdfs")
    assert r.url == reverse("core:job", args=[job.pk])
    on_table.refresh_from_db()
    assert on_table.status == Status.ACTIVE
    assert list(on_table.witness_officials.all()) == [witnesses[1]]
    r = client.post(reverse("agreements:ceremony_witness", args=[event.pk]), chosen, follow=True)
    assert "Belum ada perjanjian" in r.content.decode()


def test_zip_served_to_officers_only(client, officer, event, on_table, verified, media):
    job = services.agreement_pdfs_job_start(actor=officer, agreements=[on_table], title="Uji")
    url = reverse("agreements:job_zip", args=[job.pk])
    client.force_login(officer)
    assert client.get(url).status_code == 404  # not rendered yet
    agreement_pdfs_job_run(job.pk)
    r = client.get(url)
    assert r.status_code == 200 and r["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(r.streaming_content)))
    assert len(archive.namelist()) == 1
    on_table.refresh_from_db()
    assert not on_table.signed_pdf  # a working copy only: not witnessed yet
    assert client.post(url).status_code == 405
    client.force_login(verified[0][0])
    assert client.get(url).status_code == 403


# --- in the real background worker ------------------------------------------------------------


# The real worker closes its database connection when done, so this test commits for real
# (and restores the reference data afterwards) instead of running inside a rolled-back
# transaction.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_print_all_in_the_worker_with_progress(client, officer, event, on_table, media):
    client.force_login(officer)
    r = client.post(reverse("agreements:ceremony_print", args=[event.pk]))
    job = Job.objects.get(kind="agreement_pdfs")
    assert r.url == reverse("core:job", args=[job.pk])
    assert job.status == Job.Status.QUEUED
    page = client.get(r.url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-get" in page  # the progress bar keeps polling

    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)

    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.done == job.total == 1
    page = client.get(r.url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-get" not in page
    assert reverse("agreements:job_zip", args=[job.pk]) in page
    assert client.get(reverse("agreements:job_zip", args=[job.pk])).status_code == 200

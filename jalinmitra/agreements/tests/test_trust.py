"""Issue 8 (Trust): no party ends an agreement alone; separation of duties; witnesses by name;
credit to the right event; a document that tells the truth; the bank role; files and ids
only for those who may see them; no lost updates; limits and worded constraints."""

import datetime as dt
import io
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from jalinmitra.agreements import services
from jalinmitra.agreements.choices import Status
from jalinmitra.agreements.models import CLAUSE_MAX, Agreement
from jalinmitra.agreements.tests.conftest import clauses
from jalinmitra.core.models import AuditLog


def _actions(agreement) -> list[str]:
    return list(
        AuditLog.objects.filter(
            object_type="agreements.agreement", object_id=str(agreement.pk)
        ).values_list("action", flat=True)
    )


@pytest.fixture
def active(witnessed, officer):
    return services.agreement_activate(actor=officer, agreement=witnessed)


# --- 1. no party ends a contract alone --------------------------------------------------------


def test_one_sided_complete_only_records_a_request(active, alice, client):
    a = services.agreement_complete(actor=alice[0], agreement=active, reason="Pesanan tuntas.")
    a.refresh_from_db()
    assert a.status == Status.ACTIVE
    assert a.end_proposal == "complete" and a.end_proposal_party == "small"
    assert a.end_proposal_by == alice[0] and a.end_proposal_at
    assert a.end_proposal_reason == "Pesanan tuntas." and a.ended_at is None
    assert "agreement.end_propose" in _actions(a)
    # The public page still shows the agreement running.
    body = client.get(f"/v/{a.code}").content.decode()
    assert 'class="badge active"' in body and 'class="badge completed"' not in body


def test_the_same_party_cannot_confirm_its_own_request(active, alice):
    services.agreement_complete(actor=alice[0], agreement=active)
    with pytest.raises(ValidationError, match="menunggu konfirmasi"):
        services.agreement_complete(actor=alice[0], agreement=active)
    active.refresh_from_db()
    assert active.status == Status.ACTIVE


def test_two_sided_complete_works(active, alice, carol, client):
    services.agreement_complete(actor=carol[0], agreement=active, reason="Kontrak tuntas.")
    a = services.agreement_complete(actor=alice[0], agreement=active)
    a.refresh_from_db()
    assert a.status == Status.COMPLETED and a.ended_at and a.ended_by == alice[0]
    assert a.end_proposal == "" and a.end_reason == "Kontrak tuntas."
    log = AuditLog.objects.get(action="agreement.complete", object_id=str(a.pk))
    assert log.changes["decided_by"] == [None, "both"]
    assert log.changes["proposal_party"] == [None, "large"]
    assert 'class="badge completed"' in client.get(f"/v/{a.code}").content.decode()


def test_a_request_of_the_other_kind_must_be_answered_first(active, alice, carol):
    services.agreement_terminate(actor=carol[0], agreement=active, reason="Gudang tutup.")
    with pytest.raises(ValidationError, match="Konfirmasi atau tolak"):
        services.agreement_complete(actor=alice[0], agreement=active)


def test_other_party_declines_and_the_agreement_runs_on(active, alice, carol):
    services.agreement_terminate(actor=carol[0], agreement=active, reason="Gudang tutup.")
    a = services.agreement_end_decline(actor=alice[0], agreement=active)
    assert a.status == Status.ACTIVE and a.end_proposal == ""
    assert "agreement.end_decline" in _actions(a)
    with pytest.raises(ValidationError, match="Tidak ada usulan"):
        services.agreement_end_decline(actor=alice[0], agreement=a)


def test_outsider_may_not_end_or_decline(active, alice, bob):
    with pytest.raises(PermissionDenied):
        services.agreement_complete(actor=bob[0], agreement=active)
    services.agreement_complete(actor=alice[0], agreement=active)
    with pytest.raises(PermissionDenied):
        services.agreement_end_decline(actor=bob[0], agreement=active)


def test_officer_decides_only_with_a_reason(active, officer):
    with pytest.raises(ValidationError) as e:
        services.agreement_complete(actor=officer, agreement=active, reason="  ")
    assert "alasan" in str(e.value)
    active.refresh_from_db()
    assert active.status == Status.ACTIVE
    a = services.agreement_terminate(
        actor=officer, agreement=active, reason="Putusan mediasi 3 Desember 2026."
    )
    assert a.status == Status.TERMINATED and a.end_reason == "Putusan mediasi 3 Desember 2026."
    log = AuditLog.objects.get(action="agreement.terminate", object_id=str(a.pk))
    assert log.changes["decided_by"] == [None, "officer"]


def test_officer_who_is_a_member_acts_as_a_party(active, officer):
    from jalinmitra.accounts.services import membership_add

    membership_add(actor=officer, user=officer, business=active.small_party)
    a = services.agreement_complete(actor=officer, agreement=active, reason="x")
    assert a.status == Status.ACTIVE and a.end_proposal_party == "small"


def test_end_reason_has_a_limit(active, officer):
    with pytest.raises(ValidationError, match="paling panjang"):
        services.agreement_terminate(actor=officer, agreement=active, reason="x" * 2001)


def test_review_notes_have_a_limit(agreement, alice, officer2):
    services.agreement_submit(actor=alice[0], agreement=agreement)
    with pytest.raises(ValidationError, match="paling panjang"):
        services.agreement_return(actor=officer2, agreement=agreement, notes="x" * 2001)
    agreement.refresh_from_db()
    assert agreement.status == Status.SUBMITTED


def test_selesai_button_leads_to_a_confirmation_page(client, active, alice, carol):
    client.force_login(alice[0])
    detail = client.get(reverse("agreements:detail", args=[active.pk])).content.decode()
    url = reverse("agreements:end", args=[active.pk, "complete"])
    assert url in detail
    # The old one-click POST no longer ends anything.
    r = client.post(reverse("agreements:transition", args=[active.pk, "complete"]))
    assert r.status_code == 302 and r.url == url
    page = client.get(url).content.decode()
    assert "belum" in page and carol[1].name in page
    # Without ticking the confirmation box nothing happens.
    client.post(url, {"reason": ""})
    active.refresh_from_db()
    assert active.end_proposal == ""
    r = client.post(url, {"reason": "", "confirm": "on"}, follow=True)
    active.refresh_from_db()
    assert active.status == Status.ACTIVE and active.end_proposal == "complete"
    body = r.content.decode()
    assert re.search(r'<li class="warning">[^<]*BELUM', body)
    # The other party confirms on the same kind of page: now it is completed.
    client.force_login(carol[0])
    detail = client.get(reverse("agreements:detail", args=[active.pk])).content.decode()
    assert "usulan-pengakhiran" in detail and url in detail
    assert "tidak dapat dibatalkan" in client.get(url).content.decode()
    client.post(url, {"confirm": "on"})
    active.refresh_from_db()
    assert active.status == Status.COMPLETED


def test_officer_confirmation_page_requires_reason(client, active, officer):
    client.force_login(officer)
    url = reverse("agreements:end", args=[active.pk, "terminate"])
    r = client.post(url, {"confirm": "on", "reason": ""})
    assert r.status_code == 200 and "Tuliskan alasannya" in r.content.decode()
    active.refresh_from_db()
    assert active.status == Status.ACTIVE


def test_end_page_refused_to_outsider(client, active, bob):
    client.force_login(bob[0])
    url = reverse("agreements:end", args=[active.pk, "complete"])
    assert client.get(url).status_code == 403
    assert client.post(url, {"confirm": "on"}).status_code == 403


# --- 2. separation of duties ----------------------------------------------------------------


def test_officer_who_drafted_cannot_approve(verified, officer, officer2):
    (_, small), (_, large) = verified
    a = services.agreement_create(
        actor=officer, small_party=small, large_party=large, data=clauses()
    )
    services.agreement_submit(actor=officer2, agreement=a)
    with pytest.raises(PermissionDenied, match="petugas lain"):
        services.agreement_approve(actor=officer, agreement=a)
    with pytest.raises(PermissionDenied, match="petugas lain"):
        services.agreement_approve(actor=officer2, agreement=a)  # submitted it
    assert a.status == Status.SUBMITTED and a.submitted_by == officer2


def test_another_officer_approves(verified, officer, officer2):
    (_, small), (_, large) = verified
    a = services.agreement_create(
        actor=officer, small_party=small, large_party=large, data=clauses()
    )
    services.agreement_submit(actor=officer, agreement=a)
    services.agreement_approve(actor=officer2, agreement=a)
    assert a.status == Status.READY and a.approved_by == officer2


def test_approve_button_hidden_and_refused_in_words_for_the_drafter(
    client, verified, officer, officer2
):
    (_, small), (_, large) = verified
    a = services.agreement_create(
        actor=officer, small_party=small, large_party=large, data=clauses()
    )
    services.agreement_submit(actor=officer, agreement=a)
    client.force_login(officer)
    approve = reverse("agreements:transition", args=[a.pk, "approve"])
    assert approve not in client.get(reverse("agreements:detail", args=[a.pk])).content.decode()
    r = client.post(approve)
    # Who may act: the 403 page, saying why.
    assert r.status_code == 403 and "Minta petugas lain" in r.content.decode()
    a.refresh_from_db()
    assert a.status == Status.SUBMITTED
    client.force_login(officer2)
    assert approve in client.get(reverse("agreements:detail", args=[a.pk])).content.decode()


def test_witnessing_records_the_officials_and_the_recorder(signed, officer, witnesses, client):
    from pypdf import PdfReader

    with pytest.raises(ValidationError, match="Pilih pejabat"):
        services.agreement_witness(actor=officer, agreement=signed, witnesses=[])
    from jalinmitra.core.models import Official

    not_a_witness = Official.objects.get(is_witness=False)
    with pytest.raises(ValidationError, match="pejabat saksi"):
        services.agreement_witness(actor=officer, agreement=signed, witnesses=[not_a_witness])
    signed.refresh_from_db()
    assert signed.status == Status.SIGNED
    a = services.agreement_witness(actor=officer, agreement=signed, witnesses=[witnesses[1]])
    assert list(a.witness_officials.all()) == [witnesses[1]] and a.witnessed_by == officer
    log = AuditLog.objects.get(action="agreement.witness", object_id=str(a.pk))
    assert witnesses[1].name in log.changes["witnesses"][1][0]
    with a.signed_pdf.open("rb") as f:
        text = " ".join(p.extract_text() for p in PdfReader(f).pages)
    text = re.sub(r"\s+", " ", text)
    assert witnesses[1].name in text and witnesses[0].name not in text
    assert officer.display_name in text  # who recorded it
    public = client.get(f"/v/{a.code}").content.decode()
    assert witnesses[1].name in public


# --- 4. credit where it happened ------------------------------------------------------------


def test_event_report_lists_only_agreements_from_the_event(verified, officer, officer2, bob):
    from jalinmitra.businesses.models import Need, Offer
    from jalinmitra.events import services as event_services
    from jalinmitra.events.choices import RegisteredHow
    from jalinmitra.events.models import Event, Meeting, MeetingRequest
    from jalinmitra.events.selectors import agreements_from
    from jalinmitra.matching.models import MeetingInvitation

    (alice_user, small), (carol_user, large) = verified
    # An agreement made before the event from an "ajak bertemu", between two businesses that
    # then meet there, the invitation having become one of the event's requests.
    offer = Offer.objects.create(business=small, title="Keripik pisang cokelat")
    need = Need.objects.create(business=large, title="Camilan oleh-oleh")
    invitation = MeetingInvitation.objects.create(need=need, offer=offer, created_by=carol_user)
    before = services.agreement_create(
        actor=alice_user,
        small_party=small,
        large_party=large,
        data=clauses(no_control_declared_large=False),
        origin_invitation=invitation,
    )
    Agreement.objects.filter(pk=before.pk).update(created_at=timezone.now() - dt.timedelta(days=30))
    event = event_services.event_create(
        actor=officer,
        data={
            "name": "Temu Usaha Desember",
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
    Event.objects.filter(pk=event.pk).update(date=timezone.localdate() - dt.timedelta(days=7))
    event.refresh_from_db()
    seller = event_services.participant_add(
        actor=officer, event=event, business=small, how=RegisteredHow.INVITED
    )
    buyer = event_services.participant_add(
        actor=officer, event=event, business=large, how=RegisteredHow.INVITED
    )
    MeetingRequest.objects.create(
        event=event,
        from_participant=buyer,
        to_participant=seller,
        invitation=invitation,
        status="accepted",
        expires_at=timezone.now() + dt.timedelta(days=1),
    )
    meeting = Meeting.objects.create(
        event=event, seller=seller, buyer=buyer, slot="09:00", table=1, published=True
    )
    from_meeting = services.agreement_create(
        actor=alice_user,
        small_party=small,
        large_party=large,
        data=clauses(no_control_declared_large=False),
        origin_meeting=meeting,
    )
    listed = agreements_from(event)
    assert from_meeting in listed
    assert before not in listed


# --- 5. the document tells the truth ----------------------------------------------------------


def test_blank_subject_filled_from_template_fails_pasal_34(verified):
    (alice_user, small), (_, large) = verified
    a = services.agreement_create(
        actor=alice_user,
        small_party=small,
        large_party=large,
        data=clauses(subject="", no_control_declared_large=False),
    )
    a = services.agreement_update(
        actor=verified[1][0], agreement=a, data={"no_control_declared_large": True}
    )
    assert "..." in a.subject  # the template's blank
    failed = {c.code for c in services.agreement_checks(a) if not c.ok}
    assert "kegiatan_usaha" in failed
    with pytest.raises(ValidationError, match="kegiatan usaha"):
        services.agreement_submit(actor=alice_user, agreement=a)


@override_settings(SITE_URL="https://jalinmitra.metrokota.go.id")
def test_pdf_links_use_site_url_and_qr_stays_with_the_signatures(witnessed):
    from pypdf import PdfReader

    from jalinmitra.agreements.pdf import agreement_pdf

    reader = PdfReader(io.BytesIO(agreement_pdf(witnessed)))
    text = [re.sub(r"\s+", " ", p.extract_text()) for p in reader.pages]
    assert f"https://jalinmitra.metrokota.go.id/v/{witnessed.code}" in " ".join(text)
    assert "127.0.0.1" not in " ".join(text)
    last = text[-1]
    # The QR code's note shares its page with the signatures and the witnesses.
    assert "Keaslian dokumen" in last and "PIHAK PERTAMA" in last and "Saksi-saksi" in last


def test_make_run_serves_site_url_at_its_port():
    from pathlib import Path

    makefile = (Path(__file__).resolve().parents[3] / "Makefile").read_text()
    assert "run: export SITE_URL ?= http://127.0.0.1:$(PORT)" in makefile


# --- 9. the bank role ---------------------------------------------------------------------------


def test_bank_sees_no_new_agreement_form(client, bank_user, verified):
    (_, small), (_, large) = verified
    client.force_login(bank_user)
    assert client.get(reverse("agreements:create")).status_code == 403
    assert client.post(reverse("agreements:create"), {}).status_code == 403
    listing = client.get(reverse("agreements:list")).content.decode()
    assert reverse("agreements:create") not in listing
    with pytest.raises(PermissionDenied, match="Peran Anda"):
        services.agreement_create(
            actor=bank_user, small_party=small, large_party=large, data=clauses()
        )
    assert not Agreement.objects.exists()


def test_owner_and_officer_still_see_the_new_agreement_link(client, alice, officer):
    for user in (alice[0], officer):
        client.force_login(user)
        body = client.get(reverse("agreements:list")).content.decode()
        assert reverse("agreements:create") in body


# --- 13. files only for those who may see them ----------------------------------------------


@pytest.mark.parametrize("debug", [True, False])
def test_agreement_files_only_for_parties_and_officers(
    client, witnessed, alice, carol, bob, officer, settings, debug
):
    settings.DEBUG = debug
    url = witnessed.signed_pdf.url
    assert url.startswith("/media/agreements/")
    assert client.get(url).status_code == 404  # anonymous: not even whether it exists
    client.force_login(bob[0])
    assert client.get(url).status_code == 403
    for user in (alice[0], carol[0], officer):
        client.force_login(user)
        r = client.get(url)
        assert r.status_code == 200, user
        assert b"".join(r.streaming_content).startswith(b"%PDF-")
        assert "no-store" in r["Cache-Control"]


@pytest.mark.parametrize("debug", [True, False])
def test_public_uploads_served_to_anyone_and_nothing_else(db, client, settings, tmp_path, debug):
    settings.DEBUG = debug
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "offers" / "2026" / "11").mkdir(parents=True)
    (tmp_path / "offers" / "2026" / "11" / "foto.jpg").write_bytes(b"\xff\xd8\xff jpeg")
    (tmp_path / "city").mkdir()
    (tmp_path / "city" / "logo.png").write_bytes(b"\x89PNG logo")
    (tmp_path / "lain").mkdir()
    (tmp_path / "lain" / "rahasia.txt").write_bytes(b"rahasia")
    assert client.get("/media/offers/2026/11/foto.jpg").status_code == 200
    assert client.get("/media/city/logo.png").status_code == 200
    assert client.get("/media/lain/rahasia.txt").status_code == 404
    assert client.get("/media/offers/../lain/rahasia.txt").status_code == 404


def test_batch_zip_files_for_officers_only(client, settings, tmp_path, alice, officer):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "agreements" / "batch").mkdir(parents=True)
    (tmp_path / "agreements" / "batch" / "job-1.zip").write_bytes(b"PK zip")
    client.force_login(alice[0])
    assert client.get("/media/agreements/batch/job-1.zip").status_code == 403
    client.force_login(officer)
    assert client.get("/media/agreements/batch/job-1.zip").status_code == 200


# --- 14. no peeking by id -------------------------------------------------------------------


def test_new_agreement_form_shows_no_stranger_invitation_or_meeting(client, verified, bob, officer):
    from jalinmitra.businesses.models import Need, Offer
    from jalinmitra.events import services as event_services
    from jalinmitra.events.choices import RegisteredHow
    from jalinmitra.events.models import Meeting
    from jalinmitra.matching.models import MeetingInvitation

    (alice_user, small), (carol_user, large) = verified
    offer = Offer.objects.create(business=small, title="Keripik pisang cokelat")
    need = Need.objects.create(business=large, title="Camilan oleh-oleh")
    inv = MeetingInvitation.objects.create(need=need, offer=offer, created_by=carol_user)
    event = event_services.event_create(
        actor=officer,
        data={
            "name": "Temu Usaha Uji",
            "date": timezone.localdate() + dt.timedelta(days=3),
            "venue": "Aula Kota",
            "sessions": [{"start": "09:00", "end": "10:00"}],
            "meeting_minutes": 20,
            "break_minutes": 0,
            "max_meetings_per_participant": 4,
            "request_expiry_hours": 24,
            "max_open_requests": 3,
        },
    )
    meeting = Meeting.objects.create(
        event=event,
        seller=event_services.participant_add(
            actor=officer, event=event, business=small, how=RegisteredHow.INVITED
        ),
        buyer=event_services.participant_add(
            actor=officer, event=event, business=large, how=RegisteredHow.INVITED
        ),
        slot="09:00",
        table=1,
        published=True,
    )
    url = reverse("agreements:create")
    client.force_login(bob[0])
    for query in ({"ajakan": inv.pk}, {"pertemuan": meeting.pk}):
        body = client.get(url, query).content.decode()
        assert "Keripik pisang cokelat" not in body
        assert f'name="origin_invitation" value="{inv.pk}"' not in body
        assert f'name="origin_meeting" value="{meeting.pk}"' not in body
        assert f'<option value="{small.pk}" selected' not in body
        assert f'<option value="{large.pk}" selected' not in body
    client.force_login(carol_user)
    assert "Keripik pisang cokelat" in client.get(url, {"ajakan": inv.pk}).content.decode()
    body = client.get(url, {"pertemuan": meeting.pk}).content.decode()
    assert f'name="origin_meeting" value="{meeting.pk}"' in body


# --- 15. no lost updates --------------------------------------------------------------------


def test_second_save_over_a_newer_version_is_refused(agreement, officer, officer2):
    opened = agreement.version
    services.agreement_update(
        actor=officer,
        agreement=Agreement.objects.get(pk=agreement.pk),
        data={"payment_term_days": 21},
        expected_version=opened,
    )
    stale = Agreement.objects.get(pk=agreement.pk)
    with pytest.raises(ValidationError) as e:
        services.agreement_update(
            actor=officer2,
            agreement=stale,
            data={"payment_term_days": 7},
            expected_version=opened,
        )
    message = " ".join(e.value.messages)
    assert "diubah oleh Siti Petugas pada" in message
    assert re.search(r"pada \d\d:\d\d sejak Anda membukanya", message)
    agreement.refresh_from_db()
    assert agreement.payment_term_days == 21
    assert agreement.version == opened + 1


def test_edit_form_carries_the_version_and_offers_a_reload(client, agreement, officer, alice):
    url = reverse("agreements:edit", args=[agreement.pk])
    client.force_login(officer)
    form = client.get(url).content.decode()
    assert f'name="version" value="{agreement.version}"' in form
    data = {
        "pattern": agreement.pattern,
        "subject": agreement.subject,
        "rights_obligations": agreement.rights_obligations,
        "development_support": agreement.development_support,
        "development_text": agreement.development_text,
        "start_date": "2026-12-01",
        "end_date": "2027-11-30",
        "payment_term_days": "21",
        "estimated_value": "1250000",
        "dispute_resolution": agreement.dispute_resolution,
        "no_control_declared_small": "on",
        "no_control_declared_large": "on",
        "version": str(agreement.version),
    }
    # Alice saves first from her own form...
    services.agreement_update(actor=alice[0], agreement=agreement, data={"payment_term_days": 10})
    # ...so the officer's save, made on the older version, is refused and changes nothing.
    r = client.post(url, data)
    body = r.content.decode()
    assert r.status_code == 200
    assert re.search(r'<li class="error">[^<]*diubah oleh Alice pada \d\d:\d\d', body)
    assert "Muat ulang" in body and f'href="{url}"' in body
    agreement.refresh_from_db()
    assert agreement.payment_term_days == 10


# --- limits and worded constraints ----------------------------------------------------------


def test_clause_texts_have_a_limit(agreement, alice, client):
    with pytest.raises(ValidationError) as e:
        services.agreement_update(
            actor=alice[0], agreement=agreement, data={"subject": "x" * (CLAUSE_MAX + 1)}
        )
    assert "subject" in e.value.message_dict
    agreement.refresh_from_db()
    assert len(agreement.subject) < CLAUSE_MAX
    client.force_login(alice[0])
    form = client.get(reverse("agreements:edit", args=[agreement.pk])).content.decode()
    assert f'maxlength="{CLAUSE_MAX}"' in form


def test_every_check_constraint_has_words():
    for model in (Agreement, Agreement.versions.rel.related_model):
        for constraint in model._meta.constraints:
            message = str(constraint.violation_error_message)
            assert constraint.name not in message and " " in message
            assert message != str(type(constraint).default_violation_error_message)


def test_constraint_error_is_worded(agreement):
    agreement.end_date = agreement.start_date
    with pytest.raises(ValidationError) as e:
        agreement.validate_constraints()
    assert "Tanggal berakhir harus sesudah tanggal mulai." in " ".join(e.value.messages)


def test_verify_upload_error_is_not_in_a_success_box(client, witnessed):
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = client.post(f"/v/{witnessed.code}", {"file": SimpleUploadedFile("x.pdf", b"hello")})
    body = r.content.decode()
    assert r.status_code == 400
    assert re.search(r'<li class="error">[^<]*bukan PDF', body)
    assert not re.search(r'<ul class="errorlist[^"]*"><li>[^<]*bukan PDF', body)

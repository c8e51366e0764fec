"""`python manage.py demo` brings the temu usaha and agreements in every state, with PDFs."""

import hashlib
from collections import Counter
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from jalinmitra.agreements.choices import Pattern, Status
from jalinmitra.agreements.models import Agreement, AgreementVersion
from jalinmitra.agreements.services import agreement_checks
from jalinmitra.businesses.choices import LARGE_SIZES, SMALL_SIZES
from jalinmitra.core.models import AuditLog
from jalinmitra.core.money import terbilang_matches
from jalinmitra.events.models import Event, Meeting
from jalinmitra.events.services import DEMO_KEY
from jalinmitra.matching.models import MeetingInvitation


@pytest.fixture(autouse=True)
def demo_settings(settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path


def _demo() -> str:
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    models = (Agreement, AgreementVersion, MeetingInvitation, Event, Meeting, AuditLog)
    return {m.__name__: m.objects.count() for m in models}


@pytest.mark.django_db
def test_demo_has_agreements_in_every_state_with_verifiable_pdfs(client):
    text = _demo()
    assert "Perjanjian kemitraan: 16 dibuat" in text
    assert "Temu usaha: Temu Usaha Kemitraan Kota Metro (dibuat)" in text

    agreements = list(Agreement.objects.select_related("small_party", "large_party"))
    statuses = Counter(a.status for a in agreements)
    assert set(statuses) == set(Status.values), statuses
    assert statuses[Status.ACTIVE] >= 3
    assert len({a.pattern for a in agreements}) >= 4
    assert {Pattern.PERDAGANGAN_UMUM, Pattern.RANTAI_PASOK, Pattern.SUBKONTRAK} <= {
        a.pattern for a in agreements
    }
    for a in agreements:
        assert a.small_party.size_class in SMALL_SIZES, a
        assert a.large_party.size_class in LARGE_SIZES, a
        assert a.small_party.status == a.large_party.status == "verified", a
        assert a.estimated_value > 0 and terbilang_matches(
            a.estimated_value, a.estimated_value_words
        ), a
        assert 2026 <= a.start_date.year <= 2027 and a.end_date > a.start_date, a
        if a.status not in {Status.DRAFT, Status.SUBMITTED, Status.RETURNED}:
            assert a.number and a.approved_by.username == "petugas", a

    # The one above the city's 30-day policy shows the warning, and nothing else fails.
    late = [a for a in agreements if a.payment_term_days > 30]
    assert late
    for a in late:
        failed = [c.code for c in agreement_checks(a) if not c.ok]
        assert failed == ["tempo_pembayaran"], failed

    returned = Agreement.objects.get(status=Status.RETURNED)
    assert returned.review_notes
    assert Agreement.objects.get(status=Status.TERMINATED).end_reason
    partly = Agreement.objects.filter(status=Status.READY).exclude(signed_small_at=None)
    assert partly.filter(signed_large_at=None).exists(), "one is signed by one party only"
    assert Agreement.objects.filter(status=Status.READY, signed_small_at=None).exists()

    # Amended: the old one is kept, the addendum runs.
    old = Agreement.objects.get(status=Status.AMENDED)
    addendum = old.amendments.get()
    assert addendum.status == Status.ACTIVE and addendum.number != old.number
    assert addendum.estimated_value != old.estimated_value
    assert old.signed_pdf and addendum.signed_pdf

    # From "ajak bertemu".
    linked = Agreement.objects.exclude(origin_invitation=None)
    assert linked.filter(amends=None).count() >= 2
    for a in linked:
        assert a.origin_invitation.offer.business_id == a.small_party_id
        assert a.origin_invitation.need.business_id == a.large_party_id

    # The owners' logins act for their own businesses.
    by = Counter(
        AuditLog.objects.filter(action__startswith="agreement.").values_list(
            "action", "actor__username"
        )
    )
    assert by[("agreement.sign_small", "umkm")] >= 1
    assert by[("agreement.sign_large", "mitra")] >= 1
    assert by[("agreement.witness", "petugas")] >= 3

    # Every active one has its signed PDF, which the public page recognises.
    active = Agreement.objects.filter(status=Status.ACTIVE)
    for a in active:
        assert a.signed_pdf and a.witnessed_at and a.activated_at, a
        with a.signed_pdf.open("rb") as f:
            data = f.read()
        assert data.startswith(b"%PDF-")
        assert hashlib.sha256(data).hexdigest() == a.signed_sha256
        r = client.post(f"/v/{a.code}", {"file": SimpleUploadedFile("p.pdf", data)})
        page = r.content.decode()
        assert r.status_code == 200 and "Cocok:" in page and "Tidak cocok" not in page

    # The temu usaha comes with the demo, its schedule published.
    event = Event.objects.get(demo_key=DEMO_KEY)
    assert event.meetings.filter(published=True).exclude(status="cancelled").exists()

    # Its joint-signing page lists the agreements drafted from its meetings, and its report
    # credits them to it.
    from jalinmitra.agreements.selectors import ceremony_agreements
    from jalinmitra.events.selectors import agreements_from

    on_table = list(ceremony_agreements(event))
    assert {a.status for a in on_table} >= {Status.SIGNED, Status.READY}, on_table
    assert all(a.origin_meeting.event_id == event.pk for a in on_table)
    officer = AuditLog.objects.filter(actor__username="petugas").first().actor
    client.force_login(officer)
    page = client.get(f"/perjanjian/acara/{event.pk}/upacara/").content.decode()
    assert all(a.number in page for a in on_table)
    assert set(on_table) <= set(agreements_from(event))

    # Separation of duties: whoever drafted or submitted did not approve; the witnessing
    # names the officials.
    for a in agreements:
        if a.approved_by_id:
            assert a.approved_by_id not in {a.created_by_id, a.submitted_by_id}, a
    for a in Agreement.objects.exclude(witnessed_at=None):
        assert a.witness_officials.exists() and a.witnessed_by.username == "petugas", a

    # A completion asked by one party, not yet confirmed by the other: still running.
    pending = Agreement.objects.exclude(end_proposal="").get()
    assert pending.status == Status.ACTIVE and pending.end_proposal == "complete"
    assert pending.end_proposal_by.username == "mitra"


@pytest.mark.django_db
def test_running_the_demo_again_creates_nothing():
    _demo()
    before = _counts()
    text = _demo()
    assert _counts() == before
    assert "Perjanjian kemitraan: 0 dibuat, 16 sudah ada" in text
    assert "(sudah ada)" in text
    assert "Tidak ada yang berubah" in text

"""The record pages: the right person, the wrong person, bad input, GET writes nothing."""

import datetime as dt

import pytest
from django.urls import reverse

from jalinmitra.core.models import AuditLog
from jalinmitra.monitoring import services
from jalinmitra.monitoring.choices import EntryKind, EntryStatus
from jalinmitra.monitoring.models import Entry

from .conftest import today


def _delivery(actor, agreement, **over):
    data = {
        "date": today() - dt.timedelta(days=2),
        "product": "Keripik pisang",
        "quantity": "20",
        "unit": "kg",
        "value": 1_000_000,
    }
    data.update(over)
    return services.entry_record(
        actor=actor, agreement=agreement, kind=EntryKind.DELIVERY, data=data
    )


def test_the_micro_owner_records_a_delivery_in_one_short_form(active, alice, client_of):
    client = client_of(alice[0])
    url = reverse("monitoring:record", args=[active.pk, "pengiriman"])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="quantity"' in html and 'name="value"' in html
    assert '<option value="kg"' in html  # the agreement's unit, offered
    assert 'name="party"' not in html  # a party records for its own side only
    response = client.post(
        url,
        {
            "date": today().isoformat(),
            "product": "Keripik pisang",
            "quantity": "20",
            "unit": "kg",
            "value": "1000000",
        },
    )
    assert response.status_code == 302
    entry = Entry.objects.get()
    assert (entry.party, entry.status, entry.value) == ("small", EntryStatus.PENDING, 1_000_000)


@pytest.mark.parametrize(
    ("value", "message"),
    [("0", "Nilai harus lebih dari nol."), ("-5", "Nilai harus lebih dari nol.")],
)
def test_a_zero_or_negative_amount_shows_the_message_and_records_nothing(
    active, alice, client_of, value, message
):
    response = client_of(alice[0]).post(
        reverse("monitoring:record", args=[active.pk, "pengiriman"]),
        {"date": today().isoformat(), "quantity": "1", "unit": "kg", "value": value},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Entry.objects.exists()


def test_the_officer_form_asks_for_whom(active, officer, client_of):
    page = client_of(officer).get(reverse("monitoring:record", args=[active.pk, "pembayaran"]))
    assert page.status_code == 200 and 'name="party"' in page.content.decode()
    response = client_of(officer).post(
        reverse("monitoring:record", args=[active.pk, "pembayaran"]),
        {"party": "large", "date": today().isoformat(), "value": "500000", "method": "tunai"},
    )
    assert response.status_code == 302
    entry = Entry.objects.get()
    assert entry.by_officer and entry.recorded_by == officer and entry.party == "large"
    page = client_of(officer).get(reverse("monitoring:agreement", args=[active.pk]))
    assert "dicatat petugas (Siti Petugas)" in page.content.decode()


@pytest.mark.parametrize("who", ["bob", "bank_user"])
def test_a_bank_or_an_unrelated_business_sees_nothing(active, alice, client_of, who, request):
    user = request.getfixturevalue(who)
    user = user[0] if isinstance(user, tuple) else user
    entry = _delivery(alice[0], active)
    client = client_of(user)
    for url in (
        reverse("monitoring:agreement", args=[active.pk]),
        reverse("monitoring:record", args=[active.pk, "pengiriman"]),
        reverse("monitoring:entry", args=[entry.pk]),
        reverse("monitoring:entry_proof", args=[entry.pk]),
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("monitoring:entry_confirm", args=[entry.pk])).status_code == 403
    assert client.get(reverse("monitoring:worklist")).status_code == 403
    entry.refresh_from_db()
    assert entry.status == EntryStatus.PENDING


def test_unknown_records_are_404_and_anonymous_visitors_log_in(active, alice, client, client_of):
    assert client.get(reverse("monitoring:agreement", args=[active.pk])).status_code == 302
    assert (
        client_of(alice[0]).get(reverse("monitoring:agreement", args=[999999])).status_code == 404
    )
    assert client_of(alice[0]).get(reverse("monitoring:entry", args=[999999])).status_code == 404


def test_the_partner_confirms_from_the_entry_page(active, alice, carol, client_of):
    entry = _delivery(alice[0], active)
    own = client_of(alice[0]).get(reverse("monitoring:entry", args=[entry.pk])).content.decode()
    assert "Benar, konfirmasi" not in own
    client = client_of(carol[0])
    page = client.get(reverse("monitoring:entry", args=[entry.pk])).content.decode()
    assert "Benar, konfirmasi" in page
    response = client.post(reverse("monitoring:entry_confirm", args=[entry.pk]))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == EntryStatus.CONFIRMED


def test_a_dispute_without_a_reason_is_refused_on_the_page(active, alice, carol, client_of):
    entry = _delivery(alice[0], active)
    response = client_of(carol[0]).post(
        reverse("monitoring:entry_dispute", args=[entry.pk]), {"reason": ""}
    )
    assert response.status_code == 400
    entry.refresh_from_db()
    assert entry.status == EntryStatus.PENDING


def test_the_owner_confirming_own_entry_by_post_gets_403(active, alice, client_of):
    entry = _delivery(alice[0], active)
    assert (
        client_of(alice[0]).post(reverse("monitoring:entry_confirm", args=[entry.pk])).status_code
        == 403
    )


def test_the_agreement_page_shows_the_health_and_reasons(active, alice, client_of):
    page = client_of(alice[0]).get(reverse("agreements:detail", args=[active.pk]))
    html = page.content.decode()
    assert 'id="pemantauan"' in html
    # started 200 days ago, nothing recorded: dormant, said in words
    assert "Tidak aktif" in html and "Belum ada catatan realisasi" in html
    assert reverse("monitoring:agreement", args=[active.pk]) in html


def test_pages_only_read(active, alice, carol, officer, client_of):
    entry = _delivery(alice[0], active)
    before = AuditLog.objects.count(), Entry.objects.count()
    client_of(carol[0]).get(reverse("monitoring:entry", args=[entry.pk]))
    client_of(carol[0]).get(reverse("monitoring:home"))
    client_of(officer).get(reverse("monitoring:worklist"))
    client_of(officer).get(reverse("monitoring:agreement", args=[active.pk]))
    assert (AuditLog.objects.count(), Entry.objects.count()) == before


def test_wrong_method(active, alice, client_of):
    entry = _delivery(alice[0], active)
    assert (
        client_of(alice[0]).get(reverse("monitoring:entry_confirm", args=[entry.pk])).status_code
        == 405
    )


def test_the_growth_page(alice, bob, officer, client_of):
    url = reverse("monitoring:growth", args=[alice[1].pk])
    assert client_of(bob[0]).get(url).status_code == 403
    page = client_of(alice[0]).get(url)
    assert page.status_code == 200 and "Data awal" in page.content.decode()
    response = client_of(officer).post(
        url,
        {
            "year": today().year,
            "quarter": 1,
            "omzet": "80000000",
            "workers": "4",
            "new_buyers": "2",
        },
    )
    assert response.status_code == 302
    report = alice[1].growth_reports.get()
    assert report.assisted_by == officer


def test_an_officer_answers_for_a_party_without_a_phone(
    active, alice, officer, officer2, client_of
):
    entry = services.entry_record(
        actor=officer,
        agreement=active,
        kind=EntryKind.DELIVERY,
        data={"date": today(), "quantity": "5", "unit": "kg", "value": 250_000},
        party="small",
        by_officer=True,
    )
    # the officer who recorded it is offered no answer; a second officer is, for Carol's side
    assert (
        "Benar, konfirmasi"
        not in client_of(officer).get(reverse("monitoring:entry", args=[entry.pk])).content.decode()
    )
    client = client_of(officer2)
    assert (
        "Jawab atas nama pihak lain"
        in client.get(reverse("monitoring:entry", args=[entry.pk])).content.decode()
    )
    response = client.post(
        reverse("monitoring:entry_confirm", args=[entry.pk]), {"by_officer": "1"}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == EntryStatus.CONFIRMED and entry.decided_by == officer2


def test_an_officer_resolves_a_dispute_and_records_a_warning_on_the_pages(
    active, alice, carol, officer, client_of
):
    entry = _delivery(alice[0], active)
    services.entry_dispute(actor=carol[0], entry=entry, reason="Barang rusak.")
    assert (
        client_of(alice[0]).get(reverse("monitoring:entry_resolve", args=[entry.pk])).status_code
        == 403
    )
    client = client_of(officer)  # the same test client, now the officer's
    page = client.get(reverse("monitoring:entry_resolve", args=[entry.pk]))
    assert page.status_code == 200 and "Barang rusak." in page.content.decode()
    response = client.post(
        reverse("monitoring:entry_resolve", args=[entry.pk]),
        {"outcome": "reject", "notes": "Foto menunjukkan kemasan rusak."},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUPERSEDED

    url = reverse("monitoring:intervention", args=[active.pk])
    response = client.post(
        url, {"kind": "warning", "date": today().isoformat(), "notes": "Teguran."}
    )
    assert response.status_code == 302 and response.url.endswith("#pembinaan")
    assert active.interventions.get().kind == "warning"
    assert (
        client_of(carol[0])
        .post(url, {"kind": "warning", "date": today().isoformat(), "notes": "x"})
        .status_code
        == 403
    )


def test_the_proof_is_for_the_parties_only(active, alice, carol, bob, client_of):
    from django.core.files.uploadedfile import SimpleUploadedFile

    entry = services.entry_record(
        actor=alice[0],
        agreement=active,
        kind=EntryKind.DELIVERY,
        data={"date": today(), "quantity": "5", "unit": "kg", "value": 250_000},
        proof=SimpleUploadedFile("nota.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    url = reverse("monitoring:entry_proof", args=[entry.pk])
    response = client_of(carol[0]).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Cache-Control"] == "private, no-store"
    assert client_of(bob[0]).get(url).status_code == 403
    assert not entry.proof.name.startswith(("offers/", "city/"))  # never public media

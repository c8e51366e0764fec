"""Realisation records at the service level: who may record, confirm, dispute, correct and
resolve; bad input changes nothing; every write audited."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from jalinmitra.core.models import AuditLog
from jalinmitra.monitoring import selectors, services
from jalinmitra.monitoring.choices import EntryKind, EntryStatus
from jalinmitra.monitoring.models import Entry, GrowthReport, Intervention

from .conftest import START_AGO, today


def delivery_data(**over):
    data = {
        "date": today() - dt.timedelta(days=3),
        "product": "Keripik pisang",
        "quantity": "50",
        "unit": "kg",
        "value": 2_500_000,
    }
    data.update(over)
    return data


def record(actor, agreement, **over):
    return services.entry_record(
        actor=actor, agreement=agreement, kind=EntryKind.DELIVERY, data=delivery_data(**over)
    )


def pay(actor, agreement, **over):
    data = {"date": today() - dt.timedelta(days=1), "value": 2_500_000, "method": "transfer"}
    data.update(over)
    return services.entry_record(
        actor=actor, agreement=agreement, kind=EntryKind.PAYMENT, data=data
    )


def code_of(error: ValidationError, field: str) -> str:
    return error.error_dict[field][0].code


def actions(obj) -> list[str]:
    return list(
        AuditLog.objects.filter(object_type="monitoring.entry", object_id=str(obj.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


# --- recording ----------------------------------------------------------------------------


def test_a_party_records_on_its_own_side(active, alice, carol):
    entry = record(alice[0], active)
    assert (entry.status, entry.party, entry.recorded_by, entry.by_officer) == (
        EntryStatus.PENDING,
        "small",
        alice[0],
        False,
    )
    assert actions(entry) == ["entry.record"]
    payment = pay(carol[0], active)
    assert payment.party == "large" and payment.method == "transfer" and payment.unit == ""


def test_a_party_may_not_record_for_the_other_side(active, alice):
    with pytest.raises(PermissionDenied):
        services.entry_record(
            actor=alice[0],
            agreement=active,
            kind=EntryKind.PAYMENT,
            data={"date": today(), "value": 1, "method": "tunai"},
            party="large",
        )
    assert not Entry.objects.exists()


@pytest.mark.parametrize("who", ["bob", "bank_user"])
def test_an_unrelated_business_or_a_bank_may_not_record(active, who, request):
    user = request.getfixturevalue(who)
    user = user[0] if isinstance(user, tuple) else user
    with pytest.raises(PermissionDenied):
        record(user, active)
    assert not Entry.objects.exists()


def test_an_officer_records_on_a_partys_behalf_and_is_kept(active, officer, carol):
    entry = services.entry_record(
        actor=officer,
        agreement=active,
        kind=EntryKind.DELIVERY,
        data=delivery_data(),
        party="small",
        by_officer=True,
    )
    assert entry.by_officer and entry.recorded_by == officer and entry.party == "small"
    # the officer who recorded it does not confirm it; the other party does
    with pytest.raises(PermissionDenied):
        services.entry_confirm(actor=officer, entry=entry, by_officer=True)
    services.entry_confirm(actor=carol[0], entry=entry)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.CONFIRMED


def test_only_an_officer_records_on_behalf(active, alice):
    with pytest.raises(PermissionDenied):
        services.entry_record(
            actor=alice[0],
            agreement=active,
            kind=EntryKind.DELIVERY,
            data=delivery_data(),
            party="small",
            by_officer=True,
        )


def test_nothing_is_recorded_on_an_agreement_that_is_not_running(active, alice, officer):
    from jalinmitra.agreements.services import agreement_complete

    agreement_complete(actor=officer, agreement=active, reason="Selesai lebih awal, lunas.")
    with pytest.raises(ValidationError) as e:
        record(alice[0], active)
    assert e.value.code == "state"
    assert not Entry.objects.exists()


# --- bad input: a clear message, nothing changed ------------------------------------------


@pytest.mark.parametrize(
    ("over", "field", "words"),
    [
        ({"value": 0}, "value", "lebih dari nol"),
        ({"value": -5000}, "value", "lebih dari nol"),
        ({"date": "date_before_start"}, "date", "sebelum perjanjian mulai"),
        ({"date": "tomorrow"}, "date", "masa depan"),
        ({"unit": "liter"}, "unit", "Satuan harus sama dengan satuan dalam perjanjian: kg"),
        ({"quantity": "0"}, "quantity", "lebih dari nol"),
        ({"quantity": ""}, "quantity", "Isi jumlah"),
        ({"product": "x" * 201}, "product", "Terlalu panjang"),
    ],
)
def test_bad_delivery_input_is_refused_with_a_message_and_changes_nothing(
    active, alice, over, field, words
):
    if over.get("date") == "date_before_start":
        over["date"] = active.start_date - dt.timedelta(days=1)
    elif over.get("date") == "tomorrow":
        over["date"] = today() + dt.timedelta(days=1)
    audits = AuditLog.objects.count()
    with pytest.raises(ValidationError) as e:
        record(alice[0], active, **over)
    assert words in " ".join(e.value.message_dict[field])
    assert not Entry.objects.exists() and AuditLog.objects.count() == audits


def test_the_first_day_of_the_agreement_and_today_are_accepted(active, alice):
    assert record(alice[0], active, date=active.start_date).date == active.start_date
    assert record(alice[0], active, date=today()).date == today()


def test_a_payment_needs_a_method_and_a_positive_amount(active, carol):
    with pytest.raises(ValidationError) as e:
        pay(carol[0], active, method="", value=-1)
    assert set(e.value.message_dict) == {"method", "value"}
    assert not Entry.objects.exists()


def _png(size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, "PNG")
    return out.getvalue()


def test_a_photo_proof_is_shrunk_to_jpeg_and_a_pdf_kept(active, alice, carol):
    photo = SimpleUploadedFile("nota.png", _png((3000, 2000)), content_type="image/png")
    entry = services.entry_record(
        actor=alice[0], agreement=active, kind=EntryKind.DELIVERY, data=delivery_data(), proof=photo
    )
    assert entry.proof.name.endswith(".jpg")
    with entry.proof.open("rb") as f:
        assert max(Image.open(f).size) <= 1280
    pdf = SimpleUploadedFile("bukti.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    payment = services.entry_record(
        actor=carol[0],
        agreement=active,
        kind=EntryKind.PAYMENT,
        data={"date": today(), "value": 10, "method": "transfer"},
        proof=pdf,
    )
    assert payment.proof.name.endswith(".pdf")


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"\x89PNG" + b"0" * (services.PROOF_MAX_BYTES), "proof_size"),
        (b"bukan gambar, hanya teks", "proof_type"),
    ],
)
def test_an_oversize_or_non_image_proof_is_refused(active, alice, content, code):
    upload = SimpleUploadedFile("nota.png", content, content_type="image/png")
    with pytest.raises(ValidationError) as e:
        services.entry_record(
            actor=alice[0],
            agreement=active,
            kind=EntryKind.DELIVERY,
            data=delivery_data(),
            proof=upload,
        )
    assert code_of(e.value, "proof") == code
    assert not Entry.objects.exists()


# --- confirming and disputing -------------------------------------------------------------


def test_a_party_never_confirms_its_own_entry(active, alice):
    entry = record(alice[0], active)
    with pytest.raises(PermissionDenied):
        services.entry_confirm(actor=alice[0], entry=entry)
    with pytest.raises(PermissionDenied):
        services.entry_dispute(actor=alice[0], entry=entry, reason="salah")
    entry.refresh_from_db()
    assert entry.status == EntryStatus.PENDING


@pytest.mark.parametrize("who", ["bob", "bank_user"])
def test_an_outsider_neither_confirms_nor_disputes(active, alice, who, request):
    user = request.getfixturevalue(who)
    user = user[0] if isinstance(user, tuple) else user
    entry = record(alice[0], active)
    with pytest.raises(PermissionDenied):
        services.entry_confirm(actor=user, entry=entry)
    with pytest.raises(PermissionDenied):
        services.entry_dispute(actor=user, entry=entry, reason="salah")


def test_the_other_party_confirms_once(active, alice, carol):
    entry = record(alice[0], active)
    services.entry_confirm(actor=carol[0], entry=entry)
    entry.refresh_from_db()
    assert (entry.status, entry.decided_by) == (EntryStatus.CONFIRMED, carol[0])
    assert entry.decided_at is not None
    assert list(selectors.counted_entries()) == [entry]
    with pytest.raises(ValidationError) as e:
        services.entry_confirm(actor=carol[0], entry=entry)
    assert e.value.code == "state"
    assert actions(entry) == ["entry.record", "entry.confirm"]


def test_a_dispute_needs_a_reason(active, alice, carol):
    entry = record(alice[0], active)
    with pytest.raises(ValidationError) as e:
        services.entry_dispute(actor=carol[0], entry=entry, reason="   ")
    assert code_of(e.value, "reason") == "reason_required"
    assert "alasan" in " ".join(e.value.message_dict["reason"]).lower()
    entry.refresh_from_db()
    assert entry.status == EntryStatus.PENDING
    services.entry_dispute(actor=carol[0], entry=entry, reason="Yang datang 45 kg, bukan 50 kg.")
    entry.refresh_from_db()
    assert entry.status == EntryStatus.DISPUTED and "45 kg" in entry.dispute_reason
    assert not selectors.counted_entries().exists()
    assert actions(entry)[-1] == "entry.dispute"


# --- resolving a dispute --------------------------------------------------------------------


@pytest.fixture
def disputed(active, alice, carol):
    entry = record(alice[0], active)
    return services.entry_dispute(actor=carol[0], entry=entry, reason="Yang datang 45 kg.")


def test_only_a_neutral_officer_resolves_a_dispute(disputed, alice, carol):
    for user in (alice[0], carol[0]):
        with pytest.raises(PermissionDenied):
            services.entry_resolve(actor=user, entry=disputed, outcome="uphold", notes="ok")


def test_an_officer_upholds_or_sets_aside_a_disputed_entry(disputed, officer, alice, carol, active):
    with pytest.raises(ValidationError) as e:
        services.entry_resolve(actor=officer, entry=disputed, outcome="uphold", notes="")
    assert code_of(e.value, "reason") == "reason_required"
    services.entry_resolve(
        actor=officer, entry=disputed, outcome="uphold", notes="Surat jalan menunjukkan 50 kg."
    )
    disputed.refresh_from_db()
    assert disputed.status == EntryStatus.CONFIRMED and "Surat jalan" in disputed.dispute_reason

    other = services.entry_dispute(
        actor=carol[0], entry=record(alice[0], active), reason="Tidak pernah datang."
    )
    services.entry_resolve(actor=officer, entry=other, outcome="reject", notes="Tidak ada bukti.")
    other.refresh_from_db()
    assert other.status == EntryStatus.SUPERSEDED
    assert actions(other)[-1] == "entry.resolve"
    with pytest.raises(ValidationError):
        services.entry_resolve(actor=officer, entry=other, outcome="uphold", notes="lagi")


# --- corrections: a confirmed entry is never edited ---------------------------------------


def test_a_correction_supersedes_the_confirmed_entry_once_confirmed(active, alice, carol):
    original = record(alice[0], active, value=2_500_000)
    services.entry_confirm(actor=carol[0], entry=original)
    original.refresh_from_db()
    correction = services.entry_record(
        actor=alice[0],
        agreement=active,
        kind=EntryKind.DELIVERY,
        data=delivery_data(value=2_250_000, quantity="45"),
        corrects=original,
    )
    assert actions(correction) == ["entry.correct"]
    # until the other party confirms the correction, the original counts
    assert list(selectors.counted_entries()) == [original]
    services.entry_confirm(actor=carol[0], entry=correction)
    original.refresh_from_db()
    assert original.status == EntryStatus.SUPERSEDED
    assert original.value == 2_500_000  # the original itself was never edited
    assert list(selectors.counted_entries()) == [correction]
    assert actions(original) == ["entry.record", "entry.confirm", "entry.supersede"]


def test_only_a_confirmed_entry_is_corrected_and_of_the_same_kind(active, alice, carol):
    pending = record(alice[0], active)
    with pytest.raises(ValidationError) as e:
        services.entry_record(
            actor=alice[0],
            agreement=active,
            kind=EntryKind.DELIVERY,
            data=delivery_data(),
            corrects=pending,
        )
    assert e.value.code == "state"
    services.entry_confirm(actor=carol[0], entry=pending)
    with pytest.raises(ValidationError):
        services.entry_record(
            actor=carol[0],
            agreement=active,
            kind=EntryKind.PAYMENT,
            data={"date": today(), "value": 5, "method": "tunai"},
            corrects=pending,
        )


# --- interventions and growth reports ------------------------------------------------------


def test_an_officer_records_a_coaching_visit_or_a_warning(active, officer, carol):
    item = services.intervention_record(
        actor=officer, agreement=active, kind="warning", date=today(), notes="Teguran tertulis."
    )
    assert Intervention.objects.get() == item
    assert AuditLog.objects.filter(action="intervention.record").count() == 1
    with pytest.raises(PermissionDenied):
        services.intervention_record(
            actor=carol[0], agreement=active, kind="visit", date=today(), notes="x"
        )
    with pytest.raises(ValidationError) as e:
        services.intervention_record(
            actor=officer,
            agreement=active,
            kind="visit",
            date=today() + dt.timedelta(days=1),
            notes="",
        )
    assert set(e.value.message_dict) == {"date", "notes"}
    assert Intervention.objects.count() == 1


def test_growth_report_by_the_owner_or_assisted_by_an_officer(active, alice, officer, bob, carol):
    year = today().year
    report = services.growth_report_save(
        actor=alice[0],
        business=alice[1],
        year=year,
        quarter=1,
        omzet=90_000_000,
        workers=3,
        new_buyers=2,
    )
    assert report.assisted_by is None and report.created_by == alice[0]
    again = services.growth_report_save(
        actor=officer,
        business=alice[1],
        year=year,
        quarter=1,
        omzet=95_000_000,
        workers=3,
        new_buyers=2,
    )
    assert again.pk == report.pk and again.omzet == 95_000_000 and again.assisted_by == officer
    assert GrowthReport.objects.count() == 1
    with pytest.raises(PermissionDenied):
        services.growth_report_save(
            actor=bob[0], business=alice[1], year=year, quarter=2, omzet=1, workers=1, new_buyers=0
        )
    with pytest.raises(ValidationError) as e:
        services.growth_report_save(
            actor=carol[0],
            business=carol[1],
            year=year,
            quarter=1,
            omzet=1,
            workers=1,
            new_buyers=0,
        )
    assert e.value.code == "state"
    with pytest.raises(ValidationError) as e:
        services.growth_report_save(
            actor=alice[0],
            business=alice[1],
            year=year + 1,
            quarter=1,
            omzet=-1,
            workers=1,
            new_buyers=0,
        )
    assert set(e.value.message_dict) == {"quarter", "omzet"}
    assert GrowthReport.objects.count() == 1


def test_start_ago_fits_the_fixture(active):
    # the fixture the tests above rely on: started long enough ago for a back-dated entry
    assert (today() - active.start_date).days == START_AGO

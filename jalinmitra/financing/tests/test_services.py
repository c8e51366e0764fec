"""The referral's rules, in the services: amounts and tiers, who may take each step, consent,
documents, and the figures."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jalinmitra.core.models import AuditLog
from jalinmitra.financing import kur, selectors, services
from jalinmitra.financing.choices import BankStatus, Status

from .conftest import ALL_ITEMS, pdf_bytes


def _ask(alice, amount, **kw):
    user, business = alice
    return services.referral_create(
        actor=user, business=business, amount=amount, purpose="modal_kerja", **kw
    )


# --- amounts and tiers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "amount,code",
    [
        (0, "not_positive"),
        (-5_000_000, "not_positive"),
        ("-5 juta", "not_positive"),
        (500_000_001, "not_kur"),
        ("1 miliar", "not_kur"),
        ("dua juta", "not_number"),
        ("12abc", "not_number"),
        ("", "required"),
        (None, "required"),
        (2.5, "not_number"),
    ],
)
def test_wrong_amounts_are_refused_with_their_code_and_nothing_is_stored(
    partnership, alice, amount, code
):
    with pytest.raises(ValidationError) as e:
        _ask(alice, amount)
    assert e.value.error_dict["amount"][0].code == code
    from jalinmitra.financing.models import Referral

    assert not Referral.objects.exists()


def test_above_kur_says_it_is_not_kur(partnership, alice):
    with pytest.raises(ValidationError) as e:
        _ask(alice, 600_000_000)
    message = e.value.error_dict["amount"][0].messages[0]
    assert "bukan KUR" in message and "Rp500.000.000" in message


@pytest.mark.parametrize(
    "amount,tier",
    [
        (1, "super_mikro"),
        (10_000_000, "super_mikro"),
        (10_000_001, "mikro"),
        (100_000_000, "mikro"),
        (100_000_001, "kecil"),
        (500_000_000, "kecil"),
        ("25 juta", "mikro"),
        ("Rp7.500.000", "super_mikro"),
    ],
)
def test_tier_follows_the_amount(partnership, alice, amount, tier):
    assert _ask(alice, amount).tier == tier


def test_tier_table_cites_its_source_and_covers_kur_without_gaps():
    assert "Permenko" in kur.SOURCE and "1 Tahun 2022" in kur.SOURCE
    for lower, upper in zip(kur.TIERS, kur.TIERS[1:], strict=False):
        assert lower.up_to == upper.above
    assert kur.tier_for(0) is None and kur.tier_for(kur.KUR_MAX + 1) is None
    # Collateral note only where the rules waive it (up to Rp100 juta).
    waived = [t.code for t in kur.TIERS if any("Tidak wajib agunan" in n for n in t.notes)]
    assert waived == ["super_mikro", "mikro"]


def test_only_verified_micro_or_small_business_may_ask(officer, alice, carol, bob):
    with pytest.raises(ValidationError) as e:
        _ask(alice, 5_000_000)  # not verified yet
    assert e.value.code == "not_verified"
    from jalinmitra.businesses.services import business_verify

    business_verify(actor=officer, business=carol[1])
    with pytest.raises(ValidationError) as e:
        services.referral_create(
            actor=carol[0], business=carol[1], amount=5_000_000, purpose="investasi"
        )
    assert e.value.code == "not_small"
    business_verify(actor=officer, business=alice[1])
    with pytest.raises(PermissionDenied):
        services.referral_create(
            actor=bob[0], business=alice[1], amount=5_000_000, purpose="investasi"
        )


def test_an_officer_may_ask_for_a_business(partnership, alice, officer):
    r = services.referral_create(
        actor=officer, business=alice[1], amount=5_000_000, purpose="investasi"
    )
    assert r.status == Status.DIAJUKAN and r.created_by == officer
    assert AuditLog.objects.filter(action="referral.create", object_id=str(r.pk)).exists()


# --- who takes each step ------------------------------------------------------------------------


def test_the_city_steps_belong_to_officers(referral, alice, bob, banker, officer2):
    for actor in (alice[0], bob[0], banker):
        with pytest.raises(PermissionDenied):
            services.referral_check(actor=actor, referral=referral, recommendation="x")
        with pytest.raises(PermissionDenied):
            services.referral_forward(actor=actor, referral=referral)
    with pytest.raises(ValidationError) as e:
        services.referral_forward(actor=officer2, referral=referral)
    assert e.value.code == "state"  # not checked yet
    services.referral_return(actor=officer2, referral=referral, notes="Tambahkan rincian.")
    with pytest.raises(PermissionDenied):
        services.referral_resubmit(actor=bob[0], referral=referral)
    services.referral_resubmit(actor=alice[0], referral=referral, amount="30 juta")
    referral.refresh_from_db()
    assert referral.status == Status.DIAJUKAN and referral.amount == 30_000_000


def test_an_officer_member_of_the_business_may_not_check_it(referral, officer):
    # `officer` registered Alice's business but is no member; make them one.
    from jalinmitra.accounts.services import membership_add

    membership_add(actor=officer, user=officer, business=referral.business)
    with pytest.raises(PermissionDenied):
        services.referral_check(actor=officer, referral=referral, recommendation="Baik")


def test_forward_needs_consent_naming_each_bank(referral, officer2, banks, alice):
    services.referral_check(actor=officer2, referral=referral, recommendation="Layak.")
    with pytest.raises(ValidationError) as e:
        services.referral_forward(actor=officer2, referral=referral, banks=list(banks))
    assert e.value.code == "consent" and banks[1].name in e.value.messages[0]
    services.consent_give(actor=alice[0], referral=referral, banks=list(banks), items=ALL_ITEMS)
    cases = services.referral_forward(actor=officer2, referral=referral, banks=list(banks))
    assert {c.bank for c in cases} == set(banks)
    assert all(c.status == BankStatus.MENUNGGU for c in cases)


def test_officer_records_only_a_written_consent(referral, officer, banks):
    with pytest.raises(PermissionDenied):
        services.consent_give(actor=officer, referral=referral, banks=[banks[0]], items=ALL_ITEMS)
    c = services.consent_give(
        actor=officer, referral=referral, banks=[banks[0]], items=ALL_ITEMS, in_person=True
    )
    assert c.in_person and c.version == services.CONSENT_VERSION


def test_consent_names_banks_and_items_and_profile_is_required(referral, alice, banks, bob):
    with pytest.raises(ValidationError) as e:
        services.consent_give(actor=alice[0], referral=referral, banks=[banks[0]], items=["size"])
    assert e.value.error_dict["items"][0].code == "profile_required"
    with pytest.raises(PermissionDenied):
        services.consent_give(actor=bob[0], referral=referral, banks=[banks[0]], items=ALL_ITEMS)
    consent = selectors.consent_of(referral=referral)
    assert banks[0].name in consent.text and "Ringkasan realisasi" in consent.text
    assert consent.given_at is not None and consent.version


def test_bank_steps_belong_to_the_banks_user(forwarded, banker, banker2, alice, officer2):
    for actor in (alice[0], officer2, banker2):
        with pytest.raises(PermissionDenied):
            services.case_claim(actor=actor, case=forwarded)
    with pytest.raises(ValidationError) as e:
        services.case_approve(
            actor=banker, case=forwarded, amount=25_000_000, tenor_months=24, scheme="kur_mikro"
        )
    assert e.value.code == "state"  # not claimed yet
    services.case_claim(actor=banker, case=forwarded)
    with pytest.raises(ValidationError) as e:
        services.case_claim(actor=banker, case=forwarded)
    assert e.value.code == "state"
    for actor in (alice[0], officer2, banker2):
        with pytest.raises(PermissionDenied):
            services.case_approve(
                actor=actor, case=forwarded, amount=1_000_000, tenor_months=12, scheme="kur_mikro"
            )
    services.case_approve(
        actor=banker, case=forwarded, amount=20_000_000, tenor_months=24, scheme="kur_klaster"
    )
    forwarded.refresh_from_db()
    assert forwarded.status == BankStatus.DISETUJUI and forwarded.approved_amount == 20_000_000
    with pytest.raises(ValidationError) as e:
        services.case_disburse(
            actor=banker, case=forwarded, amount=25_000_000, on=timezone.localdate()
        )
    assert e.value.error_dict["amount"][0].code == "above_approved"
    with pytest.raises(ValidationError) as e:
        services.case_disburse(
            actor=banker,
            case=forwarded,
            amount=20_000_000,
            on=timezone.localdate() + dt.timedelta(days=1),
        )
    assert e.value.error_dict["on"][0].code == "future"
    services.case_disburse(actor=banker, case=forwarded, amount=20_000_000, on=timezone.localdate())
    forwarded.refresh_from_db()
    assert forwarded.status == BankStatus.DICAIRKAN
    codes = set(
        AuditLog.objects.filter(object_id=str(forwarded.pk)).values_list("action", flat=True)
    )
    assert {"referral_case.claim", "referral_case.approve", "referral_case.disburse"} <= codes


def test_approval_amounts_are_checked_like_the_request(forwarded, banker):
    services.case_claim(actor=banker, case=forwarded)
    for amount, code in [(0, "not_positive"), ("x", "not_number"), (900_000_000, "not_kur")]:
        with pytest.raises(ValidationError) as e:
            services.case_approve(
                actor=banker, case=forwarded, amount=amount, tenor_months=12, scheme="kur_mikro"
            )
        assert e.value.error_dict["amount"][0].code == code
    with pytest.raises(ValidationError) as e:
        services.case_approve(
            actor=banker, case=forwarded, amount=5_000_000, tenor_months=0, scheme="kur_mikro"
        )
    assert "tenor_months" in e.value.error_dict


def test_reject_needs_a_reason_from_the_list(forwarded, banker):
    services.case_claim(actor=banker, case=forwarded)
    with pytest.raises(ValidationError):
        services.case_reject(actor=banker, case=forwarded, reason="karena")
    with pytest.raises(ValidationError):
        services.case_reject(actor=banker, case=forwarded, reason="lainnya", text="")
    services.case_reject(actor=banker, case=forwarded, reason="kur_lain", text="Di bank lain.")
    forwarded.refresh_from_db()
    assert forwarded.status == BankStatus.DITOLAK and forwarded.reject_reason == "kur_lain"


def test_a_colleague_may_not_decide_what_another_claimed(forwarded, banker, banks, city_admin):
    from jalinmitra.accounts.services import user_create

    colleague = user_create(
        actor=None, username="analis3", password="x-analis3-Rahasia", role="bank"
    )
    services.bank_member_set(actor=city_admin, user=colleague, bank=banks[0])
    services.case_claim(actor=banker, case=forwarded)
    with pytest.raises(PermissionDenied):
        services.case_reject(actor=colleague, case=forwarded, reason="dokumen")


# --- documents ---------------------------------------------------------------------------------


def _ask_docs(forwarded, banker):
    services.case_claim(actor=banker, case=forwarded)
    services.case_ask_documents(actor=banker, case=forwarded, request="Foto KTP dan nota")


def test_documents_type_and_size_are_checked(forwarded, banker, alice, bob):
    _ask_docs(forwarded, banker)
    text = SimpleUploadedFile("nota.pdf", b"just text, not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as e:
        services.document_upload(actor=alice[0], case=forwarded, kind="Nota", upload=text)
    assert e.value.error_dict["file"][0].code == "type"
    exe = SimpleUploadedFile("x.png", b"MZ\x90\x00" + b"0" * 100, content_type="image/png")
    with pytest.raises(ValidationError) as e:
        services.document_upload(actor=alice[0], case=forwarded, kind="Foto", upload=exe)
    assert e.value.error_dict["file"][0].code == "type"
    big = SimpleUploadedFile("big.pdf", pdf_bytes(services.DOCUMENT_MAX_BYTES + 1))
    with pytest.raises(ValidationError) as e:
        services.document_upload(actor=alice[0], case=forwarded, kind="Nota", upload=big)
    assert e.value.error_dict["file"][0].code == "size"
    with pytest.raises(ValidationError) as e:
        services.case_documents_sent(actor=alice[0], case=forwarded)
    assert e.value.code == "no_documents"
    ok = SimpleUploadedFile("nota.pdf", pdf_bytes())
    with pytest.raises(PermissionDenied):
        services.document_upload(actor=bob[0], case=forwarded, kind="Nota", upload=ok)
    doc = services.document_upload(actor=alice[0], case=forwarded, kind="Nota", upload=ok)
    assert doc.content_type == "application/pdf" and doc.file.name.startswith("financing/")
    services.case_documents_sent(actor=alice[0], case=forwarded)
    forwarded.refresh_from_db()
    assert forwarded.status == BankStatus.DIPROSES


def test_no_upload_when_the_bank_asked_for_nothing(forwarded, alice):
    ok = SimpleUploadedFile("nota.pdf", pdf_bytes())
    with pytest.raises(ValidationError) as e:
        services.document_upload(actor=alice[0], case=forwarded, kind="Nota", upload=ok)
    assert e.value.code == "state"


# --- withdrawal and consent --------------------------------------------------------------------


def test_withdraw_ends_every_bank_and_the_consent(forwarded, alice, banker):
    referral = forwarded.referral
    services.referral_withdraw(actor=alice[0], referral=referral)
    forwarded.refresh_from_db()
    referral.refresh_from_db()
    assert referral.status == Status.DITARIK and forwarded.status == BankStatus.DITARIK
    assert selectors.consent_of(referral=referral) is None
    assert not selectors.cases_for_bank(user=banker).exists()
    with pytest.raises(ValidationError) as e:
        services.referral_withdraw(actor=alice[0], referral=referral)
    assert e.value.code == "state"


def test_no_withdrawal_after_a_bank_approved(forwarded, alice, banker):
    services.case_claim(actor=banker, case=forwarded)
    services.case_approve(
        actor=banker, case=forwarded, amount=25_000_000, tenor_months=24, scheme="kur_mikro"
    )
    with pytest.raises(ValidationError) as e:
        services.referral_withdraw(actor=alice[0], referral=forwarded.referral)
    assert e.value.code == "state"


def test_withdrawn_consent_stops_the_bank_acting(forwarded, alice, banker):
    services.consent_withdraw(actor=alice[0], referral=forwarded.referral)
    with pytest.raises(PermissionDenied):
        services.case_claim(actor=banker, case=forwarded)


# --- figures -----------------------------------------------------------------------------------


def test_programme_figures_count_without_personal_data(forwarded, banker):
    services.case_claim(actor=banker, case=forwarded)
    services.case_approve(
        actor=banker, case=forwarded, amount=20_000_000, tenor_months=24, scheme="kur_mikro"
    )
    services.case_disburse(actor=banker, case=forwarded, amount=15_000_000, on=timezone.localdate())
    today = timezone.localdate()
    f = selectors.financing_figures(start=today - dt.timedelta(days=30), end=today)
    assert (f["referrals"], f["forwarded"], f["approved"], f["disbursed"]) == (1, 1, 1, 1)
    assert f["approved_amount"] == 20_000_000 and f["disbursed_amount"] == 15_000_000
    assert f["by_tier"]["mikro"]["disbursed_amount"] == 15_000_000
    text = repr(f)
    business = forwarded.referral.business
    assert business.name not in text and business.owner_nik not in text
    before = selectors.financing_figures(
        start=today - dt.timedelta(days=400), end=today - dt.timedelta(days=300)
    )
    assert before["referrals"] == 0 and before["disbursed_amount"] == 0
    from jalinmitra.monitoring import hooks

    rows = hooks.figures_for(start=today - dt.timedelta(days=30), end=today)
    assert ("KUR dicairkan", 1, "count") in [(str(a), b, c) for a, b, c in rows]


def test_banks_and_their_users_are_set_by_the_city_admin(city_admin, officer, bank_user, alice):
    data = {"name": "Bank Uji", "code": "bu1", "branch": "Metro"}
    with pytest.raises(PermissionDenied):
        services.bank_save(actor=officer, data=data)
    bank = services.bank_save(actor=city_admin, data=data)
    assert bank.code == "BU1"
    with pytest.raises(ValidationError) as e:
        services.bank_save(actor=city_admin, data={"name": "Lain", "code": "BU1"})
    assert e.value.error_dict["code"][0].code == "unique"
    with pytest.raises(ValidationError) as e:
        services.bank_member_set(actor=city_admin, user=alice[0], bank=bank)
    assert e.value.error_dict["user"][0].code == "role"
    with pytest.raises(PermissionDenied):
        services.bank_member_set(actor=officer, user=bank_user, bank=bank)
    services.bank_member_set(actor=city_admin, user=bank_user, bank=bank)
    assert selectors.bank_of(bank_user) == bank
    assert AuditLog.objects.filter(action="bank.member_set", object_id=str(bank.pk)).exists()

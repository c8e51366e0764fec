import datetime
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from jalinmitra.agreements import services
from jalinmitra.agreements.choices import Status
from jalinmitra.agreements.models import Agreement, AgreementTemplate
from jalinmitra.agreements.tests.conftest import clauses
from jalinmitra.core.models import AuditLog, City


def _failed(agreement):
    return {c.code for c in services.agreement_checks(agreement) if not c.ok}


def test_ten_default_templates_exist(db):
    assert AgreementTemplate.objects.count() == 10


def test_all_checks_pass_for_a_complete_agreement(agreement):
    assert _failed(agreement) == set()
    assert agreement.estimated_value_words == "satu juta dua ratus lima puluh ribu rupiah"
    assert agreement.versions.count() == 2
    assert AuditLog.objects.filter(action="agreement.create", object_id=str(agreement.pk)).exists()


@pytest.mark.parametrize(
    "field, code",
    [
        ("subject", "kegiatan_usaha"),
        ("rights_obligations", "hak_kewajiban"),
        ("dispute_resolution", "perselisihan"),
    ],
)
def test_pasal_34_text_checks(agreement, field, code):
    setattr(agreement, field, "  ")
    assert code in _failed(agreement)


def test_pengembangan_check(agreement):
    agreement.development_support = []
    agreement.development_text = ""
    assert "pengembangan" in _failed(agreement)
    agreement.development_text = "Pelatihan kemasan dua kali setahun."
    assert "pengembangan" not in _failed(agreement)


def test_jangka_waktu_check(agreement):
    agreement.end_date = agreement.start_date
    assert "jangka_waktu" in _failed(agreement)


def test_pasal_35_declarations(agreement):
    agreement.no_control_declared_small = False
    assert _failed(agreement) == {"pasal35_pertama"}
    agreement.no_control_declared_large = False
    assert _failed(agreement) == {"pasal35_pertama", "pasal35_kedua"}


def test_unverified_business_fails(officer, alice, carol):
    a = services.agreement_create(
        actor=officer, small_party=alice[1], large_party=carol[1], data=clauses()
    )
    assert "verifikasi" in _failed(a)
    with pytest.raises(ValidationError, match="diverifikasi"):
        services.agreement_submit(actor=alice[0], agreement=a)


def test_pairing_check_and_create_refuses_uncovered_pairs(agreement, officer, alice, bob):
    with pytest.raises(ValidationError, match="tidak diatur"):
        services.agreement_create(
            actor=officer, small_party=alice[1], large_party=bob[1], data=clauses()
        )
    agreement.large_party.size_class = "kecil"
    assert "pasangan" in _failed(agreement)


def test_payment_term_is_a_warning_labelled_as_local_policy(agreement):
    city = City.objects.get()
    agreement.payment_term_days = city.payment_term_policy_days + 1
    check = next(c for c in services.agreement_checks(agreement) if c.code == "tempo_pembayaran")
    assert not check.ok and check.level == "warning"
    assert "kebijakan daerah, bukan ketentuan undang-undang" in check.message
    assert services.blocking_checks(agreement) == []


def test_terbilang_must_match(agreement, alice):
    agreement.estimated_value_words = "satu juta rupiah"
    assert "terbilang" in _failed(agreement)
    services.agreement_update(
        actor=alice[0], agreement=agreement, data={"estimated_value": 2_500_000}
    )
    assert agreement.estimated_value_words == "dua juta lima ratus ribu rupiah"
    assert "terbilang" not in _failed(agreement)


def test_end_after_start_constraint(agreement):
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.filter(pk=agreement.pk).update(end_date=datetime.date(2026, 1, 1))


def test_service_rejects_end_before_start(verified):
    (u, small), (_, large) = verified
    with pytest.raises(ValidationError):
        services.agreement_create(
            actor=u,
            small_party=small,
            large_party=large,
            data=clauses(end_date=datetime.date(2026, 11, 1)),
        )


def test_template_fills_blank_clauses(verified):
    (u, small), (_, large) = verified
    a = services.agreement_create(
        actor=u,
        small_party=small,
        large_party=large,
        data=clauses(subject="", rights_obligations="", no_control_declared_large=False),
    )
    assert large.name in a.subject and small.name in a.rights_obligations


def test_update_makes_a_version_and_a_readable_diff(agreement, carol):
    services.agreement_update(
        actor=carol[0], agreement=agreement, data={"subject": "Kemplang 100 kg per bulan."}
    )
    *_, v1, v2 = agreement.versions.all()
    diff = services.version_diff(v1, v2)
    assert ("-", agreement.versions.first().clauses["subject"]) in diff
    assert ("+", "Kemplang 100 kg per bulan.") in diff
    assert "Kemplang" in services.version_diff_html(v1, v2)


def test_each_party_declares_pasal_35_for_itself(agreement, alice, carol, officer):
    with pytest.raises(ValidationError, match="pihak yang bersangkutan"):
        services.agreement_update(
            actor=alice[0], agreement=agreement, data={"no_control_declared_large": False}
        )
    with pytest.raises(ValidationError, match="pihak yang bersangkutan"):
        services.agreement_update(
            actor=carol[0], agreement=agreement, data={"no_control_declared_small": False}
        )
    services.agreement_update(
        actor=officer, agreement=agreement, data={"no_control_declared_small": False}
    )
    assert not agreement.no_control_declared_small


def test_outsider_cannot_create_or_edit(agreement, bob, verified):
    (_, small), (_, large) = verified
    with pytest.raises(PermissionDenied):
        services.agreement_create(
            actor=bob[0], small_party=small, large_party=large, data=clauses()
        )
    with pytest.raises(PermissionDenied, match="tidak berhak mengubah"):
        services.agreement_update(actor=bob[0], agreement=agreement, data={"subject": "x"})


# Workflow ---------------------------------------------------------------


def test_full_workflow_numbers_and_audits(witnessed, officer, alice, carol):
    a = witnessed
    assert a.status == Status.WITNESSED
    year = a.approved_at.year
    assert a.number.startswith("001/KMT/DPMPTSP/") and a.number.endswith(f"/{year}")
    assert len(a.signed_sha256) == 64
    services.agreement_activate(actor=officer, agreement=a)
    services.agreement_complete(actor=alice[0], agreement=a)
    a = services.agreement_complete(actor=carol[0], agreement=a)
    assert a.status == Status.COMPLETED
    actions = set(
        AuditLog.objects.filter(
            object_id=str(a.pk), object_type="agreements.agreement"
        ).values_list("action", flat=True)
    )
    assert {
        "agreement.submit",
        "agreement.approve",
        "agreement.sign_small",
        "agreement.sign_large",
        "agreement.witness",
        "agreement.activate",
        "agreement.complete",
    } <= actions


def test_sequence_per_year(ready, verified, officer, officer2, alice):
    (u, small), (_, large) = verified
    b = services.agreement_create(
        actor=officer, small_party=small, large_party=large, data=clauses()
    )
    services.agreement_submit(actor=officer, agreement=b)
    services.agreement_approve(actor=officer2, agreement=b)
    assert b.number.startswith("002/")


def test_submit_denied_to_outsider(agreement, bob):
    with pytest.raises(PermissionDenied, match="Hanya pihak dalam perjanjian atau petugas"):
        services.agreement_submit(actor=bob[0], agreement=agreement)


def test_submit_by_large_party_and_officer_allowed(agreement, carol):
    services.agreement_submit(actor=carol[0], agreement=agreement)
    assert agreement.status == Status.SUBMITTED


@pytest.mark.parametrize("who", ["alice", "carol", "bob"])
def test_only_officer_reviews(agreement, alice, carol, bob, who):
    services.agreement_submit(actor=alice[0], agreement=agreement)
    actor = {"alice": alice, "carol": carol, "bob": bob}[who][0]
    with pytest.raises(PermissionDenied, match="Hanya petugas yang dapat memeriksa"):
        services.agreement_approve(actor=actor, agreement=agreement)
    with pytest.raises(PermissionDenied, match="Hanya petugas yang dapat memeriksa"):
        services.agreement_return(actor=actor, agreement=agreement, notes="x")


def test_officer_who_is_a_member_cannot_approve(agreement, officer, alice):
    from jalinmitra.accounts.services import membership_add

    membership_add(actor=officer, user=officer, business=agreement.small_party)
    services.agreement_submit(actor=alice[0], agreement=agreement)
    with pytest.raises(PermissionDenied, match="anggota salah satu pihak"):
        services.agreement_approve(actor=officer, agreement=agreement)


def test_return_needs_notes_then_allows_edit(agreement, officer, alice):
    services.agreement_submit(actor=alice[0], agreement=agreement)
    with pytest.raises(ValidationError):
        services.agreement_return(actor=officer, agreement=agreement, notes=" ")
    services.agreement_return(actor=officer, agreement=agreement, notes="Harga belum jelas.")
    assert agreement.status == Status.RETURNED
    services.agreement_update(
        actor=alice[0], agreement=agreement, data={"subject": "Harga Rp25.000/kg."}
    )
    services.agreement_submit(actor=alice[0], agreement=agreement)
    assert agreement.status == Status.SUBMITTED


def test_no_edit_after_approval(ready, alice):
    with pytest.raises(ValidationError, match="draf"):
        services.agreement_update(actor=alice[0], agreement=ready, data={"subject": "x"})


def test_each_party_signs_only_for_itself(ready, alice, carol, bob):
    own = "hanya dapat menandatangani untuk usaha Anda sendiri"
    with pytest.raises(PermissionDenied, match=own):
        services.agreement_sign(actor=alice[0], agreement=ready, party="large")
    with pytest.raises(PermissionDenied, match=own):
        services.agreement_sign(actor=carol[0], agreement=ready, party="small")
    with pytest.raises(PermissionDenied, match=own):
        services.agreement_sign(actor=bob[0], agreement=ready, party="small")
    services.agreement_sign(actor=alice[0], agreement=ready, party="small")
    assert ready.status == Status.READY and ready.signed_small_at
    with pytest.raises(ValidationError, match="sudah"):
        services.agreement_sign(actor=alice[0], agreement=ready, party="small")


def test_cannot_sign_before_approval(agreement, alice):
    with pytest.raises(ValidationError, match="belum siap"):
        services.agreement_sign(actor=alice[0], agreement=agreement, party="small")


def test_officer_records_wet_ink_only_with_scan(
    ready, officer, settings, tmp_path, after_commit_now
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError, match="pindaian"):
        services.agreement_sign(actor=officer, agreement=ready, party="small")
    with pytest.raises(ValidationError, match="bukan PDF"):
        services.agreement_sign(
            actor=officer,
            agreement=ready,
            party="small",
            scan=SimpleUploadedFile("s.pdf", b"hello", content_type="application/pdf"),
        )
    scan = SimpleUploadedFile("s.pdf", b"%PDF-1.7 scan", content_type="application/pdf")
    services.agreement_sign(actor=officer, agreement=ready, party="small", scan=scan)
    assert ready.wet_ink and ready.signed_pdf and ready.signed_small_by == officer
    first = ready.signed_pdf.path
    scan = SimpleUploadedFile("s2.pdf", b"%PDF-1.7 both signed", content_type="application/pdf")
    services.agreement_sign(actor=officer, agreement=ready, party="large", scan=scan)
    ready.refresh_from_db()
    assert ready.status == Status.SIGNED
    # The second scan replaces the first: one file on disk, the hash of the later one.
    on_disk = sorted(tmp_path.rglob("*.pdf"))
    assert on_disk == [Path(ready.signed_pdf.path)]
    assert Path(first) == on_disk[0] or not Path(first).exists()


@pytest.mark.parametrize("who", ["alice", "carol"])
def test_parties_cannot_witness_or_activate(signed, alice, carol, who, witnesses):
    actor = {"alice": alice, "carol": carol}[who][0]
    with pytest.raises(PermissionDenied, match="Hanya petugas yang dapat memeriksa"):
        services.agreement_witness(actor=actor, agreement=signed, witnesses=witnesses)


def test_witness_only_after_both_signed(ready, officer, witnesses):
    with pytest.raises(ValidationError, match="kedua pihak"):
        services.agreement_witness(actor=officer, agreement=ready, witnesses=witnesses)


def test_activate_only_officer_and_after_witness(signed, witnessed, officer, alice):
    with pytest.raises(PermissionDenied, match="Hanya petugas yang dapat mengaktifkan"):
        services.agreement_activate(actor=alice[0], agreement=witnessed)
    services.agreement_activate(actor=officer, agreement=witnessed)
    assert witnessed.status == Status.ACTIVE


def test_activate_refused_before_witness(signed, officer):
    with pytest.raises(
        ValidationError, match="tidak dapat dilakukan pada perjanjian berstatus"
    ) as e:
        services.agreement_activate(actor=officer, agreement=signed)
    assert e.value.code == "state"


def test_terminate_needs_reason_and_both_parties(witnessed, officer, bob, carol, alice):
    services.agreement_activate(actor=officer, agreement=witnessed)
    with pytest.raises(PermissionDenied):
        services.agreement_terminate(actor=bob[0], agreement=witnessed, reason="x")
    with pytest.raises(ValidationError):
        services.agreement_terminate(actor=carol[0], agreement=witnessed, reason="")
    a = services.agreement_terminate(actor=carol[0], agreement=witnessed, reason="Usaha tutup.")
    assert a.status == Status.ACTIVE and a.end_proposal == "terminate"
    a = services.agreement_terminate(actor=alice[0], agreement=a, reason="")
    assert a.status == Status.TERMINATED and a.end_reason == "Usaha tutup."


def test_complete_denied_to_outsider_and_before_active(witnessed, bob, alice):
    with pytest.raises(PermissionDenied):
        services.agreement_complete(actor=bob[0], agreement=witnessed)
    with pytest.raises(ValidationError):
        services.agreement_complete(actor=alice[0], agreement=witnessed)


def test_amendment_replaces_the_active_agreement_once_active(
    witnessed, officer, alice, carol, bob, witnesses
):
    services.agreement_activate(actor=officer, agreement=witnessed)
    with pytest.raises(PermissionDenied, match="Hanya pihak dalam perjanjian atau petugas"):
        services.agreement_amend(actor=bob[0], agreement=witnessed)
    draft = services.agreement_amend(actor=carol[0], agreement=witnessed)
    assert draft.status == Status.DRAFT and draft.amends == witnessed and draft.number is None
    assert draft.subject == witnessed.subject and draft.code != witnessed.code
    with pytest.raises(ValidationError, match="sudah dibuat"):
        services.agreement_amend(actor=alice[0], agreement=witnessed)
    services.agreement_update(actor=alice[0], agreement=draft, data={"subject": "Jumlah naik."})
    services.agreement_submit(actor=alice[0], agreement=draft)
    services.agreement_approve(actor=officer, agreement=draft)
    services.agreement_sign(actor=alice[0], agreement=draft, party="small")
    services.agreement_sign(actor=carol[0], agreement=draft, party="large")
    services.agreement_witness(actor=officer, agreement=draft, witnesses=witnesses)
    witnessed.refresh_from_db()
    assert witnessed.status == Status.ACTIVE
    services.agreement_activate(actor=officer, agreement=draft)
    witnessed.refresh_from_db()
    assert witnessed.status == Status.AMENDED and draft.status == Status.ACTIVE

"""Personal data under UU PDP 27/2022 (issue 8, item 16): the owner's copy of their data and
own NIK, deletion requests handled by anonymisation within 3 x 24 hours, the retention job,
and officers' views of a full NIK left in the audit trail."""

import io
import json
import zipfile
from datetime import timedelta

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from jalinmitra.agreements.models import Agreement, AgreementVersion
from jalinmitra.businesses.models import Business, Offer
from jalinmitra.businesses.services import offer_create
from jalinmitra.core.models import AuditLog
from jalinmitra.privacy import services
from jalinmitra.privacy.choices import RequestStatus
from jalinmitra.privacy.models import DeletionRequest
from jalinmitra.privacy.tests.conftest import (
    DEWI_ADDRESS,
    DEWI_EMAIL,
    DEWI_NAME,
    DEWI_NIK,
    DEWI_PHONE,
    DEWI_PHONE_STORED,
)
from jalinmitra.testing import dump_rows, make_business

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://jahat.example","klik")'


def _zip(response) -> zipfile.ZipFile:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


# --- access: the owner's copy -------------------------------------------------------------


def test_owner_downloads_everything_held_about_them(client, dewi, agreement):
    user, business = dewi
    offer_create(actor=user, business=business, data={"title": "Sambal roa botol 200 g"})
    client.force_login(user)
    archive = _zip(client.get(reverse("privacy:download")))
    assert sorted(archive.namelist()) == ["data.json", "data.xlsx"]

    data = json.loads(archive.read("data.json"))
    assert data["akun"][0]["username"] == "dewi"
    assert "password" not in data["akun"][0]
    assert data["usaha"][0]["owner_nik"] == DEWI_NIK
    assert data["usaha"][0]["whatsapp"] == DEWI_PHONE_STORED
    assert [o["title"] for o in data["penawaran"]] == ["Sambal roa botol 200 g"]
    assert [a["code"] for a in data["perjanjian"]] == [agreement.code]
    assert len(data["versi_perjanjian"]) == 1
    assert {"business.create", "offer.create", "agreement.create"} <= {
        row["action"] for row in data["jejak_audit"]
    }
    for key in ("sertifikat", "kebutuhan", "temu_usaha", "pertemuan", "permintaan_hapus"):
        assert key in data

    workbook = openpyxl.load_workbook(io.BytesIO(archive.read("data.xlsx")))
    assert {"Akun", "Usaha", "Penawaran", "Perjanjian kemitraan", "Jejak audit"} <= set(
        workbook.sheetnames
    )
    sheet = workbook["Usaha"]
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert row["NIK pemilik"] == DEWI_NIK


def test_download_is_audited_and_holds_no_one_elses_data(client, dewi, alice):
    client.force_login(dewi[0])
    archive = _zip(client.get(reverse("privacy:download")))
    content = archive.read("data.json").decode()
    assert alice[1].owner_nik not in content
    assert alice[1].name not in content
    assert AuditLog.objects.filter(action="privacy.export", actor=dewi[0]).count() == 1


def test_download_keeps_formula_like_text_as_text(client, dewi):
    user, business = dewi
    offer_create(actor=user, business=business, data={"title": EVIL})
    client.force_login(user)
    archive = _zip(client.get(reverse("privacy:download")))
    sheet = openpyxl.load_workbook(io.BytesIO(archive.read("data.xlsx")))["Penawaran"]
    titles = [c.value for c in sheet["B"]] + [c.value for row in sheet.iter_rows() for c in row]
    assert "'" + EVIL in titles
    assert EVIL not in titles


def test_download_needs_login(client):
    response = client.get(reverse("privacy:download"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


def test_owner_sees_own_full_nik_on_data_page(client, dewi, alice):
    client.force_login(dewi[0])
    html = client.get(reverse("privacy:mine")).content.decode()
    assert DEWI_NIK in html
    assert DEWI_PHONE_STORED in html
    assert alice[1].owner_nik not in html


def test_staff_member_does_not_get_the_owners_nik(client, dewi, officer):
    from jalinmitra.accounts.services import membership_add, user_create

    staff = user_create(actor=None, username="staf", password="rahasia-staf-1", full_name="Staf")
    membership_add(actor=officer, user=staff, business=dewi[1], role="staff")
    client.force_login(staff)
    assert DEWI_NIK not in client.get(reverse("privacy:mine")).content.decode()
    archive = _zip(client.get(reverse("privacy:download")))
    data = json.loads(archive.read("data.json"))
    assert DEWI_NIK not in json.dumps(data)
    assert [m["business"] for m in data["keanggotaan"]] == ["Sambal Roa Mbak Dewi"]


# --- deletion requests -------------------------------------------------------------------


def test_owner_asks_for_deletion_after_confirming(client, dewi):
    user, _business = dewi
    client.force_login(user)
    page = client.get(reverse("privacy:request"))
    assert page.status_code == 200
    assert not DeletionRequest.objects.exists()  # the page only asks

    unconfirmed = client.post(reverse("privacy:request"), {"reason": "Usaha tutup"})
    assert unconfirmed.status_code == 200
    assert "Centang kotak ini" in unconfirmed.content.decode()
    assert not DeletionRequest.objects.exists()

    response = client.post(reverse("privacy:request"), {"reason": "Usaha tutup", "confirm": "on"})
    assert response.status_code == 302
    request = DeletionRequest.objects.get()
    assert request.requested_by == user
    assert request.status == RequestStatus.PENDING
    assert request.due_at - request.created_at == timedelta(hours=72)
    assert AuditLog.objects.filter(action="privacy.request", object_id=str(request.pk)).exists()
    assert "sedang diproses petugas" in client.get(reverse("privacy:mine")).content.decode()


def test_a_second_pending_request_is_refused(dewi):
    services.deletion_request_create(actor=dewi[0])
    with pytest.raises(ValidationError) as e:
        services.deletion_request_create(actor=dewi[0])
    assert "sudah punya permintaan" in e.value.messages[0]
    assert DeletionRequest.objects.count() == 1


def test_reason_has_a_limit(dewi):
    with pytest.raises(ValidationError) as e:
        services.deletion_request_create(actor=dewi[0], reason="x" * 1001)
    assert "reason" in e.value.error_dict
    assert not DeletionRequest.objects.exists()


def test_anonymising_erases_the_person_everywhere_but_keeps_the_agreement(dewi, agreement, officer):
    user, business = dewi
    before = dump_rows()
    for value in (
        DEWI_NIK,
        DEWI_PHONE_STORED,
        DEWI_EMAIL,
        DEWI_NAME,
        DEWI_ADDRESS,
        "0813-7777-5555",
    ):
        assert value in before  # the test would prove nothing otherwise
    request = services.deletion_request_create(actor=user, reason=f"Saya {DEWI_NAME}, tutup")

    result = services.deletion_request_anonymise(actor=officer, request=request)

    dump = dump_rows()
    for value in (
        DEWI_NIK,
        DEWI_PHONE_STORED,
        DEWI_PHONE,
        DEWI_PHONE_STORED.lstrip("+"),
        "0813-7777-5555",
        DEWI_EMAIL,
        DEWI_NAME,
        DEWI_ADDRESS,
    ):
        assert value not in dump, value
    placeholder = f"Dihapus atas permintaan #{request.pk}"
    business.refresh_from_db()
    assert business.owner_name == placeholder
    assert (business.owner_nik, business.npwp, business.whatsapp, business.email) == (
        "",
        "",
        "",
        "",
    )
    assert business.name == "Sambal Roa Mbak Dewi"  # the business itself stays named

    kept = Agreement.objects.get(pk=agreement.pk)
    assert (kept.small_party_id, kept.large_party_id) == (business.pk, agreement.large_party_id)
    assert placeholder in kept.subject
    assert "Sambal roa 100 botol per bulan" in kept.subject
    assert placeholder in AgreementVersion.objects.get(agreement=kept).clauses["subject"]
    assert result.agreements_kept == 1 and result.businesses == 1

    user.refresh_from_db()
    assert not user.is_active and not user.has_usable_password()
    assert user.username == f"dihapus-{request.pk}"
    request.refresh_from_db()
    assert request.status == RequestStatus.DONE and request.handled_by == officer
    trail = AuditLog.objects.get(action="privacy.anonymise")
    assert trail.actor == officer and trail.object_id == str(request.pk)
    assert AuditLog.objects.filter(action="business.anonymise", business_id=business.pk).exists()
    # The partner is untouched.
    assert Business.objects.get(pk=agreement.large_party_id).owner_nik == "1872011203700006"


def test_the_person_is_told_the_outcome_by_email(
    dewi, officer, django_capture_on_commit_callbacks, mailoutbox
):
    request = services.deletion_request_create(actor=dewi[0])
    with django_capture_on_commit_callbacks(execute=True):
        services.deletion_request_anonymise(actor=officer, request=request)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [DEWI_EMAIL]  # captured before it was erased
    assert "sudah diproses" in mailoutbox[0].subject
    assert DEWI_NAME not in mailoutbox[0].body and DEWI_NIK not in mailoutbox[0].body


def test_the_notice_follows_the_owners_language_also_to_the_business_address(
    dewi, officer, django_capture_on_commit_callbacks, mailoutbox
):
    """Dewi chose English: the notice to her and to her business's own address is English,
    even though the officer handling it reads Indonesian."""
    from jalinmitra.accounts.models import User

    user, business = dewi
    User.objects.filter(pk=user.pk).update(language="en", email="dewi.pribadi@contoh.id")
    user.refresh_from_db()
    request = services.deletion_request_create(actor=user)
    with django_capture_on_commit_callbacks(execute=True):
        services.deletion_request_anonymise(actor=officer, request=request)
    assert [sorted(m.to) for m in mailoutbox] == [[DEWI_EMAIL, "dewi.pribadi@contoh.id"]]
    assert mailoutbox[0].subject == "Your data deletion request has been processed"


def test_a_refusal_is_mailed_with_its_reason(
    dewi, officer, django_capture_on_commit_callbacks, mailoutbox
):
    request = services.deletion_request_create(actor=dewi[0])
    with django_capture_on_commit_callbacks(execute=True):
        services.deletion_request_refuse(
            actor=officer, request=request, reason="Perjanjian masih berjalan sampai Mei."
        )
    assert [m.to for m in mailoutbox] == [[DEWI_EMAIL]]
    assert "Perjanjian masih berjalan sampai Mei." in mailoutbox[0].body


def test_a_form_opened_before_anonymising_cannot_write_the_old_values_back(
    dewi, agreement, officer
):
    if not any(f.name == "version" for f in Business._meta.concrete_fields):
        pytest.skip("Business has no version field (lost-update check) in this tree yet")
    business_version = Business.objects.get(pk=dewi[1].pk).version
    agreement_version = Agreement.objects.values_list("version", flat=True).get(pk=agreement.pk)
    request = services.deletion_request_create(actor=dewi[0])
    services.deletion_request_anonymise(actor=officer, request=request)
    assert Business.objects.get(pk=dewi[1].pk).version > business_version
    # The agreement's subject named Dewi, so it changed, and so did its version.
    assert Agreement.objects.values_list("version", flat=True).get(pk=agreement.pk) > (
        agreement_version
    )


def test_anonymised_owner_cannot_log_in_and_offers_leave_the_catalogue(client, dewi, officer):
    user, business = dewi
    offer = offer_create(actor=user, business=business, data={"title": "Sambal roa"})
    request = services.deletion_request_create(actor=user)
    services.deletion_request_anonymise(actor=officer, request=request)
    assert not Offer.objects.get(pk=offer.pk).is_active
    assert not client.login(username="dewi", password="rahasia-dewi-1")


def test_anonymising_removes_offer_photos_and_their_files(
    dewi, officer, settings, tmp_path, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from jalinmitra.businesses.models import OfferPhoto
    from jalinmitra.businesses.services import offer_photo_add

    settings.MEDIA_ROOT = tmp_path
    user, business = dewi
    offer = offer_create(actor=user, business=business, data={"title": "Sambal roa"})
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 60, 40)).save(out, "PNG")
    photo = offer_photo_add(
        actor=user, offer=offer, upload=SimpleUploadedFile("roa.png", out.getvalue(), "image/png")
    )
    path = tmp_path / photo.image.name
    assert path.exists()
    request = services.deletion_request_create(actor=user)
    with django_capture_on_commit_callbacks(execute=True):
        services.deletion_request_anonymise(actor=officer, request=request)
    assert not OfferPhoto.objects.filter(offer__business=business).exists()
    assert not path.exists()


def test_only_another_officer_may_anonymise(dewi, alice, officer):
    request = services.deletion_request_create(actor=dewi[0])
    with pytest.raises(PermissionDenied):
        services.deletion_request_anonymise(actor=alice[0], request=request)
    with pytest.raises(PermissionDenied):
        services.deletion_request_anonymise(actor=dewi[0], request=request)
    own = services.deletion_request_create(actor=officer)
    with pytest.raises(PermissionDenied):
        services.deletion_request_anonymise(actor=officer, request=own)
    assert Business.objects.get(pk=dewi[1].pk).owner_nik == DEWI_NIK


def test_a_handled_request_is_not_handled_twice(dewi, officer, city_admin):
    request = services.deletion_request_create(actor=dewi[0])
    services.deletion_request_refuse(actor=officer, request=request, reason="Perjanjian berjalan")
    with pytest.raises(ValidationError):
        services.deletion_request_anonymise(actor=city_admin, request=request)
    assert Business.objects.get(pk=dewi[1].pk).owner_nik == DEWI_NIK


def test_refusing_needs_a_reason(dewi, officer):
    request = services.deletion_request_create(actor=dewi[0])
    with pytest.raises(ValidationError) as e:
        services.deletion_request_refuse(actor=officer, request=request, reason="  ")
    assert "reason" in e.value.error_dict
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING
    services.deletion_request_refuse(actor=officer, request=request, reason="Kontrak aktif")
    request.refresh_from_db()
    assert (request.status, request.refusal_reason) == (RequestStatus.REFUSED, "Kontrak aktif")
    assert AuditLog.objects.filter(action="privacy.refuse", object_id=str(request.pk)).exists()


def test_officer_queue_shows_due_time_and_overdue(client, dewi, alice, officer):
    late = services.deletion_request_create(actor=dewi[0])
    DeletionRequest.objects.filter(pk=late.pk).update(
        created_at=timezone.now() - timedelta(days=4),
        due_at=timezone.now() - timedelta(days=1),
    )
    services.deletion_request_create(actor=alice[0])
    client.force_login(officer)
    html = client.get(reverse("privacy:queue")).content.decode()
    assert html.count("Lewat batas waktu") == 1
    assert html.count("card request overdue") == 1
    assert html.count("card request") == 2
    assert DEWI_NAME in html


def test_queue_and_handling_are_for_officers_only(client, dewi, alice):
    request = services.deletion_request_create(actor=dewi[0])
    client.force_login(alice[0])
    assert client.get(reverse("privacy:queue")).status_code == 403
    assert client.post(reverse("privacy:anonymise", args=[request.pk])).status_code == 403
    assert (
        client.post(reverse("privacy:refuse", args=[request.pk]), {"reason": "x"}).status_code
        == 403
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING


def test_officer_anonymises_after_a_confirmation_step(client, dewi, officer):
    request = services.deletion_request_create(actor=dewi[0])
    client.force_login(officer)
    confirm = client.get(reverse("privacy:anonymise", args=[request.pk]))
    assert confirm.status_code == 200
    assert "Ya, anonimkan sekarang" in confirm.content.decode()
    assert Business.objects.get(pk=dewi[1].pk).owner_nik == DEWI_NIK  # asking changed nothing
    response = client.post(reverse("privacy:anonymise", args=[request.pk]), follow=True)
    assert "sudah dianonimkan" in response.content.decode()
    assert Business.objects.get(pk=dewi[1].pk).owner_nik == ""


def test_refuse_form_shows_the_error_under_the_field(client, dewi, officer):
    request = services.deletion_request_create(actor=dewi[0])
    client.force_login(officer)
    response = client.post(reverse("privacy:refuse", args=[request.pk]), {"reason": ""})
    assert response.status_code == 400
    assert "Tuliskan alasan penolakan" in response.content.decode()


# --- requests recorded at the office counter -------------------------------------------------


def test_officer_records_a_counter_request_for_an_owner_without_login(client, officer, city_admin):
    business = make_business(
        officer=officer, name="Gula Aren Pak Darmo", nik="1872011507650007", whatsapp="081355554444"
    )
    client.force_login(officer)
    detail = client.get(reverse("businesses:detail", args=[business.pk])).content.decode()
    assert reverse("privacy:business", args=[business.pk]) in detail
    page = client.get(reverse("privacy:business", args=[business.pk])).content.decode()
    assert reverse("privacy:record", args=[business.pk]) in page

    form = client.get(reverse("privacy:record", args=[business.pk]))
    assert form.status_code == 200 and not DeletionRequest.objects.exists()
    unchecked = client.post(reverse("privacy:record", args=[business.pk]), {"reason": "Tutup"})
    assert "Cocokkan KTP pemohon" in unchecked.content.decode()
    assert not DeletionRequest.objects.exists()
    response = client.post(
        reverse("privacy:record", args=[business.pk]),
        {"reason": "Tutup", "identity_checked": "on"},
    )
    request = DeletionRequest.objects.get()
    assert response.url == reverse("privacy:detail", args=[request.pk])
    assert (request.requested_by, request.business, request.recorded_by) == (
        None,
        business,
        officer,
    )
    assert AuditLog.objects.filter(
        action="privacy.request_record", business_id=business.pk
    ).exists()
    queue = client.get(reverse("privacy:queue")).content.decode()
    assert "Pemilik Gula Aren Pak Darmo" in queue and "dicatat di loket" in queue

    with pytest.raises(ValidationError):
        services.deletion_request_record(actor=officer, business=business)

    services.deletion_request_anonymise(actor=city_admin, request=request)
    business.refresh_from_db()
    assert business.owner_nik == "" and business.whatsapp == ""
    dump = dump_rows()
    assert "1872011507650007" not in dump and "Pemilik Gula Aren Pak Darmo" not in dump


def test_a_counter_request_for_a_business_with_an_owner_login_closes_it(dewi, officer, city_admin):
    request = services.deletion_request_record(actor=officer, business=dewi[1])
    assert request.requested_by == dewi[0]
    with pytest.raises(ValidationError):
        services.deletion_request_create(actor=dewi[0])  # one request at a time
    services.deletion_request_anonymise(actor=city_admin, request=request)
    dewi[0].refresh_from_db()
    assert not dewi[0].is_active
    assert DEWI_NIK not in dump_rows()


def test_only_officers_record_counter_requests(client, dewi, alice):
    with pytest.raises(PermissionDenied):
        services.deletion_request_record(actor=alice[0], business=dewi[1])
    client.force_login(alice[0])
    response = client.post(reverse("privacy:record", args=[dewi[1].pk]), {"identity_checked": "on"})
    assert response.status_code == 403
    assert not DeletionRequest.objects.exists()
    own_page = client.get(reverse("businesses:detail", args=[alice[1].pk])).content.decode()
    assert reverse("privacy:business", args=[alice[1].pk]) not in own_page
    assert client.get(reverse("privacy:business", args=[dewi[1].pk])).status_code == 403
    assert client.get(reverse("privacy:business_download", args=[dewi[1].pk])).status_code == 403
    assert not AuditLog.objects.filter(action="privacy.export_business").exists()


def test_officer_downloads_a_copy_for_an_owner_at_the_counter(client, officer, dewi, alice):
    client.force_login(officer)
    archive = _zip(client.get(reverse("privacy:business_download", args=[dewi[1].pk])))
    data = json.loads(archive.read("data.json"))
    assert data["akun"] == []
    assert [b["owner_nik"] for b in data["usaha"]] == [DEWI_NIK]
    assert [m["user"] for m in data["keanggotaan"]] == [DEWI_NAME]
    assert alice[1].owner_nik not in archive.read("data.json").decode()
    row = AuditLog.objects.get(action="privacy.export_business")
    assert (row.actor, row.business_id) == (officer, dewi[1].pk)


# --- an officer looks at a full NIK ----------------------------------------------------------


def test_business_page_masks_nik_for_officers_until_asked(client, dewi, officer):
    client.force_login(officer)
    html = client.get(reverse("businesses:detail", args=[dewi[1].pk])).content.decode()
    assert DEWI_NIK not in html
    assert dewi[1].masked_nik in html
    assert reverse("privacy:nik_reveal", args=[dewi[1].pk]) in html


def test_officer_viewing_a_full_nik_is_audited(client, dewi, officer):
    client.force_login(officer)
    response = client.post(
        reverse("privacy:nik_reveal", args=[dewi[1].pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert DEWI_NIK in response.content.decode()
    row = AuditLog.objects.get(action="business.nik_view")
    assert (row.actor, row.business_id) == (officer, dewi[1].pk)
    assert DEWI_NIK not in json.dumps(row.changes)


def test_nik_reveal_is_refused_to_owners_and_needs_post(client, dewi, alice, officer):
    client.force_login(alice[0])
    response = client.post(reverse("privacy:nik_reveal", args=[dewi[1].pk]))
    assert response.status_code == 403
    assert DEWI_NIK not in response.content.decode()
    client.force_login(officer)
    assert client.get(reverse("privacy:nik_reveal", args=[dewi[1].pk])).status_code == 405
    assert not AuditLog.objects.filter(action="business.nik_view").exists()


def test_officer_edit_form_does_not_print_the_nik(client, dewi, officer):
    client.force_login(officer)
    html = client.get(reverse("businesses:edit", args=[dewi[1].pk])).content.decode()
    assert DEWI_NIK not in html


# --- retention ---------------------------------------------------------------------------


def _age(business, days: int) -> None:
    Business.objects.filter(pk=business.pk).update(updated_at=timezone.now() - timedelta(days=days))


def test_retention_deletes_old_unverified_drafts(officer, settings):
    settings.PRIVACY_RETENTION_UNVERIFIED_DAYS = 365
    old = make_business(officer=officer, name="Draf Lama", nik="1872014506900011")
    fresh = make_business(officer=officer, name="Draf Baru", nik="1872014506900012")
    verified = make_business(
        officer=officer, name="Sudah Terverifikasi", nik="1872014506900013", verified=True
    )
    for b in (old, fresh, verified):
        _age(b, 400 if b is not fresh else 30)

    out = io.StringIO()
    call_command("privacy_retention", stdout=out)

    assert not Business.objects.filter(pk=old.pk).exists()
    assert Business.objects.filter(pk=fresh.pk).exists()
    assert Business.objects.filter(pk=verified.pk).exists()
    assert "1 dihapus" in out.getvalue()
    assert "1872014506900011" not in dump_rows()
    assert AuditLog.objects.filter(action="privacy.retention_delete").count() == 1


def test_retention_anonymises_a_draft_an_agreement_still_needs(officer, settings, dewi, agreement):
    _user, business = dewi
    _age(business, 400)
    settings.PRIVACY_RETENTION_UNVERIFIED_DAYS = 365
    report = services.retention_apply()
    assert (report.deleted, report.anonymised) == (0, 1)
    business.refresh_from_db()
    assert business.owner_nik == "" and business.owner_name == "Dihapus oleh aturan retensi"
    assert Agreement.objects.filter(pk=agreement.pk).exists()
    assert DEWI_NIK not in dump_rows()
    # Run again: nothing left to do.
    assert services.retention_apply() == services.RetentionReport()


def test_retention_days_come_from_the_setting(officer, settings):
    old = make_business(officer=officer, name="Draf Sedang", nik="1872014506900014")
    _age(old, 100)
    settings.PRIVACY_RETENTION_UNVERIFIED_DAYS = 365
    assert services.retention_apply().deleted == 0
    settings.PRIVACY_RETENTION_UNVERIFIED_DAYS = 90
    assert services.retention_apply().deleted == 1


def test_retention_dry_run_changes_nothing(officer):
    old = make_business(officer=officer, name="Draf Lama", nik="1872014506900015")
    _age(old, 400)
    out = io.StringIO()
    call_command("privacy_retention", "--dry-run", stdout=out)
    assert Business.objects.filter(pk=old.pk).exists()
    assert "1" in out.getvalue()


# --- rules on the models -------------------------------------------------------------------


@pytest.mark.parametrize("app_label", ["accounts", "privacy"])
def test_text_fields_have_limits_and_constraints_speak(app_label):
    from django.apps import apps
    from django.core.validators import MaxLengthValidator
    from django.db import models

    for model in apps.get_app_config(app_label).get_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, models.TextField):
                assert any(isinstance(v, MaxLengthValidator) for v in f.validators), f
        for c in model._meta.constraints:
            if isinstance(c, models.CheckConstraint):
                assert c.violation_error_message != c.default_violation_error_message, c

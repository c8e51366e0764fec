"""Registry writes: input cleaning, size classes, the audit trail and the KBLI rules."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from jalinmitra.businesses import services
from jalinmitra.businesses.models import Business, BusinessKbli
from jalinmitra.core.models import AuditLog, KbliCode, Region
from jalinmitra.core.selectors import DEFAULT_KBLI_VERSION

NIK = "1872031508750003"
MILIAR = 1_000_000_000


def _full(business: Business, **changes) -> dict:
    """Every registry field as stored, with some changed: what the edit form sends."""
    data = {f: getattr(business, f) for f in services.BUSINESS_FIELDS}
    data.update(changes)
    return data


def _create(officer, **data):
    base = {"name": "Kopi Robusta Pak Sutris", "owner_name": "Sutrisno"}
    base.update(data)
    return services.business_create(actor=officer, data=base)


# --- business_clean ---------------------------------------------------------


@pytest.mark.django_db
def test_business_clean_normalises_identifiers():
    cleaned = services.business_clean(
        {
            "name": "Kopi",
            "owner_name": "Sutrisno",
            "owner_nik": "1872 0315 0875 0003",
            "nib": "1234-5678-90999",
            "npwp": "01.234.567.4-901.000",
            "whatsapp": "+62 812-3456-7890",
            "email": "kopi@example.id",
        }
    )
    assert cleaned["owner_nik"] == NIK
    assert cleaned["nib"] == "1234567890999"
    assert cleaned["npwp"] == "0012345674901000"
    assert cleaned["whatsapp"] == "+6281234567890"


@pytest.mark.django_db
def test_business_clean_blank_identifiers():
    cleaned = services.business_clean(
        {"name": "Kopi", "owner_name": "S", "nib": "", "npwp": None, "owner_nik": ""}
    )
    assert cleaned["nib"] is None  # NULL, so many businesses without a NIB stay unique
    assert cleaned["npwp"] == ""
    assert cleaned["owner_nik"] == ""


@pytest.mark.django_db
def test_business_clean_names_every_bad_field_in_indonesian():
    with pytest.raises(ValidationError) as exc:
        services.business_clean(
            {
                "name": "  ",
                "owner_name": "",
                "owner_nik": "1872",
                "nib": "12a",
                "npwp": "123",
                "whatsapp": "021-555-1234",
                "email": "bukan-email",
                "modal_usaha": -1,
                "hasil_penjualan": -5,
            }
        )
    errors = exc.value.message_dict
    assert errors == {
        "name": ["Nama usaha wajib diisi."],
        "owner_name": ["Nama pemilik wajib diisi."],
        "owner_nik": ["NIK harus 16 angka (yang diisi 4 angka)"],
        "nib": ["NIB hanya boleh berisi angka"],
        "npwp": ["NPWP harus 16 angka, atau 15 angka untuk NPWP lama (yang diisi 3 angka)"],
        "whatsapp": [
            "Nomor 021-555-1234 bukan nomor HP; masukkan nomor HP yang diawali 08, "
            "contoh: 0812-3456-7890"
        ],
        "email": ["Alamat email tidak valid."],
        "modal_usaha": ["Nilai tidak boleh negatif."],
        "hasil_penjualan": ["Nilai tidak boleh negatif."],
    }


@pytest.mark.django_db
def test_business_clean_duplicate_nib(officer, alice):
    _, business = alice
    with pytest.raises(ValidationError) as exc:
        services.business_clean({"name": "Lain", "nib": "1234567890123"})
    assert exc.value.message_dict == {
        "nib": ["NIB 1234567890123 sudah terdaftar untuk usaha lain."]
    }
    # The business's own NIB is not a clash with itself.
    services.business_clean({"nib": "1234567890123"}, instance=business)


@pytest.mark.django_db
def test_business_create_refuses_bad_input_and_saves_nothing(officer):
    before = (Business.objects.count(), AuditLog.objects.count())
    with pytest.raises(ValidationError):
        _create(officer, owner_nik="123")
    assert (Business.objects.count(), AuditLog.objects.count()) == before


@pytest.mark.django_db
def test_business_update_leaves_fields_it_was_not_given(officer, alice):
    _, business = alice
    services.business_update(
        actor=officer, business=business, data={"description": "Keripik pisang renyah"}
    )
    business.refresh_from_db()
    assert business.description == "Keripik pisang renyah"
    assert business.name == "Keripik Pisang Bu Alice"
    assert business.modal_usaha == 50_000_000


@pytest.mark.django_db
def test_business_update_keeps_identifiers_it_was_not_given(officer, alice):
    _, business = alice
    services.business_update(
        actor=officer, business=business, data={"description": "Keripik pisang renyah"}
    )
    business.refresh_from_db()
    assert business.owner_nik == "1872014506900001"
    assert business.nib == "1234567890123"
    assert business.whatsapp == "+6281234567890"


# --- size class -------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("modal", "penjualan", "size"),
    [
        (1 * MILIAR, None, "mikro"),
        (1 * MILIAR + 1, None, "kecil"),
        (5 * MILIAR, None, "kecil"),
        (5 * MILIAR + 1, None, "menengah"),
        (10 * MILIAR, None, "menengah"),
        (10 * MILIAR + 1, None, "besar"),
        (None, 2 * MILIAR, "mikro"),
        (None, 2 * MILIAR + 1, "kecil"),
        (None, 15 * MILIAR, "kecil"),
        (None, 15 * MILIAR + 1, "menengah"),
        (None, 50 * MILIAR, "menengah"),
        (None, 50 * MILIAR + 1, "besar"),
        (0, 0, "mikro"),
        # Annual sales decide for a running business, whatever its capital.
        (20 * MILIAR, 1 * MILIAR, "mikro"),
        (100_000_000, 60 * MILIAR, "besar"),
        (None, None, ""),
    ],
)
def test_size_class_boundaries_through_the_service(officer, modal, penjualan, size):
    business = _create(officer, modal_usaha=modal, hasil_penjualan=penjualan)
    business.refresh_from_db()
    assert business.size_class == size


@pytest.mark.django_db
def test_size_class_follows_an_update_and_is_audited(officer, alice):
    _, business = alice
    services.business_update(
        actor=officer, business=business, data=_full(business, hasil_penjualan=2 * MILIAR + 1)
    )
    business.refresh_from_db()
    assert business.size_class == "kecil"
    log = AuditLog.objects.get(action="business.update", business_id=business.pk)
    assert log.changes["size_class"] == ["mikro", "kecil"]
    assert log.changes["hasil_penjualan"] == [300_000_000, 2 * MILIAR + 1]


# --- audit trail ------------------------------------------------------------


@pytest.mark.django_db
def test_audit_records_only_changed_fields_with_old_and_new(officer, alice):
    _, business = alice
    services.business_update(
        actor=officer,
        business=business,
        data=_full(business, name="Keripik Pisang Bu Alice Jaya", whatsapp="0813-1111-2222"),
    )
    log = AuditLog.objects.get(action="business.update", business_id=business.pk)
    assert log.actor == officer
    assert log.actor_name == "Siti Petugas"
    assert log.object_type == "businesses.business"
    assert log.object_id == str(business.pk)
    assert log.changes == {
        "name": ["Keripik Pisang Bu Alice", "Keripik Pisang Bu Alice Jaya"],
        "whatsapp": ["+6281234567890", "+6281311112222"],
    }


@pytest.mark.django_db
def test_update_without_changes_writes_no_audit(officer, alice):
    _, business = alice
    services.business_update(actor=officer, business=business, data=_full(business))
    assert not AuditLog.objects.filter(action="business.update").exists()


@pytest.mark.django_db
def test_audit_never_stores_a_raw_nik(officer, alice):
    _, business = alice
    new_nik = "1872021203850002"
    services.business_update(
        actor=officer, business=business, data=_full(business, owner_nik=new_nik)
    )
    business.refresh_from_db()
    assert business.owner_nik == new_nik
    log = AuditLog.objects.get(action="business.update", business_id=business.pk)
    assert log.changes == {"owner_nik": ["***", "***"]}
    create_log = AuditLog.objects.get(action="business.create", business_id=business.pk)
    assert create_log.changes["owner_nik"] == ["", "***"]
    everything = json.dumps(list(AuditLog.objects.values("changes", "object_repr")))
    assert "1872014506900001" not in everything
    assert new_nik not in everything


@pytest.mark.django_db
def test_owner_changing_identity_of_verified_business_needs_new_verification(officer, alice):
    user, business = alice
    services.business_verify(actor=officer, business=business)
    services.business_update(actor=user, business=business, data=_full(business, name="Nama Baru"))
    business.refresh_from_db()
    assert business.status == "submitted"
    log = AuditLog.objects.get(action="business.update", business_id=business.pk)
    assert log.changes["status"] == ["verified", "submitted"]
    assert log.actor == user


@pytest.mark.django_db
def test_officer_changing_verified_business_keeps_it_verified(officer, alice):
    _, business = alice
    services.business_verify(actor=officer, business=business)
    services.business_update(
        actor=officer, business=business, data=_full(business, name="Nama Baru")
    )
    business.refresh_from_db()
    assert business.status == "verified"


# --- transitions ------------------------------------------------------------


@pytest.mark.django_db
def test_only_officers_verify_and_return(officer, alice):
    user, business = alice
    with pytest.raises(PermissionDenied, match="Hanya petugas yang dapat memverifikasi."):
        services.business_verify(actor=user, business=business)
    services.business_submit(actor=user, business=business)
    with pytest.raises(PermissionDenied, match="Hanya petugas yang dapat mengembalikan"):
        services.business_return(actor=user, business=business, reason="x")
    business.refresh_from_db()
    assert business.status == "submitted"


@pytest.mark.django_db
def test_draft_cannot_be_returned_and_submitted_cannot_be_resubmitted(officer, alice):
    user, business = alice
    with pytest.raises(ValidationError, match="Hanya pengajuan yang bisa dikembalikan."):
        services.business_return(actor=officer, business=business, reason="Kurang lengkap")
    services.business_submit(actor=user, business=business)
    with pytest.raises(ValidationError, match="draf atau dikembalikan"):
        services.business_submit(actor=user, business=business)
    assert AuditLog.objects.filter(action="business.submit").count() == 1


# --- KBLI -------------------------------------------------------------------


@pytest.mark.django_db
def test_one_primary_kbli_constraint(officer, alice):
    _, business = alice
    other = KbliCode.objects.get(version=DEFAULT_KBLI_VERSION, code="56102")
    with pytest.raises(IntegrityError), transaction.atomic():
        BusinessKbli.objects.create(business=business, kbli=other, is_primary=True)
    BusinessKbli.objects.create(business=business, kbli=other, is_primary=False)
    assert business.kbli_links.filter(is_primary=True).count() == 1


@pytest.mark.django_db
def test_service_keeps_one_primary_and_drops_duplicates(officer):
    business = services.business_create(
        actor=officer,
        data={"name": "Kopi", "owner_name": "S"},
        kbli_primary="10794",
        kbli_others=["56102", "10794", "56102"],
    )
    links = list(business.kbli_links.values_list("kbli__code", "is_primary"))
    assert sorted(links) == [("10794", True), ("56102", False)]


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["99999", "1079", "C"])
def test_unknown_or_non_kelompok_kbli_refused_and_nothing_saved(officer, code):
    before = (Business.objects.count(), AuditLog.objects.count())
    with pytest.raises(ValidationError) as exc:
        services.business_create(
            actor=officer, data={"name": "Kopi", "owner_name": "S"}, kbli_primary=code
        )
    assert exc.value.message_dict == {
        "kbli": [f"Kode KBLI tidak dikenal (harus 5 angka KBLI 2020): {code}"]
    }
    assert (Business.objects.count(), AuditLog.objects.count()) == before


@pytest.mark.django_db
def test_kbli_change_is_audited(officer, alice):
    _, business = alice
    services.business_update(
        actor=officer,
        business=business,
        data=_full(business),
        kbli_primary="56102",
        kbli_others=["10794"],
    )
    log = AuditLog.objects.get(action="business.update", business_id=business.pk)
    assert log.changes == {"kbli": [["10794"], ["10794", "56102"]]}
    assert BusinessKbli.objects.get(business=business, is_primary=True).kbli.code == "56102"


@pytest.mark.django_db
def test_region_get():
    assert services.region_get("") is None
    assert services.region_get("18.72.01.1005") == Region.objects.get(code="18.72.01.1005")
    with pytest.raises(ValidationError, match="Kode wilayah tidak dikenal: 18.99"):
        services.region_get("18.99")


def test_only_micro_and_small_businesses_make_offers(alice, carol):
    _, medium = carol
    with pytest.raises(ValidationError) as e:
        services.offer_create(actor=carol[0], business=medium, data={"title": "Kopi"})
    assert e.value.code == "offer_by_large_business"
    assert "usaha mikro dan kecil" in e.value.messages[0]
    assert not medium.offers.exists()
    user, small = alice
    assert services.offer_create(actor=user, business=small, data={"title": "Keripik"}).pk


def test_offer_save_keeps_the_offer_only_with_its_photo(alice, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    user, business = alice
    not_an_image = SimpleUploadedFile("f.png", b"not an image", "image/png")
    with pytest.raises(ValidationError) as e:
        services.offer_save(
            actor=user, business=business, offer=None, data={"title": "Keripik"}, photo=not_an_image
        )
    assert "photo" in e.value.error_dict
    assert not business.offers.exists()
    assert not AuditLog.objects.filter(action="offer.create").exists()
    offer = services.offer_save(
        actor=user, business=business, offer=None, data={"title": "Keripik"}
    )
    services.offer_save(actor=user, business=business, offer=offer, data={"title": "Keripik pedas"})
    offer.refresh_from_db()
    assert offer.title == "Keripik pedas" and not offer.photos.exists()

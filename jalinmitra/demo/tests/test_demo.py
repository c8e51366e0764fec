import csv
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.core.management.base import CommandError

from jalinmitra.accounts.models import User
from jalinmitra.businesses.models import Business, Certification, Membership, Need, Offer
from jalinmitra.core.identifiers import clean_nib, clean_nik, clean_npwp, normalize_whatsapp
from jalinmitra.core.models import AuditLog, Official
from jalinmitra.demo import data
from jalinmitra.demo.load import demo_load
from jalinmitra.demo.specs import micro_specs, nip_is_well_formed, partner_specs

KBLI_CSV = Path(__file__).resolve().parents[2] / "core" / "data" / "kbli2020.csv"
KELURAHAN = [
    f"18.72.0{k}.100{d}"
    for k, n in ((1, 5), (2, 4), (3, 4), (4, 5), (5, 4))
    for d in range(1, n + 1)
]


@pytest.fixture(autouse=True)
def fast_hasher(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The command also signs demo agreements: their PDFs go here, not into the repository.
    settings.MEDIA_ROOT = tmp_path


def _counts() -> dict[str, int]:
    models = (User, Official, Business, Membership, Certification, Offer, Need, AuditLog)
    return {m.__name__: m.objects.count() for m in models}


@pytest.mark.django_db
def test_demo_loads_the_kota_metro_programme():
    demo_load()

    sizes = Counter(Business.objects.values_list("size_class", flat=True))
    assert sizes["mikro"] + sizes["kecil"] == 100
    assert sizes["menengah"] + sizes["besar"] == 6
    assert sizes["kecil"] == data.SMALL_COUNT

    businesses = list(Business.objects.select_related("region"))
    assert {b.region.level for b in businesses} == {"desa"}
    assert all(b.region.code.startswith("18.72.") for b in businesses)
    assert len({b.region_id for b in businesses}) == 22, "every kelurahan has businesses"
    for b in businesses:
        assert clean_nik(b.owner_nik) == b.owner_nik
        if b.nib:
            assert clean_nib(b.nib) == b.nib
        if b.npwp:
            assert clean_npwp(b.npwp) == b.npwp
        assert normalize_whatsapp(b.whatsapp) == b.whatsapp
    # One officer-registered draft waits for its owner's privacy consent (given later).
    without = [b for b in businesses if b.privacy_consent_at is None]
    assert len(without) == 1
    assert without[0].assisted and without[0].status == "draft"
    assert len({b.owner_nik for b in businesses}) == len(businesses)

    small = Business.objects.filter(size_class__in=["mikro", "kecil"])
    assert Counter(small.values_list("status", flat=True)) == data.STATUS_COUNTS
    assert small.filter(assisted=True).count() == data.ASSISTED_COUNT
    assert all(b.return_reason for b in small.filter(status="returned"))
    for b in small.prefetch_related("offers"):
        assert 1 <= len(b.offers.all()) <= 3, b.name
    for b in Business.objects.filter(size_class__in=["menengah", "besar"]):
        needs = list(b.needs.all())
        assert 2 <= len(needs) <= 4, b.name
        assert all(n.deadline.year == 2027 and n.delivery_region_id for n in needs)
    assert Certification.objects.filter(kind="halal").exists()
    assert Certification.objects.filter(kind="pirt").exists()

    officials = list(Official.objects.all())
    assert len(officials) == len(data.OFFICIALS)
    assert all(nip_is_well_formed(o.nip) for o in officials if o.nip)

    actions = Counter(AuditLog.objects.values_list("action", flat=True))
    assert actions["business.create"] == 106
    assert actions["business.verify"] == Business.objects.filter(status="verified").count()
    assert actions["offer.create"] == Offer.objects.count()
    assert actions["need.create"] == Need.objects.count()
    assert actions["official.create"] == len(data.OFFICIALS)


@pytest.mark.django_db
def test_every_demo_login_exists_with_its_role():
    demo_load()
    for login in data.LOGINS:
        user = User.objects.get(username=login.username)
        assert user.role == login.role
        assert user.check_password(login.password)
        validate_password(login.password, user=user)
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert User.objects.get(username="petugas").is_officer
    assert User.objects.get(username="bank").organisation == "Bank Mitra Daerah (demo)"
    umkm_business = Business.objects.get(memberships__user__username="umkm")
    assert umkm_business.name == "Keripik Pisang Bu Sri"
    assert umkm_business.size_class == "mikro" and umkm_business.status == "verified"
    assert not any(c.is_expired for c in umkm_business.certifications.all())
    mitra_business = Business.objects.get(memberships__user__username="mitra")
    assert mitra_business.size_class in {"menengah", "besar"}
    assert mitra_business.needs.exists()


@pytest.mark.django_db
def test_running_the_demo_twice_changes_nothing():
    first = demo_load()
    before = _counts()
    second = demo_load()
    assert first.created > 0
    assert second.created == 0
    assert _counts() == before


@pytest.mark.django_db
def test_the_demo_completes_what_is_missing():
    demo_load()
    before = _counts()
    Business.objects.get(name="Keripik Pisang Bu Sri").delete()
    report = demo_load()
    assert report.section("Usaha mikro dan kecil").created == 1
    after = _counts()
    assert after["Business"] == before["Business"]
    assert after["Offer"] == before["Offer"]
    assert Business.objects.get(name="Keripik Pisang Bu Sri").memberships.get().user.username == (
        "umkm"
    )


@pytest.mark.django_db
def test_command_prints_the_logins(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("demo", stdout=out)
    text = out.getvalue()
    for login in data.LOGINS:
        assert login.username in text and login.password in text
    assert "100 dibuat" in text


@pytest.mark.django_db
def test_command_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo", stdout=StringIO())
    assert not User.objects.filter(username="admin").exists()
    call_command("demo", allow_without_debug=True, stdout=StringIO())
    assert User.objects.filter(username="admin").exists()


def test_specs_are_deterministic():
    assert micro_specs(seed=7, kelurahan=KELURAHAN) == micro_specs(seed=7, kelurahan=KELURAHAN)
    assert micro_specs(seed=7, kelurahan=KELURAHAN) != micro_specs(seed=8, kelurahan=KELURAHAN)
    assert partner_specs(seed=7) == partner_specs(seed=7)
    names = [s.name for s in micro_specs(seed=data.DEMO_SEED, kelurahan=KELURAHAN)]
    assert len(names) == len(set(names)) == 100


def test_demo_kbli_codes_are_kbli_2020_kelompok():
    with open(KBLI_CSV, newline="", encoding="utf-8") as f:
        kelompok = {row["code"] for row in csv.DictReader(f) if row["level"] == "kelompok"}
    codes = set()
    for line in data.PRODUCT_LINES:
        codes |= {line.kbli, *line.kbli_others, *(t.kbli for t in line.offers if t.kbli)}
    for partner in data.PARTNERS:
        codes |= {partner.kbli, *partner.kbli_others, *(n.kbli for n in partner.needs)}
    assert codes - kelompok == set()
    assert sum(line.count for line in data.PRODUCT_LINES) == 100

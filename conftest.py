# Tests run with development settings (DEBUG=1: no real secret, no HTTPS redirect); the
# Makefile sets it. Django's test runner still runs the tests themselves with DEBUG off.
import pytest


@pytest.fixture(autouse=True)
def fast_password_hasher(request):
    """Real hashing is slow on purpose; tests create many users. (Not for `-p no:django` runs
    of the pure engines, which have no settings.)"""
    if request.config.pluginmanager.has_plugin("django"):
        settings = request.getfixturevalue("settings")
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def officer(db):
    from jalinmitra.accounts.services import user_create

    return user_create(
        actor=None,
        username="petugas1",
        password="rahasia-petugas-1",
        role="petugas",
        full_name="Siti Petugas",
    )


@pytest.fixture
def city_admin(db):
    from jalinmitra.accounts.services import user_create

    return user_create(
        actor=None,
        username="admin1",
        password="rahasia-admin-1",
        role="admin",
        full_name="Admin Kota",
    )


@pytest.fixture
def bank_user(db):
    from jalinmitra.accounts.services import user_create

    return user_create(
        actor=None,
        username="bank1",
        password="rahasia-bank-1",
        role="bank",
        full_name="Analis Bank",
    )


def _owner_with_business(username: str, business_name: str, nik: str, nib: str, officer):
    from jalinmitra.accounts.services import membership_add, user_create
    from jalinmitra.businesses.services import business_create
    from jalinmitra.core.models import Region

    user = user_create(
        actor=None,
        username=username,
        password=f"rahasia-{username}-1",
        role="usaha",
        full_name=username.title(),
    )
    business = business_create(
        actor=officer,
        data={
            "name": business_name,
            "owner_name": username.title(),
            "owner_nik": nik,
            "nib": nib,
            "whatsapp": "081234567890",
            "region": Region.objects.get(code="18.72.01.1005"),
            "modal_usaha": 50_000_000,
            "hasil_penjualan": 300_000_000,
        },
        kbli_primary="10794",
        privacy_consent=True,
    )
    membership_add(actor=officer, user=user, business=business)
    return user, business


@pytest.fixture
def alice(officer):
    """A micro-business owner."""
    return _owner_with_business(
        "alice", "Keripik Pisang Bu Alice", "1872014506900001", "1234567890123", officer
    )


@pytest.fixture
def bob(officer):
    """Another micro-business owner, who must never see Alice's data."""
    return _owner_with_business(
        "bob", "Kemplang Pak Bob", "1872021203850002", "1234567890124", officer
    )

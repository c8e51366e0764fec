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


@pytest.fixture
def alice(officer):
    """A micro-business owner."""
    from jalinmitra.core.testing import make_owner

    return make_owner(
        officer=officer,
        username="alice",
        name="Keripik Pisang Bu Alice",
        nik="1872014506900001",
        nib="1234567890123",
        whatsapp="081234567890",
    )


@pytest.fixture
def bob(officer):
    """Another micro-business owner, who must never see Alice's data."""
    from jalinmitra.core.testing import make_owner

    return make_owner(
        officer=officer,
        username="bob",
        name="Kemplang Pak Bob",
        nik="1872021203850002",
        nib="1234567890124",
        whatsapp="081234567890",
    )

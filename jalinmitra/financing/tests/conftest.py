"""Two partner banks with one user each, and Alice's micro business with an ACTIVE agreement
with Carol's medium one (built through the agreements services, see monitoring's conftest)."""

import datetime as dt

import pytest
from django.utils import timezone

from jalinmitra.financing import services
from jalinmitra.financing.choices import DataItem
from jalinmitra.financing.models import Bank
from jalinmitra.monitoring.tests.conftest import make_active

ALL_ITEMS = list(DataItem.values)


@pytest.fixture
def banks(db):
    one = Bank.objects.create(
        name="Bank Mitra Daerah", code="BMD", branch="Cabang Metro", contact_email="kur@bmd.test"
    )
    two = Bank.objects.create(name="Bank Rakyat Contoh", code="BRC", branch="Unit Metro Pusat")
    return one, two


def _bank_user(username, bank, city_admin):
    from jalinmitra.accounts.services import user_create

    user = user_create(
        actor=None,
        username=username,
        password=f"rahasia-{username}-1",
        role="bank",
        full_name=f"Analis {bank.code}",
    )
    services.bank_member_set(actor=city_admin, user=user, bank=bank)
    return user


@pytest.fixture
def banker(banks, city_admin):
    return _bank_user("analis1", banks[0], city_admin)


@pytest.fixture
def banker2(banks, city_admin):
    return _bank_user("analis2", banks[1], city_admin)


@pytest.fixture
def partnership(officer, alice, carol, settings, tmp_path):
    """Alice (verified micro) with an active agreement with Carol (medium)."""
    from jalinmitra.businesses.services import business_verify

    settings.MEDIA_ROOT = tmp_path
    business_verify(actor=officer, business=alice[1])
    business_verify(actor=officer, business=carol[1])
    today = timezone.localdate()
    return make_active(
        officer=officer,
        small=alice,
        large=carol,
        start=today - dt.timedelta(days=120),
        end=today + dt.timedelta(days=240),
    )


@pytest.fixture
def referral(partnership, alice, banks):
    """Asked by Alice for 25 juta working capital, consent for bank one, all data."""
    user, business = alice
    return services.referral_create(
        actor=user,
        business=business,
        amount=25_000_000,
        purpose="modal_kerja",
        banks=[banks[0]],
        consent_items=ALL_ITEMS,
    )


@pytest.fixture
def forwarded(referral, officer2):
    """Checked and forwarded by an officer to bank one: returns bank one's case."""
    services.referral_check(
        actor=officer2, referral=referral, recommendation="Layak, pemasok tetap."
    )
    (case,) = services.referral_forward(actor=officer2, referral=referral)
    return case


def pdf_bytes(size: int = 2000) -> bytes:
    return b"%PDF-1.4\n" + b"0" * size + b"\n%%EOF\n"

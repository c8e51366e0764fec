import datetime

import pytest

from jalinmitra.testing import make_owner

# Dewi's identifiers, found nowhere else in the test database, so a search of every table for
# them means something.
DEWI_NIK = "1872015708910004"
DEWI_PHONE = "081377775555"
DEWI_PHONE_STORED = "+6281377775555"
DEWI_EMAIL = "dewi.lestari@contoh.id"
DEWI_NAME = "Dewi Lestari Anggraini"
DEWI_ADDRESS = "Jalan Kenanga Gang Mawar 17"


@pytest.fixture
def dewi(officer):
    """A micro owner who will ask for her data, and then for its deletion."""
    from jalinmitra.accounts.models import User
    from jalinmitra.businesses.services import business_update

    user, business = make_owner(
        officer=officer,
        username="dewi",
        full_name=DEWI_NAME,
        name="Sambal Roa Mbak Dewi",
        nik=DEWI_NIK,
        nib="1234567890131",
        whatsapp=DEWI_PHONE,
    )
    business_update(
        actor=user, business=business, data={"email": DEWI_EMAIL, "address": DEWI_ADDRESS}
    )
    User.objects.filter(pk=user.pk).update(email=DEWI_EMAIL)
    user.refresh_from_db()
    business.refresh_from_db()
    return user, business


@pytest.fixture
def partner(officer):
    return make_owner(
        officer=officer,
        username="hartono",
        full_name="Hartono Wibisono",
        name="PT Pangan Sejahtera Metro",
        nik="1872011203700006",
        nib="1234567890132",
        whatsapp="081399990000",
        large=True,
    )


@pytest.fixture
def agreement(dewi, partner):
    """An agreement between Dewi's business and a large partner, drafted by Dewi, whose clause
    text happens to carry her phone number and name, as real clauses do."""
    from jalinmitra.agreements import services
    from jalinmitra.agreements.choices import Pattern, Support

    return services.agreement_create(
        actor=dewi[0],
        small_party=dewi[1],
        large_party=partner[1],
        data={
            "pattern": Pattern.PERDAGANGAN_UMUM,
            "subject": (
                f"Sambal roa 100 botol per bulan. Pemesanan kepada {DEWI_NAME} di 0813-7777-5555."
            ),
            "rights_obligations": "Pihak Pertama memasok; Pihak Kedua membayar tepat waktu.",
            "development_support": [Support.PEMASARAN],
            "start_date": datetime.date(2026, 12, 1),
            "end_date": datetime.date(2027, 11, 30),
            "payment_term_days": 14,
            "estimated_value": 3_000_000,
            "no_control_declared_small": True,
        },
    )

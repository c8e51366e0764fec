import datetime

import pytest

from jalinmitra.agreements import services
from jalinmitra.agreements.choices import Pattern, Support


def _large(username, name, nik, nib, officer):
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
            "name": name,
            "owner_name": username.title(),
            "owner_nik": nik,
            "nib": nib,
            "whatsapp": "081234567891",
            "region": Region.objects.get(code="18.72.01.1005"),
            "modal_usaha": 8_000_000_000,
            "hasil_penjualan": 30_000_000_000,
        },
        kbli_primary="10794",
        privacy_consent=True,
    )
    membership_add(actor=officer, user=user, business=business)
    return user, business


@pytest.fixture
def carol(officer):
    """A medium business owner: the large party."""
    return _large("carol", "PT Oleh-Oleh Carol Jaya", "1872015003800003", "1234567890125", officer)


@pytest.fixture
def verified(officer, alice, carol):
    from jalinmitra.businesses.services import business_verify

    business_verify(actor=officer, business=alice[1])
    business_verify(actor=officer, business=carol[1])
    return alice, carol


def clauses(**over):
    data = {
        "pattern": Pattern.PERDAGANGAN_UMUM,
        "subject": "Keripik pisang 200 kg per bulan, Rp25.000/kg, dikirim tiap Senin, mutu halal.",
        "rights_obligations": "Pihak Pertama memasok; Pihak Kedua membayar tepat waktu.",
        "development_support": [Support.KEMASAN, Support.PEMASARAN],
        "start_date": datetime.date(2026, 12, 1),
        "end_date": datetime.date(2027, 11, 30),
        "payment_term_days": 14,
        "estimated_value": 1_250_000,
        "no_control_declared_small": True,
        "no_control_declared_large": True,
    }
    data.update(over)
    return data


@pytest.fixture
def agreement(verified):
    """Drafted by Alice; each party makes its own Pasal 35 declaration."""
    (alice_user, alice_biz), (carol_user, carol_biz) = verified
    a = services.agreement_create(
        actor=alice_user,
        small_party=alice_biz,
        large_party=carol_biz,
        data=clauses(no_control_declared_large=False),
    )
    return services.agreement_update(
        actor=carol_user, agreement=a, data={"no_control_declared_large": True}
    )


@pytest.fixture
def ready(agreement, officer, alice):
    services.agreement_submit(actor=alice[0], agreement=agreement)
    return services.agreement_approve(actor=officer, agreement=agreement, notes="Baik")


@pytest.fixture
def signed(ready, alice, carol):
    services.agreement_sign(actor=alice[0], agreement=ready, party="small")
    return services.agreement_sign(actor=carol[0], agreement=ready, party="large")


@pytest.fixture
def witnessed(signed, officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return services.agreement_witness(actor=officer, agreement=signed)

import datetime

import pytest

from jalinmitra.agreements import services
from jalinmitra.agreements.choices import Pattern, Support


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
def witnesses(db):
    """Two of the city's witnessing officials, and one who does not witness."""
    from jalinmitra.core.models import City, Official

    city = City.objects.get()
    deputy = Official.objects.create(
        city=city, name="H. Bambang Suryadi, S.E.", title="Wakil Wali Kota Metro", order=1
    )
    head = Official.objects.create(
        city=city,
        name="Dra. Yuliana Kusumawati, M.M.",
        title="Kepala Dinas Koperasi, UMKM dan Perindustrian",
        nip="197208211997122002",
        order=2,
    )
    Official.objects.create(
        city=city, name="Sekretaris Tanpa Kesaksian", title="Sekretaris", is_witness=False
    )
    return [deputy, head]


@pytest.fixture
def witnessed(signed, officer, witnesses, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return services.agreement_witness(actor=officer, agreement=signed, witnesses=witnesses[:1])

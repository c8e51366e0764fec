"""An ACTIVE agreement between Alice (micro, Pihak Pertama) and Carol (medium, Pihak Kedua),
built through the agreements services, started 200 days ago."""

import datetime as dt

import pytest
from django.utils import timezone

from jalinmitra.agreements import services as agreements
from jalinmitra.agreements.choices import Pattern, Support

TERM_DAYS = 30
START_AGO = 200


def today() -> dt.date:
    return timezone.localdate()


def make_active(
    *,
    officer,
    small,
    large,
    start: dt.date,
    end: dt.date,
    value: int = 120_000_000,
    term: int = TERM_DAYS,
    subject: str | None = None,
):
    """An agreement taken through every step to ACTIVE by the parties' own logins."""
    from jalinmitra.core.models import City, Official

    (small_user, small_biz), (large_user, large_biz) = small, large
    city = City.objects.get()
    witness = Official.objects.filter(
        city=city, is_witness=True
    ).first() or Official.objects.create(
        city=city, name="H. Bambang Suryadi, S.E.", title="Wakil Wali Kota Metro", order=1
    )
    a = agreements.agreement_create(
        actor=small_user,
        small_party=small_biz,
        large_party=large_biz,
        data={
            "pattern": Pattern.PERDAGANGAN_UMUM,
            "subject": subject
            or "Keripik pisang 200 kg per bulan, Rp50.000/kg, dikirim tiap Senin, mutu halal.",
            "rights_obligations": "Pihak Pertama memasok; Pihak Kedua membayar tepat waktu.",
            "development_support": [Support.KEMASAN],
            "start_date": start,
            "end_date": end,
            "payment_term_days": term,
            "estimated_value": value,
            "no_control_declared_small": True,
            "no_control_declared_large": False,
        },
    )
    a = agreements.agreement_update(
        actor=large_user, agreement=a, data={"no_control_declared_large": True}
    )
    agreements.agreement_submit(actor=small_user, agreement=a)
    agreements.agreement_approve(actor=officer, agreement=a, notes="Baik")
    agreements.agreement_sign(actor=small_user, agreement=a, party="small")
    agreements.agreement_sign(actor=large_user, agreement=a, party="large")
    agreements.agreement_witness(actor=officer, agreement=a, witnesses=[witness], render=False)
    return agreements.agreement_activate(actor=officer, agreement=a)


@pytest.fixture
def verified(officer, alice, carol):
    from jalinmitra.businesses.services import business_verify

    business_verify(actor=officer, business=alice[1])
    business_verify(actor=officer, business=carol[1])
    return alice, carol


@pytest.fixture
def active(verified, officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    alice, carol = verified
    return make_active(
        officer=officer,
        small=alice,
        large=carol,
        start=today() - dt.timedelta(days=START_AGO),
        end=today() + dt.timedelta(days=165),
    )

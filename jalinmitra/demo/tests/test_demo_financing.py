"""`python manage.py demo` brings two partner banks with a login each and KUR referrals in
every state; a second run makes none again."""

from io import StringIO

import pytest
from django.core.management import call_command

from jalinmitra.accounts.models import User
from jalinmitra.financing import selectors
from jalinmitra.financing.choices import BankStatus, Status
from jalinmitra.financing.models import Bank, BankReferral, Referral


@pytest.fixture(autouse=True)
def demo_settings(settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path


def _demo() -> str:
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_demo_has_two_banks_and_referrals_in_every_state():
    text = _demo()
    line = next(x for x in text.splitlines() if "Rujukan KUR" in x)
    assert "Rujukan KUR: 10 dibuat" in line, line
    assert "bank2" in text and "bank2-demo-" in text  # printed with the other logins
    assert Bank.objects.count() == 2
    for username, code in [("bank", "BMD"), ("bank2", "BRS")]:
        assert selectors.bank_of(User.objects.get(username=username)).code == code
    assert set(Referral.objects.values_list("status", flat=True)) == set(Status.values)
    assert set(BankReferral.objects.values_list("status", flat=True)) == set(BankStatus.values)
    umkm = User.objects.get(username="umkm")
    mine = selectors.referrals_for(user=umkm)
    assert mine.filter(bank_cases__status=BankStatus.PERLU_DOKUMEN).exists()
    bank = User.objects.get(username="bank")
    queue = selectors.bank_queue(user=bank, params={})
    assert queue and all(r.case.bank.code == "BMD" for r in queue)
    assert any(r.overdue for r in queue)

    line = next(x for x in _demo().splitlines() if "Rujukan KUR" in x)
    assert "Rujukan KUR: 0 dibuat, 10 sudah ada" in line, line
    assert Referral.objects.count() == 10

"""A bank's system moves its own referrals through the financing services."""

import pytest

from jalinmitra.api.choices import Institution, Scope
from jalinmitra.api.services import token_create
from jalinmitra.core.models import AuditLog

pytestmark = pytest.mark.django_db


def _bank_token(officer, user, bank):
    return token_create(actor=officer, name=f"Sistem {bank.code}", institution=Institution.BANK,
                        user=user, bank=bank, scopes=[Scope.WRITE_REFERRALS])[1]  # fmt: skip


def test_bank_lists_and_claims_its_referral(call, officer, banks, banker, forwarded):
    secret = _bank_token(officer, banker, banks[0])
    page = call("get", "/referrals", token=secret).json()
    assert [r["id"] for r in page["items"]] == [forwarded.pk]
    r = call("post", f"/referrals/{forwarded.pk}/status", token=secret,
             data={"action": "claim"}, content_type="application/json")  # fmt: skip
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "diproses"
    assert AuditLog.objects.filter(
        object_id=str(forwarded.pk), action__startswith="referral_case"
    ).exists()
    # The service's rule: approving needs a scheme (400 problem, nothing changed).
    r = call("post", f"/referrals/{forwarded.pk}/status", token=secret,
             data={"action": "approve", "amount": 1000}, content_type="application/json")  # fmt: skip
    assert r.status_code == 400 and r["Content-Type"] == "application/problem+json"


def test_other_bank_sees_nothing(call, officer, banks, banker2, forwarded):
    secret = _bank_token(officer, banker2, banks[1])
    assert call("get", "/referrals", token=secret).json()["count"] == 0
    r = call("post", f"/referrals/{forwarded.pk}/status", token=secret,
             data={"action": "claim"}, content_type="application/json")  # fmt: skip
    assert r.status_code == 404
    forwarded.refresh_from_db()
    assert forwarded.status == "menunggu"


def test_business_token_has_no_referral_scope(call, officer, alice, forwarded):
    secret = token_create(actor=officer, name="x", institution=Institution.BUSINESS,
                          user=alice[0], business=alice[1], scopes=[Scope.READ_AGREEMENTS])[1]  # fmt: skip
    assert call("get", "/referrals", token=secret).status_code == 403

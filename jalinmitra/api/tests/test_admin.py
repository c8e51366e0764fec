import hashlib

import pytest

from jalinmitra.api.models import ApiToken
from jalinmitra.core.models import AuditLog

pytestmark = pytest.mark.django_db


def test_admin_makes_a_token_shows_the_secret_once_and_revokes(client, city_admin, alice, officer):
    user, biz = alice
    client.force_login(city_admin)
    r = client.post(
        "/admin/api/apitoken/add/",
        {
            "name": "Sistem kasir Alice",
            "institution": "business",
            "business": biz.pk,
            "user": user.pk,
            "scopes": '["read:agreements", "write:entries"]',
            "rate_limit": "60/60",
            "expires_at_0": "2030-01-01",
            "expires_at_1": "00:00:00",
        },
        follow=True,
    )
    assert r.status_code == 200
    token = ApiToken.objects.get()
    shown = [str(m) for m in r.context["messages"] if "jm_" in str(m)]
    secret = shown[0].rsplit(" ", 1)[1]
    assert hashlib.sha256(secret.encode()).hexdigest() == token.key_hash
    assert AuditLog.objects.filter(action="admin:apitoken.create").exists()
    # The list never shows it again.
    assert secret not in client.get("/admin/api/apitoken/").content.decode()
    client.post(
        "/admin/api/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditLog.objects.filter(action="api_token.revoke").exists()


def test_admin_refuses_a_token_for_someone_elses_business(client, city_admin, alice, bob):
    client.force_login(city_admin)
    r = client.post(
        "/admin/api/apitoken/add/",
        {
            "name": "x",
            "institution": "business",
            "business": alice[1].pk,
            "user": bob[0].pk,
            "scopes": '["read:agreements"]',
            "rate_limit": "60/60",
            "expires_at_0": "2030-01-01",
            "expires_at_1": "00:00:00",
        },
    )
    assert r.status_code == 200 and not ApiToken.objects.exists()

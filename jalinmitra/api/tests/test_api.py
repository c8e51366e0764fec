import datetime as dt
import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jalinmitra.api.choices import Institution, Scope
from jalinmitra.api.models import ApiToken, ApiTokenUse
from jalinmitra.api.services import token_create, token_revoke
from jalinmitra.core.models import AuditLog
from jalinmitra.monitoring.models import Entry

pytestmark = pytest.mark.django_db


def test_schema_and_docs_page(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/businesses" in schema["paths"]
    assert (
        "application/problem+json"
        in schema["paths"]["/api/v1/businesses"]["get"]["responses"]["403"]["content"]
    )
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    # Under the CSP (script-src 'self'): scripts only from our own static files.
    assert "<script>" not in html.replace('<script type="application/json"', "")
    assert "cdn" not in html.lower()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert (
        "'unsafe-inline'"
        not in page["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    )


def test_secret_is_hashed_shown_once_and_audited(tokens):
    token = ApiToken.objects.get(key_hash=hashlib.sha256(tokens["alice"].encode()).hexdigest())
    assert tokens["alice"] not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    assert AuditLog.objects.filter(action="api_token.create", object_id=str(token.pk)).exists()


def test_without_or_with_bad_token_401_problem(call, tokens):
    r = call("get", "/businesses")
    assert r.status_code == 401 and r["Content-Type"] == "application/problem+json"
    assert r.json()["status"] == 401
    r = call("get", "/businesses", token="jm_nope")
    assert r.status_code == 401


def test_problem_in_english_on_accept_language(call, tokens):
    r = call("get", "/businesses", token="jm_nope", headers={"Accept-Language": "en"})
    id_title = call("get", "/businesses", token="jm_nope").json()["title"]
    assert r.json()["title"] != id_title or r["Content-Language"] == "en"
    assert r["Content-Language"] == "en"


def test_revoked_and_expired_tokens_refused(call, tokens, officer):
    token = ApiToken.objects.get(key_hash=hashlib.sha256(tokens["bob"].encode()).hexdigest())
    assert call("get", "/businesses", token=tokens["bob"]).status_code == 200
    token_revoke(actor=officer, token=token)
    assert call("get", "/businesses", token=tokens["bob"]).status_code == 401
    with pytest.raises(ValidationError):
        token_revoke(actor=officer, token=token)
    assert AuditLog.objects.filter(action="api_token.revoke").count() == 1
    ApiToken.objects.filter(pk=token.pk).update(
        revoked_at=None, expires_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    )
    assert call("get", "/businesses", token=tokens["bob"]).status_code == 401


def test_only_officers_make_tokens_and_rules_hold(verified_all, officer):
    (alice_user, alice_biz), (bob_user, bob_biz), _ = verified_all
    with pytest.raises(PermissionDenied):
        token_create(actor=alice_user, name="x", institution=Institution.BUSINESS,
                     user=alice_user, business=alice_biz, scopes=[Scope.READ_BUSINESSES])  # fmt: skip
    with pytest.raises(ValidationError) as e:  # Bob is no member of Alice's business
        token_create(actor=officer, name="x", institution=Institution.BUSINESS,
                     user=bob_user, business=alice_biz, scopes=[Scope.READ_BUSINESSES])  # fmt: skip
    assert "user" in e.value.message_dict
    with pytest.raises(ValidationError) as e:  # the city does not record deliveries
        token_create(actor=officer, name="x", institution=Institution.CITY,
                     user=officer, scopes=[Scope.WRITE_ENTRIES])  # fmt: skip
    assert "scopes" in e.value.message_dict


def test_every_use_logged(call, tokens):
    call("get", "/businesses", token=tokens["alice"])
    call("get", "/agreements/999999/realisation", token=tokens["alice"])
    token = ApiToken.objects.get(key_hash=hashlib.sha256(tokens["alice"].encode()).hexdigest())
    assert sorted(ApiTokenUse.objects.filter(token=token).values_list("status", flat=True)) == [
        200,
        404,
    ]
    # The token's summary was written by the first use and is at most a minute old.
    assert token.use_count == 1 and token.last_used_at is not None


def test_a_use_is_one_write_and_the_summary_catches_up_after_a_minute(call, tokens, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    call("get", "/businesses", token=tokens["alice"])
    with CaptureQueriesContext(connection) as queries:
        assert call("get", "/businesses", token=tokens["alice"]).status_code == 200
    # The token's bookkeeping is one INSERT of the use-log row; the token row is not written.
    # (The rate limit's counter is a write to the shared cache, apart from this.)
    writes = [
        " ".join(q["sql"].split()[:3])
        for q in queries.captured_queries
        if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE") and "api_apitoken" in q["sql"]
    ]
    assert writes == ['INSERT INTO "api_apitokenuse"']
    token = ApiToken.objects.get(key_hash=hashlib.sha256(tokens["alice"].encode()).hexdigest())
    assert token.use_count == 1 and ApiTokenUse.objects.filter(token=token).count() == 2

    later = timezone.now() + timezone.timedelta(seconds=61)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call("get", "/businesses", token=tokens["alice"])
    token.refresh_from_db()
    assert token.use_count == 3 and token.last_used_at == later


def test_rate_limit_429_with_retry_after(call, verified_all, officer):
    (user, biz), _, _ = verified_all
    secret = token_create(actor=officer, name="x", institution=Institution.BUSINESS, user=user,
                          business=biz, scopes=[Scope.READ_BUSINESSES], rate_limit="2/60")[1]  # fmt: skip
    assert [call("get", "/businesses", token=secret).status_code for _ in range(3)] == [
        200,
        200,
        429,
    ]
    r = call("get", "/businesses", token=secret)
    assert r["Content-Type"] == "application/problem+json"
    assert 1 <= int(r["Retry-After"]) <= 60


def test_businesses_public_fields_city_sees_more_never_nik(call, tokens, verified_all):
    items = call("get", "/businesses?ordering=name", token=tokens["bob"]).json()["items"]
    assert [b["name"] for b in items] == sorted(b["name"] for b in items) and len(items) == 3
    assert all(b["owner_name"] is None and b["whatsapp"] is None for b in items)
    city = call("get", "/businesses", token=tokens["city"]).json()["items"]
    assert {b["nib"] for b in city} >= {"1234567890123", "1234567890124"}
    raw = call("get", "/businesses", token=tokens["city"]).content.decode()
    assert "1872014506900001" not in raw and "nik" not in raw.lower()


def test_pagination_and_filter(call, tokens):
    page = call("get", "/businesses?limit=1&offset=1", token=tokens["alice"]).json()
    assert page["count"] == 3 and len(page["items"]) == 1
    found = call("get", "/businesses?q=Kemplang", token=tokens["alice"]).json()
    assert [b["name"] for b in found["items"]] == ["Kemplang Pak Bob"]
    r = call("get", "/businesses?limit=5000", token=tokens["alice"])
    assert r.status_code == 422 and r["Content-Type"] == "application/problem+json"


def test_scope_is_checked(call, verified_all, officer):
    (user, biz), _, _ = verified_all
    secret = token_create(actor=officer, name="x", institution=Institution.BUSINESS, user=user,
                          business=biz, scopes=[Scope.READ_STATISTICS])[1]  # fmt: skip
    r = call("get", "/businesses", token=secret)
    assert r.status_code == 403 and "read:businesses" in r.json()["detail"]
    assert call("get", "/statistics", token=secret).status_code == 200


def test_agreements_only_own(call, tokens, agreement):
    mine = call("get", "/agreements", token=tokens["alice"]).json()
    assert [a["code"] for a in mine["items"]] == [agreement.code]
    assert call("get", "/agreements", token=tokens["bob"]).json()["count"] == 0
    assert (
        call("get", f"/agreements/{agreement.pk}/realisation", token=tokens["bob"]).status_code
        == 404
    )
    r = call("get", f"/agreements/{agreement.pk}/realisation", token=tokens["carol"]).json()
    assert r["agreement_id"] == agreement.pk and r["delivered"] == 0


def test_record_delivery_through_the_monitoring_service(call, tokens, agreement):
    body = {"kind": "delivery", "date": (dt.date.today() - dt.timedelta(days=1)).isoformat(),
            "value": 5_000_000, "quantity": 100, "unit": agreement_unit(agreement)}  # fmt: skip
    r = call("post", f"/agreements/{agreement.pk}/entries", token=tokens["alice"],
             data=body, content_type="application/json")  # fmt: skip
    assert r.status_code == 201, r.content
    entry = Entry.objects.get(pk=r.json()["id"])
    assert entry.party == "small" and entry.status == "pending"
    assert AuditLog.objects.filter(action="entry.record", object_id=str(entry.pk)).exists()
    # Bob is no party: refused, nothing written.
    r = call("post", f"/agreements/{agreement.pk}/entries", token=tokens["bob"],
             data=body, content_type="application/json")  # fmt: skip
    assert r.status_code == 404 and Entry.objects.count() == 1
    # The service's own rule: a bad payment method is a 400 problem with the field.
    bad = {**body, "kind": "payment", "method": ""}
    r = call("post", f"/agreements/{agreement.pk}/entries", token=tokens["carol"],
             data=bad, content_type="application/json")  # fmt: skip
    assert r.status_code == 400 and "method" in r.json()["errors"]


def agreement_unit(agreement) -> str:
    from jalinmitra.monitoring.services import agreement_units

    return (agreement_units(agreement) or ["kg"])[0]


def test_read_token_cannot_write(call, verified_all, officer, agreement):
    (user, biz), _, _ = verified_all
    secret = token_create(actor=officer, name="x", institution=Institution.BUSINESS, user=user,
                          business=biz, scopes=[Scope.READ_AGREEMENTS])[1]  # fmt: skip
    r = call("post", f"/agreements/{agreement.pk}/entries", token=secret,
             data={"kind": "payment", "date": "2026-01-01", "value": 1, "method": "tunai"},
             content_type="application/json")  # fmt: skip
    assert r.status_code == 403 and Entry.objects.count() == 0


def test_statistics_is_the_public_page_figures(call, tokens):
    r = call("get", "/statistics", token=tokens["city"]).json()
    assert r["registered"] is None or r["registered"] >= 3  # small groups hidden
    assert r["city"] and r["year"] == dt.date.today().year
    assert call("get", "/statistics?year=2999", token=tokens["city"]).status_code == 422

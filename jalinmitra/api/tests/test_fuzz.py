"""Schemathesis against the live API (pytest-django's live server, the real middleware stack):
every operation of /api/v1/openapi.json with generated input, as Alice's business, Bob's
business and the city. No 5xx, every response as the schema says, and no row outside a
token's scope: Alice's responses never carry Bob's agreement, and the reverse."""

import datetime as dt
import time

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from jalinmitra.api.models import ApiToken
from jalinmitra.monitoring.tests.conftest import make_active, today

CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]
EXAMPLES = 8  # per operation and token: the run (~30 s on the shared 2-core machine) stays short


@pytest.fixture
def two_agreements(verified_all, officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    alice, bob, carol = verified_all
    dates = {"start": today() - dt.timedelta(days=60), "end": today() + dt.timedelta(days=300)}
    return (
        make_active(officer=officer, small=alice, large=carol, **dates),
        make_active(officer=officer, small=bob, large=carol, **dates),
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_schemathesis_finds_nothing(live_server, tokens, two_agreements, settings):
    settings.DEBUG = False  # a real 500 page, not the debug one
    ApiToken.objects.update(rate_limit="100000/60")  # the limit has its own test
    alice_agreement, bob_agreement = two_agreements
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    base = live_server.url
    foreign = {
        "alice": [bob_agreement.code, bob_agreement.number],
        "bob": [alice_agreement.code, alice_agreement.number],
        "city": [],
    }
    started = time.monotonic()
    calls = 0

    def fuzz(operation, who):
        headers = {"Authorization": f"Bearer {tokens[who]}"}

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            nonlocal calls
            response = case.call(base_url=base, headers=headers)
            calls += 1
            case.validate_response(response, checks=CHECKS)
            for marker in foreign[who]:
                assert marker not in response.text, f"{who} saw {marker}: {case.path}"

        run()

    for result in schema.get_all_operations():
        for who in ("alice", "bob", "city"):
            fuzz(result.ok(), who)
    assert calls > 100
    assert time.monotonic() - started < 120

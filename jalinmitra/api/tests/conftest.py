"""Tokens for Alice (micro), Bob (micro), Carol (medium) and the city, and an ACTIVE agreement
between Alice and Carol (monitoring's own test builder, through the agreements services)."""

import datetime as dt

import pytest
from django.core.cache import cache

from jalinmitra.api.choices import READ_ALL, Institution, Scope
from jalinmitra.api.services import token_create
from jalinmitra.financing.tests.conftest import (  # noqa: F401 (a bank's fixtures)
    banker,
    banker2,
    banks,
    forwarded,
    partnership,
    referral,
)
from jalinmitra.monitoring.tests.conftest import make_active, today

ALL = [*READ_ALL, Scope.WRITE_ENTRIES]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def verified_all(officer, alice, bob, carol):
    from jalinmitra.businesses.services import business_verify

    for _user, biz in (alice, bob, carol):
        business_verify(actor=officer, business=biz)
    return alice, bob, carol


@pytest.fixture
def tokens(verified_all, officer):
    alice, bob, carol = verified_all

    def make(owner, scopes=ALL, **kw):
        return token_create(
            actor=officer,
            name=f"Sistem {owner[1].name}",
            institution=Institution.BUSINESS,
            user=owner[0],
            business=owner[1],
            scopes=scopes,
            **kw,
        )[1]

    city = token_create(
        actor=officer, name="Portal kota", institution=Institution.CITY, user=officer,
        scopes=READ_ALL,
    )[1]  # fmt: skip
    return {"alice": make(alice), "bob": make(bob), "carol": make(carol), "city": city}


@pytest.fixture
def agreement(verified_all, officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    alice, _bob, carol = verified_all
    return make_active(
        officer=officer,
        small=alice,
        large=carol,
        start=today() - dt.timedelta(days=60),
        end=today() + dt.timedelta(days=300),
    )


@pytest.fixture
def call(client):
    def do(method, path, token=None, **kw):
        headers = kw.pop("headers", {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return getattr(client, method)(f"/api/v1{path}", headers=headers, **kw)

    return do

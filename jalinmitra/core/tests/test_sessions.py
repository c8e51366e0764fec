"""Sessions read with one plain query (core.sessions): the same data as Django's database
store, nothing for an expired or unknown key, and a signed-out session stays signed out."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jalinmitra.core.sessions import SessionStore


def test_the_setting_uses_it():
    assert settings.SESSION_ENGINE == "jalinmitra.core.sessions"


@pytest.mark.django_db
def test_loads_what_djangos_store_loads_in_one_query():
    saved = db.SessionStore()
    saved.update({"a": 1, "jm_seen": 12345, "text": "Ärger <b>"})
    saved.create()
    store = SessionStore(saved.session_key)
    with CaptureQueriesContext(connection) as ctx:
        data = dict(store.items())
    assert data == dict(db.SessionStore(saved.session_key).items())
    assert data["text"] == "Ärger <b>"
    assert len(ctx.captured_queries) == 1
    assert store.session_key == saved.session_key


@pytest.mark.django_db
def test_expired_or_unknown_key_loads_nothing():
    saved = SessionStore()
    saved["a"] = 1
    saved.create()
    Session.objects.filter(pk=saved.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    expired = SessionStore(saved.session_key)
    assert dict(expired.items()) == {}
    assert expired.session_key is None  # a new key is made if anything is stored
    unknown = SessionStore("x" * 32)
    assert dict(unknown.items()) == {} and unknown.session_key is None


@pytest.mark.django_db
def test_signed_out_cookie_no_longer_signs_in(client, officer):
    client.force_login(officer)
    url = reverse("businesses:list")
    assert client.get(url).status_code == 200
    old = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post(reverse("accounts:logout"))
    client.cookies[settings.SESSION_COOKIE_NAME] = old
    assert client.get(url).status_code == 302

"""Production hardening (issue 14): security headers and CSP on every page type, no inline
script in any template, the 503 page when the database is gone, the rate-limit helper, private
uploads refused to who may not see them."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory, override_settings
from django.urls import reverse

from jalinmitra.core import ratelimit
from jalinmitra.core.middleware import service_unavailable

ROOT = Path(settings.BASE_DIR)


def _csp(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_hardened(response):
    csp = _csp(response)
    assert csp, "no Content-Security-Policy"
    assert csp["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp.get("script-src", [])
    assert "'unsafe-eval'" not in csp.get("script-src", [])
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url,status",
    [
        ("/", 200),  # anonymous home
        ("/akun/masuk/", 200),  # form page
        ("/akun/lupa-sandi/", 200),
        ("/akun/daftar/", 200),
        ("/v/TIDAK-ADA", 404),  # public verification
        ("/tidak-ada-halaman/", 404),
        ("/healthz", 200),  # JSON
        ("/admin/login/", 200),
    ],
)
def test_headers_on_anonymous_pages(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert_hardened(response)


@pytest.mark.django_db
def test_headers_on_officer_list_403_and_htmx(client_of, officer, alice):
    c = client_of(officer)
    assert_hardened(c.get(reverse("businesses:list")))
    assert_hardened(c.get(reverse("businesses:list"), HTTP_HX_REQUEST="true"))
    assert_hardened(c.get(reverse("accounts:two_factor")))
    owner, _business = alice
    refused = client_of(owner).get(reverse("businesses:queue"))
    assert refused.status_code == 403
    assert_hardened(refused)


INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
# htmx evaluates these as JavaScript (eval), which script-src 'self' forbids.
HTMX_EVAL = re.compile(
    r"""(hx-vals|hx-vars)=["']\s*(js|javascript):|hx-on[:-]|href=["']javascript:""", re.IGNORECASE
)
# A script element without src= runs inline, except data blocks (JSON-LD), which never run.
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/ld\+json\")[^>]*>", re.IGNORECASE
)


def test_no_template_has_inline_script_or_handler():
    """The CSP forbids them: behaviour goes in static/js files."""
    offenders = []
    for path in (ROOT / "jalinmitra").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, INLINE_HANDLER, HTMX_EVAL):
            for match in pattern.finditer(text):
                offenders.append(f"{path.relative_to(ROOT)}: {match.group(0)[:60]}")
    assert offenders == []


def test_the_checker_catches_an_inline_handler():
    assert INLINE_HANDLER.search('<input type="checkbox" onchange="this.form.submit()">')
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert HTMX_EVAL.search("<input hx-vals='js:{q: event.target.value}'>")
    assert not INLINE_SCRIPT.search('<script src="/static/js/app.js" defer></script>')
    assert not INLINE_SCRIPT.search('<script type="application/ld+json">{}</script>')


# --- the database goes away ------------------------------------------------------------------

PROBE = """
import django, os, sys
django.setup()
from django.test import Client
c = Client(raise_request_exception=False)
for method, url in (("get", "/"), ("get", "/v/PK-2026-0001"), ("post", "/akun/masuk/")):
    r = getattr(c, method)(url, {"username": "x", "password": "y"} if method == "post" else None,
                           secure=True)
    body = r.content.decode()
    print(method, url, r.status_code, r.get("Retry-After"), "tidak tersedia" in body)
"""


def _probe(database_url: str) -> list[list[str]]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": database_url,
        "DB_CONN_MAX_AGE": "0",
    }
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return [line.split() for line in out.stdout.strip().splitlines()]


def _assert_503_everywhere(rows):
    assert len(rows) == 3
    for method, url, status, retry_after, friendly in rows:
        assert status == "503", (method, url, status)
        assert int(retry_after) > 0
        assert friendly == "True"


def test_sqlite_file_that_cannot_be_opened_gives_503(tmp_path):
    _assert_503_everywhere(_probe(f"sqlite:///{tmp_path}/no/such/dir/db.sqlite3"))


def _postgres_available() -> bool:
    try:
        import psycopg

        psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=3).close()
        return True
    except Exception:
        return False


@pytest.mark.skipif(not _postgres_available(), reason="no PostgreSQL server on 127.0.0.1")
def test_postgresql_wrong_database_gives_503():
    _assert_503_everywhere(_probe("postgres://postgres@127.0.0.1:5432/jalinmitra_no_such_db"))


def test_service_unavailable_page_needs_no_database():
    response = service_unavailable(retry_after=42)
    assert response.status_code == 503
    assert response["Retry-After"] == "42"
    assert "tidak tersedia" in response.content.decode()


@pytest.mark.parametrize("exception", ["OperationalError", "InterfaceError"])
def test_view_database_error_becomes_503(exception):
    from django import db

    from jalinmitra.core.middleware import DatabaseUnavailableMiddleware

    request = RequestFactory().post("/usaha/")
    middleware = DatabaseUnavailableMiddleware(lambda r: None)
    out = middleware.process_exception(request, getattr(db, exception)("gone"))
    assert out.status_code == 503 and out["Retry-After"]
    assert middleware.process_exception(request, ValueError("other")) is None


def test_sqlite_takes_the_write_lock_up_front():
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


# --- rate-limit helper ---------------------------------------------------------------------


@override_settings(RATE_LIMITS={"t": "2/60"})
@pytest.mark.django_db
def test_rate_limited_counts_per_address():
    rf = RequestFactory()
    a = rf.post("/", REMOTE_ADDR="10.0.0.1")
    b = rf.post("/", REMOTE_ADDR="10.0.0.2")
    assert ratelimit.rate_limited(a, "t") == 0
    assert ratelimit.rate_limited(a, "t") == 0
    assert 0 < ratelimit.rate_limited(a, "t") <= 60
    assert ratelimit.rate_limited(b, "t") == 0


def test_client_ip_trusts_forwarded_for_only_behind_proxy():
    rf = RequestFactory()
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.9")
    with override_settings(BEHIND_PROXY=False):
        assert ratelimit.client_ip(request) == "127.0.0.1"
    with override_settings(BEHIND_PROXY=True):
        assert ratelimit.client_ip(request) == "203.0.113.9"


@override_settings(RATE_LIMITS={**settings.RATE_LIMITS, "verify_upload": "2/600"})
@pytest.mark.django_db
def test_public_verification_upload_limited(client):
    for _ in range(2):
        assert client.post("/v/TIDAK-ADA").status_code == 404
    response = client.post("/v/TIDAK-ADA")
    assert response.status_code == 429
    assert response.has_header("Retry-After")
    assert client.get("/v/TIDAK-ADA").status_code == 404  # reading is never limited


@override_settings(RATE_LIMITS={**settings.RATE_LIMITS, "verify_upload": "2/600"})
@pytest.mark.django_db
def test_limit_window_starts_with_the_first_attempt_not_the_clock(client, monkeypatch):
    """Two attempts a moment before a clock window would turn, one a moment after: the third is
    still refused (a fixed clock window let 2 x count through and failed the test above when CI
    ran at 22:20:00), and Retry-After counts from the first attempt."""
    turn = (int(ratelimit.time.time()) // 600 + 1) * 600
    monkeypatch.setattr(ratelimit.time, "time", lambda: turn - 0.2)
    for _ in range(2):
        assert client.post("/v/TIDAK-ADA").status_code == 404
    monkeypatch.setattr(ratelimit.time, "time", lambda: turn + 0.3)
    response = client.post("/v/TIDAK-ADA")
    assert response.status_code == 429
    assert int(response["Retry-After"]) == 600


# --- uploads ---------------------------------------------------------------------------------


@pytest.fixture
def media_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "offers").mkdir()
    (tmp_path / "offers" / "foto.jpg").write_bytes(b"jpeg")
    (tmp_path / "city").mkdir()
    (tmp_path / "city" / "logo.png").write_bytes(b"png")
    (tmp_path / "agreements" / "PK-1").mkdir(parents=True)
    (tmp_path / "agreements" / "PK-1" / "signed.pdf").write_bytes(b"%PDF")
    (tmp_path / "privacy").mkdir()
    (tmp_path / "privacy" / "export.zip").write_bytes(b"zip")
    for private in ("monitoring/7/nota.jpg", "financing/3/4-abc.pdf"):
        (tmp_path / private).parent.mkdir(parents=True)
        (tmp_path / private).write_bytes(b"secret")
    return tmp_path


@pytest.mark.django_db
def test_public_uploads_served_to_anyone(client, media_files):
    assert client.get("/media/offers/foto.jpg").status_code == 200
    assert client.get("/media/city/logo.png").status_code == 200


@pytest.mark.django_db
def test_private_uploads_refused(client_of, client, media_files, alice, bob):
    assert client.get("/media/agreements/PK-1/signed.pdf").status_code == 404  # anonymous
    owner, _b = bob
    # An unrelated business (no agreement PK-1 with them): refused.
    assert client_of(owner).get("/media/agreements/PK-1/signed.pdf").status_code in {403, 404}
    assert client.get("/media/privacy/export.zip").status_code == 404
    # Proofs and financing documents are served only by their apps' own checked views: never
    # through /media/, not even to an officer (deny by default).
    for private in ("monitoring/7/nota.jpg", "financing/3/4-abc.pdf"):
        assert client.get(f"/media/{private}").status_code == 404
        assert client_of(owner).get(f"/media/{private}").status_code == 404
    assert client.get("/media/../settings.py").status_code == 404


@pytest.mark.django_db
def test_private_upload_served_to_officer_without_cache(client_of, officer, media_files):
    response = client_of(officer).get("/media/agreements/PK-1/signed.pdf")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert client_of(officer).get("/media/monitoring/7/nota.jpg").status_code == 404


# --- production settings -------------------------------------------------------------------

SETTINGS_PROBE = """
import django
django.setup()
from django.conf import settings
print(settings.EMAIL_BACKEND)
print(getattr(settings, "SECURE_PROXY_SSL_HEADER", None))
print(settings.STORAGES["staticfiles"]["BACKEND"])
print("whitenoise.middleware.WhiteNoiseMiddleware" in settings.MIDDLEWARE)
print(settings.TWO_FACTOR_REQUIRED, settings.OFFICER_IDLE_TIMEOUT > 0)
print(settings.DATABASES["default"]["CONN_MAX_AGE"], settings.DATABASES["default"]["CONN_HEALTH_CHECKS"])
"""


def _settings(**env) -> list[str]:
    full = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **env}
    for key in ("EMAIL_BACKEND", "BEHIND_PROXY", "TWO_FACTOR_REQUIRED", "DB_CONN_MAX_AGE"):
        if key not in env:
            full.pop(key, None)
    out = subprocess.run(
        [sys.executable, "-c", SETTINGS_PROBE],
        cwd=ROOT,
        env=full,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout.strip().splitlines()


def test_production_settings():
    lines = _settings(DEBUG="0", SECRET_KEY="s" * 60, ALLOWED_HOSTS="x")
    assert lines[0] == "django.core.mail.backends.smtp.EmailBackend"
    assert lines[1] == "None"  # no proxy said to be in front: X-Forwarded-Proto not believed
    assert lines[2] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert lines[3] == "True"
    assert lines[4] == "True True"
    assert lines[5] == "60 True"
    behind = _settings(DEBUG="0", SECRET_KEY="s" * 60, ALLOWED_HOSTS="x", BEHIND_PROXY="1")
    assert behind[1] == "('HTTP_X_FORWARDED_PROTO', 'https')"


def test_development_settings():
    lines = _settings(DEBUG="1")
    assert lines[0] == "django.core.mail.backends.console.EmailBackend"
    assert lines[4] == "False False"


def test_production_refuses_to_start_without_a_secret_key():
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "0",
            "SECRET_KEY": "",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode != 0 and "SECRET_KEY" in out.stderr


# --- errors reach someone --------------------------------------------------------------------


def _boom(request):
    raise RuntimeError("boom")


def _db_gone(request):
    from django.db import OperationalError

    raise OperationalError("could not connect to server")


urlpatterns = [
    __import__("django.urls").urls.path("boom/", _boom),
    __import__("django.urls").urls.path("db-gone/", _db_gone),
]
handler500 = "config.urls.server_error"


@override_settings(ROOT_URLCONF=__name__, ADMINS=[("Tim TI", "ti@example.test")])
@pytest.mark.django_db
def test_server_error_is_mailed_to_admins_but_database_loss_is_not(client, mailoutbox):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert [m.to for m in mailoutbox] == [["ti@example.test"]]
    assert "boom" in mailoutbox[0].body
    response = client.get("/db-gone/")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert len(mailoutbox) == 1  # a database outage does not mail on every request


def test_json_lines_log_format():
    import json
    import logging

    from jalinmitra.core.jsonlog import JsonLinesFormatter

    record = logging.LogRecord(
        "jalinmitra.security", logging.WARNING, "x", 1, "login %s", ("x",), None
    )
    line = json.loads(JsonLinesFormatter().format(record))
    assert line["level"] == "WARNING" and line["message"] == "login x"
    assert line["logger"] == "jalinmitra.security" and "time" in line


@pytest.mark.django_db
def test_sign_in_without_an_address_is_logged_without_one(client, officer):
    """force_login (and a request with no usable address) must not store "unknown" in axes'
    IP column: PostgreSQL's inet refuses it and the sign-in would fail."""
    from axes.models import AccessLog
    from django.test import RequestFactory

    from jalinmitra.core.ratelimit import axes_client_ip

    request = RequestFactory().get("/")
    request.META.pop("REMOTE_ADDR", None)
    assert axes_client_ip(request) is None
    request.META["REMOTE_ADDR"] = "10.0.0.7"
    assert axes_client_ip(request) == "10.0.0.7"
    client.force_login(officer)
    assert client.get("/").status_code in (200, 302)
    stored = list(AccessLog.objects.values_list("ip_address", flat=True))
    assert stored and all(ip is None for ip in stored)

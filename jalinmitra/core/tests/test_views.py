"""Core pages: health check, city settings, officials, pickers, job progress, and the
settings module's refusal to run in production without a real secret."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connections
from django.db.utils import load_backend
from django.urls import reverse

from jalinmitra.core.models import AuditLog, City, Job, Office, Official

BASE_DIR = Path(__file__).resolve().parents[3]


# --- healthz ----------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_ok(client):
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_post_not_allowed(client):
    assert client.post(reverse("core:healthz")).status_code == 405


@pytest.mark.django_db
def test_healthz_503_when_database_cannot_be_opened(client, tmp_path):
    """A real connection that cannot open its database, not a mock.

    For the length of one request the "default" alias becomes a genuine
    DatabaseWrapper of the same backend pointing at a database that is not there
    (SQLite: a file in a missing directory; PostgreSQL: an unknown database name),
    so connecting fails exactly as it would on a lost volume or server. The test
    database itself is in memory and cannot be closed, hence the swap rather
    than breaking the live connection.
    """
    broken_settings = dict(connections["default"].settings_dict)
    if "sqlite" in broken_settings["ENGINE"]:
        broken_settings["NAME"] = str(tmp_path / "tidak-ada" / "jalinmitra.sqlite3")
    else:  # a database the server does not have
        broken_settings["NAME"] = "jalinmitra_tidak_ada"
    backend = load_backend(broken_settings["ENGINE"])
    broken = backend.DatabaseWrapper(broken_settings, alias="default")
    original = connections["default"]
    connections["default"] = broken
    try:
        response = client.get(reverse("core:healthz"))
    finally:
        connections["default"] = original
        broken.close()
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}


# --- production settings ----------------------------------------------------


# Variables the test session may carry that a production process would not have.
PRODUCTION_UNSET = {
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "JALINMITRA_ALLOW_DEV_SECRET",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def _env(**overrides: str) -> dict[str, str]:
    """The test session's environment minus its development settings, plus `overrides`."""
    env = {k: v for k, v in os.environ.items() if k not in PRODUCTION_UNSET}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    env.update(overrides)
    return env


def test_settings_refuse_to_start_without_secret_key_when_debug_off():
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=BASE_DIR,
        env=_env(DEBUG="0"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY wajib diisi (minimal 50 karakter acak) bila DEBUG mati" in result.stderr


def test_settings_refuse_a_short_secret_key_when_debug_off():
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=BASE_DIR,
        env=_env(DEBUG="0", SECRET_KEY="terlalu-pendek"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY wajib diisi" in result.stderr


def test_check_deploy_is_clean_with_production_environment():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=BASE_DIR,
        env=_env(
            DEBUG="0",
            SECRET_KEY=secrets.token_urlsafe(64),
            ALLOWED_HOSTS="jalinmitra.metrokota.go.id",
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "ERRORS" not in output
    assert "no issues" in output


# --- home -------------------------------------------------------------------


@pytest.mark.django_db
def test_home_routes_each_role(client, officer, alice):
    assert client.get(reverse("core:home")).status_code == 200
    client.force_login(officer)
    assert client.get(reverse("core:home")).url == reverse("businesses:list")
    client.force_login(alice[0])
    assert client.get(reverse("core:home")).url == reverse("businesses:mine")


# --- city settings ----------------------------------------------------------


def _city_post(city: City, **changes) -> dict:
    data = {
        "name": city.name,
        "short_name": city.short_name,
        "code": city.code,
        "address": city.address,
        "agreement_number_pattern": city.agreement_number_pattern,
        "payment_term_policy_days": city.payment_term_policy_days,
        "privacy_notice_version": city.privacy_notice_version,
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_city_settings_page_for_admin(client, city_admin):
    client.force_login(city_admin)
    response = client.get(reverse("core:city"))
    assert response.status_code == 200
    assert "Pemerintah Kota Metro" in response.content.decode()
    assert "Dinas Koperasi, UMKM dan Perindustrian" in response.content.decode()


@pytest.mark.django_db
def test_city_settings_forbidden_to_officer_and_owner(client, officer, alice):
    for user in (officer, alice[0]):
        client.force_login(user)
        assert client.get(reverse("core:city")).status_code == 403
        city = City.objects.get()
        response = client.post(reverse("core:city"), _city_post(city, name="Diretas"))
        assert response.status_code == 403
    assert City.objects.get().name == "Pemerintah Kota Metro"
    assert not AuditLog.objects.filter(action="city.update").exists()


@pytest.mark.django_db
def test_city_settings_anonymous_redirects_to_login(client):
    response = client.get(reverse("core:city"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_city_settings_save_changes_city_and_writes_audit(client, city_admin):
    client.force_login(city_admin)
    city = City.objects.get()
    response = client.post(
        reverse("core:city"),
        _city_post(city, short_name="Metro", payment_term_policy_days="14"),
    )
    assert response.status_code == 302
    assert response.url == reverse("core:city")
    city.refresh_from_db()
    assert city.short_name == "Metro"
    assert city.payment_term_policy_days == 14
    log = AuditLog.objects.get(action="city.update")
    assert log.actor == city_admin
    assert log.changes == {
        "short_name": ["Kota Metro", "Metro"],
        "payment_term_policy_days": [30, 14],
    }


@pytest.mark.django_db
def test_city_settings_invalid_input_saves_nothing(client, city_admin):
    client.force_login(city_admin)
    city = City.objects.get()
    response = client.post(reverse("core:city"), _city_post(city, name=""))
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert City.objects.get().name == "Pemerintah Kota Metro"
    assert not AuditLog.objects.filter(action="city.update").exists()


@pytest.mark.django_db
def test_city_settings_delete_method_not_allowed(client, city_admin):
    client.force_login(city_admin)
    assert client.delete(reverse("core:city")).status_code == 405


# --- officials and offices --------------------------------------------------


def _official_post(**changes) -> dict:
    data = {
        "name": "Drs. H. Qomaru Zaman, M.Pd.",
        "title": "Wakil Wali Kota Metro",
        "nip": "196805121990031004",
        "office": "",
        "is_witness": "on",
        "order": "1",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_official_create_edit_delete(client, city_admin):
    client.force_login(city_admin)
    assert client.get(reverse("core:official_create")).status_code == 200

    office = Office.objects.get(code="DKUMP")
    response = client.post(reverse("core:official_create"), _official_post(office=office.pk))
    assert response.status_code == 302
    official = Official.objects.get()
    assert official.title == "Wakil Wali Kota Metro"
    assert official.office == office
    assert official.city == City.objects.get()
    assert AuditLog.objects.filter(action="official.create", object_id=str(official.pk)).exists()
    assert "Wakil Wali Kota Metro" in client.get(reverse("core:city")).content.decode()

    url = reverse("core:official_edit", args=[official.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _official_post(title="Wali Kota Metro"))
    assert response.status_code == 302
    official.refresh_from_db()
    assert official.title == "Wali Kota Metro"
    assert AuditLog.objects.filter(action="official.update", object_id=str(official.pk)).exists()

    delete_url = reverse("core:official_delete", args=[official.pk])
    assert client.get(delete_url).status_code == 405
    assert client.post(delete_url).status_code == 302
    assert not Official.objects.exists()
    assert AuditLog.objects.filter(action="official.delete", object_id=str(official.pk)).exists()


@pytest.mark.django_db
def test_official_bad_nip_is_refused_in_indonesian(client, city_admin):
    client.force_login(city_admin)
    response = client.post(reverse("core:official_create"), _official_post(nip="12345"))
    assert response.status_code == 200
    assert response.context["form"].errors["nip"] == ["NIP harus 18 angka."]
    assert "NIP harus 18 angka." in response.content.decode()
    assert not Official.objects.exists()


@pytest.mark.django_db
def test_official_pages_forbidden_to_officer(client, city_admin, officer):
    client.force_login(city_admin)
    client.post(reverse("core:official_create"), _official_post())
    official = Official.objects.get()
    client.force_login(officer)
    assert client.get(reverse("core:official_create")).status_code == 403
    assert client.post(reverse("core:official_create"), _official_post()).status_code == 403
    assert client.get(reverse("core:official_edit", args=[official.pk])).status_code == 403
    assert client.post(reverse("core:official_delete", args=[official.pk])).status_code == 403
    assert Official.objects.count() == 1


@pytest.mark.django_db
def test_office_edit(client, city_admin, officer):
    office = Office.objects.get(code="DPMPTSP")
    url = reverse("core:office_edit", args=[office.pk])
    client.force_login(officer)
    assert client.get(url).status_code == 403
    client.force_login(city_admin)
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"code": "DPMPTSP", "name": office.name, "phone": "0725-41234", "order": "1"}
    )
    assert response.status_code == 302
    office.refresh_from_db()
    assert office.phone == "0725-41234"
    assert AuditLog.objects.filter(action="office.update", object_id=str(office.pk)).exists()


# --- pickers ----------------------------------------------------------------


@pytest.mark.django_db
def test_kbli_picker_json(client, officer):
    client.force_login(officer)
    response = client.get(reverse("core:kbli_picker"), {"q": "keripik"})
    assert response.status_code == 200
    codes = [r["code"] for r in response.json()["results"]]
    assert "10794" in codes
    assert all(len(code) == 5 for code in codes)


@pytest.mark.django_db
def test_kbli_picker_by_code_prefix(client, alice):
    client.force_login(alice[0])
    response = client.get(reverse("core:kbli_picker"), {"q": "1079"})
    codes = [r["code"] for r in response.json()["results"]]
    assert "10794" in codes
    assert all(code.startswith("1079") for code in codes)


@pytest.mark.django_db
def test_kbli_picker_htmx_fragment(client, alice):
    client.force_login(alice[0])
    response = client.get(reverse("core:kbli_picker"), {"q": "keripik"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'data-pick-value="10794"' in html


@pytest.mark.django_db
def test_kbli_picker_htmx_nothing_found(client, alice):
    client.force_login(alice[0])
    response = client.get(reverse("core:kbli_picker"), {"q": "zzzqqq"}, HTTP_HX_REQUEST="true")
    assert "Tidak ditemukan." in response.content.decode()


@pytest.mark.django_db
def test_pickers_require_login(client):
    for name in ("core:kbli_picker", "core:region_picker"):
        response = client.get(reverse(name), {"q": "metro"})
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_pickers_refuse_post(client, officer):
    client.force_login(officer)
    assert client.post(reverse("core:kbli_picker"), {"q": "keripik"}).status_code == 405
    assert client.post(reverse("core:region_picker"), {"q": "metro"}).status_code == 405


@pytest.mark.django_db
def test_region_picker_finds_kecamatan_first(client, officer):
    client.force_login(officer)
    response = client.get(reverse("core:region_picker"), {"q": "metro pusat"})
    results = response.json()["results"]
    assert results[0]["code"] == "18.72.01"
    assert results[0]["level"] == "kecamatan"
    assert results[0]["name"] == "Metro Pusat"


@pytest.mark.django_db
def test_region_picker_kelurahan_htmx(client, officer):
    client.force_login(officer)
    response = client.get(
        reverse("core:region_picker"),
        {"q": "yosomulyo", "levels": "desa"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "<html" not in html
    assert 'data-pick-value="18.72.01.1005"' in html
    assert "Kel. Yosomulyo — Metro Pusat" in html


# --- job progress -----------------------------------------------------------


@pytest.mark.django_db
def test_job_progress_visible_to_owner_and_officer_only(client, officer, alice, bob):
    job = Job.objects.create(kind="import", title="Impor usaha", owner=alice[0], total=4, done=1)
    url = reverse("core:job", args=[job.pk])

    client.force_login(alice[0])
    response = client.get(url)
    assert response.status_code == 200
    assert "<html" in response.content.decode()
    assert "25%" in response.content.decode()

    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment
    assert 'id="job"' in fragment

    client.force_login(officer)
    assert client.get(url).status_code == 200

    client.force_login(bob[0])
    assert client.get(url).status_code == 404

    client.logout()
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_a_refused_write_that_a_view_did_not_catch_is_a_400_page_not_a_500(client, officer):
    from jalinmitra.events import services as event_services

    event = event_services.event_create(
        actor=officer,
        data={
            "name": "Temu Usaha Uji",
            "date": "2027-01-10",
            "venue": "Aula",
            "sessions": [{"start": "09:00", "end": "10:00"}],
            "meeting_minutes": 20,
        },
    )
    client.force_login(officer)
    response = client.post(reverse("events:status", args=[event.pk]), {"status": "ngawur"})
    assert response.status_code == 400
    assert "Status acara tidak dikenal." in response.content.decode()
    event.refresh_from_db()
    assert event.status == "draft"

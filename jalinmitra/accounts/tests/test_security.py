"""Login lockout, two-factor authentication, password change, per-address limits on sign-up and
password reset, officers' idle timeout (issue 14, ASVS L2)."""

import logging
from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from jalinmitra.accounts import security
from jalinmitra.core.models import AuditLog

LOGIN = "/akun/masuk/"


def _login(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def _enable(user) -> tuple[TOTPDevice, list[str]]:
    key, _signed = security.setup_key_new()
    token = TOTP(bytes.fromhex(key)).token()
    return security.two_factor_enable(actor=user, key=key, token=str(token).zfill(6))


def _current_code(device: TOTPDevice) -> str:
    return str(TOTP(device.bin_key, device.step, device.t0, device.digits).token()).zfill(6)


# --- lockout (django-axes) ----------------------------------------------------------------


@pytest.mark.django_db
def test_31st_wrong_password_refused_even_with_the_right_one_then_lifts(client, officer):
    for _ in range(29):
        assert _login(client, "petugas1", "salah-sekali").status_code == 200
    # The 30th wrong password locks the name: the page says so.
    assert _login(client, "petugas1", "salah-sekali").status_code == 429
    response = _login(client, "petugas1", "rahasia-petugas-1")
    assert response.status_code == 429
    assert int(response["Retry-After"]) == 15 * 60
    assert "_auth_user_id" not in client.session
    assert "diblokir sementara" in response.content.decode()

    # After the cool-off time the right password works again.
    from axes.models import AccessAttempt

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = _login(client, "petugas1", "rahasia-petugas-1")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(officer.pk)


@pytest.mark.django_db
def test_29_wrong_passwords_then_the_right_one_logs_in(client, officer):
    for _ in range(29):
        _login(client, "petugas1", "salah")
    assert _login(client, "petugas1", "rahasia-petugas-1").status_code == 302


@pytest.mark.django_db
def test_lockout_is_per_username_from_another_address_too(client, officer):
    for i in range(30):
        client.post(LOGIN, {"username": "petugas1", "password": "x"}, REMOTE_ADDR=f"10.0.0.{i}")
    response = client.post(
        LOGIN, {"username": "petugas1", "password": "rahasia-petugas-1"}, REMOTE_ADDR="10.9.9.9"
    )
    assert response.status_code == 429


@pytest.mark.django_db
def test_failed_login_is_logged(client, officer, caplog):
    with caplog.at_level(logging.WARNING, logger="jalinmitra.security"):
        _login(client, "petugas1", "salah")
    assert any("login failed: username=petugas1" in r.getMessage() for r in caplog.records)


@pytest.mark.django_db
def test_access_denied_is_logged(client_of, alice, caplog):
    user, _business = alice
    c = client_of(user)
    with caplog.at_level(logging.WARNING, logger="jalinmitra.security"):
        response = c.get(reverse("businesses:queue"))
    assert response.status_code == 403
    assert any(
        "access denied" in r.getMessage() and "user=alice" in r.getMessage() for r in caplog.records
    )


# --- two-factor authentication ------------------------------------------------------------


@pytest.mark.django_db
def test_enable_refuses_a_wrong_code_and_writes_nothing(officer):
    key, _signed = security.setup_key_new()
    with pytest.raises(security.ValidationError) as e:
        security.two_factor_enable(actor=officer, key=key, token="000000x")
    assert e.value.error_dict["token"][0].code == "token"
    assert not TOTPDevice.objects.filter(user=officer).exists()


@pytest.mark.django_db
def test_setup_page_get_writes_nothing_and_post_enables(client_of, alice):
    user, _b = alice
    c = client_of(user)
    before = AuditLog.objects.count()
    page = c.get(reverse("accounts:two_factor_setup"))
    assert page.status_code == 200
    assert b"<svg" in page.content
    assert not TOTPDevice.objects.exists()
    signed = page.context["signed_key"]
    key = security.setup_key_read(signed)
    wrong = c.post(reverse("accounts:two_factor_setup"), {"key": signed, "token": "123"})
    assert wrong.status_code == 200 and not TOTPDevice.objects.exists()
    assert wrong.context["signed_key"] == signed  # the secret already scanned stays
    token = str(TOTP(bytes.fromhex(key)).token()).zfill(6)
    done = c.post(reverse("accounts:two_factor_setup"), {"key": signed, "token": token})
    assert done.status_code == 200
    assert len(done.context["codes"]) == security.RECOVERY_CODE_COUNT
    assert TOTPDevice.objects.get(user=user).confirmed
    assert AuditLog.objects.filter(action="user.two_factor_enable").count() == 1
    assert AuditLog.objects.count() == before + 1


@pytest.mark.django_db
def test_setup_refuses_a_forged_key(client_of, alice):
    user, _b = alice
    c = client_of(user)
    response = c.post(reverse("accounts:two_factor_setup"), {"key": "00" * 20, "token": "123456"})
    assert response.status_code == 200
    assert "kedaluwarsa" in response.content.decode()
    assert not TOTPDevice.objects.exists()


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)  # django-otp makes a retry wait after a failure
@pytest.mark.django_db
def test_login_with_device_asks_for_the_code(client, alice):
    user, _b = alice
    device, codes = _enable(user)
    assert _login(client, "alice", "rahasia-alice-1").status_code == 302
    page = client.get(reverse("businesses:mine"))
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("accounts:two_factor_verify"))
    # A POST elsewhere is refused as well.
    assert client.post(reverse("privacy:request")).status_code == 302

    wrong = client.post(reverse("accounts:two_factor_verify"), {"token": "000000"})
    assert wrong.status_code == 200
    assert "tidak cocok" in wrong.content.decode()
    ok = client.post(
        reverse("accounts:two_factor_verify"),
        {"token": _current_code(device), "next": reverse("businesses:mine")},
    )
    assert ok.status_code == 302 and ok["Location"] == reverse("businesses:mine")
    assert client.get(reverse("businesses:mine")).status_code == 200


@pytest.mark.django_db
def test_recovery_code_works_once(client, alice):
    user, _b = alice
    _device, codes = _enable(user)
    _login(client, "alice", "rahasia-alice-1")
    assert (
        client.post(reverse("accounts:two_factor_verify"), {"token": codes[0]}).status_code == 302
    )
    assert client.get(reverse("businesses:mine")).status_code == 200
    assert not StaticToken.objects.filter(token=codes[0]).exists()
    client.post(reverse("accounts:logout"))
    _login(client, "alice", "rahasia-alice-1")
    again = client.post(reverse("accounts:two_factor_verify"), {"token": codes[0]})
    assert again.status_code == 200


@override_settings(TWO_FACTOR_REQUIRED=True)
@pytest.mark.django_db
def test_officer_must_set_up_2fa_when_required(client, officer):
    assert _login(client, "petugas1", "rahasia-petugas-1").status_code == 302
    response = client.get(reverse("businesses:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_setup"))
    # They cannot remove it either.
    device, _codes = _enable(officer)
    with pytest.raises(security.PermissionDenied):
        security.two_factor_disable(actor=officer, password="rahasia-petugas-1")


@override_settings(TWO_FACTOR_REQUIRED=True)
@pytest.mark.django_db
def test_business_owner_is_not_forced_when_required(client, alice):
    _login(client, "alice", "rahasia-alice-1")
    assert client.get(reverse("businesses:mine")).status_code == 200


@override_settings(TWO_FACTOR_REQUIRED=False)
@pytest.mark.django_db
def test_officer_not_forced_when_setting_off(client, officer):
    _login(client, "petugas1", "rahasia-petugas-1")
    assert client.get(reverse("businesses:list")).status_code == 200


@pytest.mark.django_db
def test_owner_may_disable_with_password(client_of, alice):
    user, _b = alice
    _enable(user)
    with pytest.raises(security.ValidationError):
        security.two_factor_disable(actor=user, password="salah")
    assert TOTPDevice.objects.filter(user=user).exists()
    security.two_factor_disable(actor=user, password="rahasia-alice-1")
    assert not TOTPDevice.objects.filter(user=user).exists()


# --- password change ---------------------------------------------------------------------


@pytest.mark.django_db
def test_password_change(client, alice):
    user, _b = alice
    _login(client, "alice", "rahasia-alice-1")
    url = reverse("accounts:password_change")
    assert client.get(url).status_code == 200
    bad = client.post(
        url,
        {
            "old_password": "salah",
            "new_password1": "Kopi-Lampung-88",
            "new_password2": "Kopi-Lampung-88",
        },
    )
    assert bad.status_code == 200 and "lama salah" in bad.content.decode()
    ok = client.post(
        url,
        {
            "old_password": "rahasia-alice-1",
            "new_password1": "Kopi-Lampung-88",
            "new_password2": "Kopi-Lampung-88",
        },
    )
    assert ok.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Kopi-Lampung-88")
    assert client.get(reverse("businesses:mine")).status_code == 200  # still signed in
    assert AuditLog.objects.filter(action="user.password_change", object_id=str(user.pk)).exists()


def test_password_change_needs_login(client, db):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


# --- per-address limits --------------------------------------------------------------------


@override_settings(
    RATE_LIMITS={
        "password_reset": "3/900",
        "signup": "2/3600",
        "verify_upload": "1/60",
        "otp_verify": "10/300",
    }
)
@pytest.mark.django_db
def test_password_reset_limited_per_address(client):
    url = reverse("accounts:password_reset")
    for _ in range(3):
        assert client.post(url, {"email": "x@example.com"}).status_code == 302
    response = client.post(url, {"email": "x@example.com"})
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 900
    # Another address is not affected; a GET is never counted.
    assert client.post(url, {"email": "x@example.com"}, REMOTE_ADDR="10.1.1.1").status_code == 302
    assert client.get(url).status_code == 200


@override_settings(
    RATE_LIMITS={
        "password_reset": "3/900",
        "signup": "2/3600",
        "verify_upload": "1/60",
        "otp_verify": "10/300",
    }
)
@pytest.mark.django_db
def test_signup_limited_per_address(client):
    url = reverse("accounts:signup")
    for _ in range(2):
        assert client.post(url, {"username": "x"}).status_code == 200
    response = client.post(url, {"username": "x"})
    assert response.status_code == 429
    assert response.has_header("Retry-After")


# --- officers' idle timeout ------------------------------------------------------------------


@override_settings(OFFICER_IDLE_TIMEOUT=600)
@pytest.mark.django_db
def test_officer_signed_out_after_idle_time(client, officer, monkeypatch):
    import time as time_module

    _login(client, "petugas1", "rahasia-petugas-1")
    assert client.get(reverse("businesses:list")).status_code == 200
    now = time_module.time()
    monkeypatch.setattr(time_module, "time", lambda: now + 601)
    response = client.get(reverse("businesses:list"))
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]
    assert "_auth_user_id" not in client.session


@override_settings(OFFICER_IDLE_TIMEOUT=600)
@pytest.mark.django_db
def test_business_owner_not_signed_out_for_idle_time(client, alice, monkeypatch):
    import time as time_module

    _login(client, "alice", "rahasia-alice-1")
    now = time_module.time()
    monkeypatch.setattr(time_module, "time", lambda: now + 3600)
    assert client.get(reverse("businesses:mine")).status_code == 200

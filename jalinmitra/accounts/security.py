"""Account security: two-factor authentication (TOTP with recovery codes, django-otp), the
password change, and what happens at login (which second factor is owed).

Writes are services like every other (keyword-only, atomic, audited); the pages are in
`views_security.py`. The middleware that enforces the second factor lives in core and only
reads the session key set here (`core.middleware.TWO_FACTOR_SESSION_KEY`), so it costs a
page no query.
"""

from __future__ import annotations

import logging
import time
from base64 import b32encode

from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.dispatch import receiver
from django.utils.translation import gettext as _
from django_otp import devices_for_user, user_has_device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from jalinmitra.accounts.models import User
from jalinmitra.core.middleware import LAST_SEEN_SESSION_KEY, TWO_FACTOR_SESSION_KEY
from jalinmitra.core.ratelimit import client_ip
from jalinmitra.core.services import audit_record

security_log = logging.getLogger("jalinmitra.security")

RECOVERY_CODE_COUNT = 10
SETUP_SALT = "jalinmitra.two_factor_setup"
SETUP_MAX_AGE = 30 * 60  # seconds a set-up page's secret stays usable


def two_factor_required_for(user: User) -> bool:
    """Officers, admins and staff must use a second factor when TWO_FACTOR_REQUIRED is on."""
    return bool(settings.TWO_FACTOR_REQUIRED) and (user.is_officer or user.is_staff)


def two_factor_owed(user: User) -> str:
    """What a person who just signed in with their password still owes: "verify" (a code from
    their device), "setup" (an officer without one) or "" (nothing)."""
    if user_has_device(user, confirmed=True):
        return "verify"
    if two_factor_required_for(user):
        return "setup"
    return ""


@receiver(user_logged_in, dispatch_uid="jalinmitra_two_factor_owed")
def _on_login(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    owed = "" if getattr(user, "otp_device", None) is not None else two_factor_owed(user)
    if owed:
        request.session[TWO_FACTOR_SESSION_KEY] = owed
    else:
        request.session.pop(TWO_FACTOR_SESSION_KEY, None)
    request.session[LAST_SEEN_SESSION_KEY] = int(time.time())


@receiver(user_login_failed, dispatch_uid="jalinmitra_login_failed_log")
def _on_login_failed(sender, credentials, request=None, **kwargs):
    security_log.warning(
        "login failed: username=%s ip=%s",
        str(credentials.get("username", ""))[:150],
        client_ip(request) if request is not None else "-",
    )


def setup_key_new() -> tuple[str, str]:
    """A fresh TOTP secret (hex) and the signed form of it that the set-up page carries, so the
    page writes nothing until the person proves their app has the secret."""
    key = random_hex(20)
    return key, signing.dumps(key, salt=SETUP_SALT)


def setup_key_read(signed: str) -> str:
    try:
        return signing.loads(signed, salt=SETUP_SALT, max_age=SETUP_MAX_AGE)
    except signing.BadSignature as e:
        raise ValidationError(
            _("Halaman pemasangan sudah kedaluwarsa. Muat ulang lalu pindai kode QR yang baru."),
            code="setup_expired",
        ) from e


def base32_secret(key: str) -> str:
    """The secret as people type it into an app that cannot scan, in groups of four."""
    text = b32encode(bytes.fromhex(key)).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def totp_config_url(*, user: User, key: str) -> str:
    return TOTPDevice(user=user, key=key, name="authenticator").config_url


def _new_recovery_codes(device: StaticDevice) -> list[str]:
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


@transaction.atomic
def two_factor_enable(*, actor: User, key: str, token: str) -> tuple[TOTPDevice, list[str]]:
    """`actor` proves their authenticator app holds `key` with a current `token`: the app
    becomes their confirmed device and they get fresh recovery codes (shown once)."""
    if not actor.is_authenticated:
        raise PermissionDenied
    token = (token or "").strip().replace(" ", "")
    if not token.isdigit() or not TOTP(bytes.fromhex(key), drift=0).verify(int(token), tolerance=1):
        message = _(
            "Kode tidak cocok. Periksa jam ponsel Anda dan masukkan kode yang sedang tampil."
        )
        raise ValidationError({"token": ValidationError(message, code="token")})
    TOTPDevice.objects.filter(user=actor).delete()
    device = TOTPDevice.objects.create(user=actor, key=key, name="authenticator", confirmed=True)
    static, _created = StaticDevice.objects.get_or_create(
        user=actor, name="recovery", defaults={"confirmed": True}
    )
    codes = _new_recovery_codes(static)
    audit_record(actor=actor, action="user.two_factor_enable", obj=actor)
    return device, codes


@transaction.atomic
def recovery_codes_regenerate(*, actor: User) -> list[str]:
    """New recovery codes for `actor` (the old ones stop working)."""
    if not actor.is_authenticated or not user_has_device(actor):
        raise PermissionDenied
    static, _created = StaticDevice.objects.get_or_create(
        user=actor, name="recovery", defaults={"confirmed": True}
    )
    codes = _new_recovery_codes(static)
    audit_record(actor=actor, action="user.recovery_codes", obj=actor)
    return codes


@transaction.atomic
def two_factor_disable(*, actor: User, password: str) -> None:
    """`actor` removes their second factor, confirming with their password; refused to an
    officer or admin who must keep one."""
    if not actor.is_authenticated:
        raise PermissionDenied
    if two_factor_required_for(actor):
        raise PermissionDenied(_("Petugas dan admin wajib memakai verifikasi dua langkah."))
    if not actor.check_password(password or ""):
        raise ValidationError(
            {"password": ValidationError(_("Kata sandi salah."), code="password")}
        )
    for device in devices_for_user(actor, confirmed=None):
        device.delete()
    audit_record(actor=actor, action="user.two_factor_disable", obj=actor)


@transaction.atomic
def password_change(*, actor: User, request, old_password: str, new_password: str) -> None:
    """`actor` sets a new password (the form checked the old one and the rules); other sessions
    of theirs end, this one stays signed in."""
    if not actor.is_authenticated:
        raise PermissionDenied
    if not actor.check_password(old_password or ""):
        raise ValidationError(
            {"old_password": ValidationError(_("Kata sandi lama salah."), code="password")}
        )
    actor.set_password(new_password)
    actor.save(update_fields=["password"])
    update_session_auth_hash(request, actor)
    audit_record(actor=actor, action="user.password_change", obj=actor)

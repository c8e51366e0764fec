"""Writes of the API app: making and revoking tokens, and logging a token's use."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jalinmitra.api.choices import Institution, Scope
from jalinmitra.api.models import ApiToken, ApiTokenUse
from jalinmitra.businesses.models import Business, Membership
from jalinmitra.core.ratelimit import parse_limit
from jalinmitra.core.services import audit_record
from jalinmitra.financing.models import Bank, BankMembership

if TYPE_CHECKING:
    from jalinmitra.accounts.models import User

SECRET_PREFIX = "jm_"
MAX_DAYS = 730


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _invalid(field: str, message: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code="invalid")})


def token_check(
    *,
    institution: str,
    user: User,
    business: Business | None,
    bank: Bank | None,
    scopes: list[str],
    rate_limit: str,
) -> None:
    """The rules of a token: who it acts for matches its institution, and a write scope only
    where it makes sense (a business records its own deliveries, a bank its own referrals)."""
    if institution not in Institution.values:
        raise _invalid("institution", _("Lembaga tidak dikenal."))
    unknown = [s for s in scopes if s not in Scope.values]
    if unknown or not scopes:
        raise _invalid("scopes", _("Pilih cakupan yang dikenal."))
    try:
        count, seconds = parse_limit(rate_limit)
        if count < 1 or seconds < 1:
            raise ValueError
    except ValueError as e:
        raise _invalid("rate_limit", _("Tulis batas sebagai jumlah/detik, misalnya 120/60.")) from e
    if institution == Institution.BUSINESS:
        if business is None:
            raise _invalid("business", _("Token pelaku usaha harus untuk satu usaha."))
        if not Membership.objects.filter(user=user, business=business).exists():
            raise _invalid("user", _("Pengguna token harus anggota usaha itu."))
    elif business is not None:
        raise _invalid("business", _("Hanya token pelaku usaha yang terikat pada usaha."))
    if institution == Institution.BANK:
        if bank is None:
            raise _invalid("bank", _("Token bank harus untuk satu bank."))
        if not BankMembership.objects.filter(user=user, bank=bank).exists():
            raise _invalid("user", _("Pengguna token harus pegawai bank itu."))
    elif bank is not None:
        raise _invalid("bank", _("Hanya token bank yang terikat pada bank."))
    if institution in (Institution.CITY, Institution.PROVINCE) and not user.is_officer:
        raise _invalid("user", _("Token pemerintah bertindak sebagai petugas."))
    if Scope.WRITE_ENTRIES in scopes and institution != Institution.BUSINESS:
        raise _invalid("scopes", _("Hanya pelaku usaha yang mencatat realisasi."))
    if Scope.WRITE_REFERRALS in scopes and institution != Institution.BANK:
        raise _invalid("scopes", _("Hanya bank yang memperbarui rujukan."))


def new_secret() -> tuple[str, str, str]:
    """A fresh secret, its prefix (shown in lists) and its hash (stored)."""
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    return secret, secret[len(SECRET_PREFIX) : len(SECRET_PREFIX) + 8], hash_secret(secret)


@transaction.atomic
def token_create(
    *,
    actor: User,
    name: str,
    institution: str,
    user: User,
    scopes: list[str],
    business: Business | None = None,
    bank: Bank | None = None,
    days: int = 365,
    rate_limit: str = "120/60",
    secret: str | None = None,
) -> tuple[ApiToken, str]:
    """Make a token; returns it and its secret, which is never stored and shown only now.
    `secret` gives a known one (the demo's documented tokens); otherwise it is random."""
    if not (actor.is_officer or actor.is_superuser):
        raise PermissionDenied(_("Hanya petugas yang membuat token API."))
    if not 1 <= days <= MAX_DAYS:
        raise _invalid("days", _("Masa berlaku 1 sampai 730 hari."))
    name = (name or "").strip()[:120]
    if not name:
        raise _invalid("name", _("Isi nama token."))
    scopes = sorted(set(scopes))
    token_check(
        institution=institution,
        user=user,
        business=business,
        bank=bank,
        scopes=scopes,
        rate_limit=rate_limit,
    )
    if secret is not None:
        if not secret.startswith(SECRET_PREFIX) or len(secret) < 20:
            raise _invalid("secret", _("Rahasia token terlalu pendek."))
        prefix, digest = secret[len(SECRET_PREFIX) : len(SECRET_PREFIX) + 8], hash_secret(secret)
        if ApiToken.objects.filter(key_hash=digest).exists():
            raise ValidationError(_("Token ini sudah ada."), code="duplicate")
    else:
        secret, prefix, digest = new_secret()
    token = ApiToken.objects.create(
        name=name,
        institution=institution,
        business=business,
        bank=bank,
        user=user,
        prefix=prefix,
        key_hash=digest,
        scopes=scopes,
        rate_limit=rate_limit,
        expires_at=timezone.now() + dt.timedelta(days=days),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="api_token.create",
        obj=token,
        business=business,
        changes={
            "institution": [None, institution],
            "scopes": [None, scopes],
            "user": [None, str(user)],
            "expires_at": [None, token.expires_at],
        },
    )
    return token, secret


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    if not (actor.is_officer or actor.is_superuser):
        raise PermissionDenied(_("Hanya petugas yang mencabut token API."))
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise ValidationError(_("Token ini sudah dicabut."), code="state")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        action="api_token.revoke",
        obj=token,
        business=token.business,
        changes={"revoked_at": [None, token.revoked_at]},
    )
    return token


# How stale the token's summary of its use log (last use, count) may be.
TOKEN_SUMMARY_EVERY = dt.timedelta(seconds=60)


def token_use_record(*, token: ApiToken, method: str, path: str, status: int) -> None:
    """Log one use: one INSERT into the use log, the trail of a token's reads (its writes also
    leave audit rows through the services they call). The token's `last_used_at` and
    `use_count` summarise that log for the admin and are refreshed at most once a minute,
    judged from the token as it was read for this request, so a request costs one write, not
    two (docs/api.md)."""
    now = timezone.now()
    ApiTokenUse.objects.create(token=token, method=method[:8], path=path[:200], status=status)
    if token.last_used_at is not None and now - token.last_used_at < TOKEN_SUMMARY_EVERY:
        return
    count = ApiTokenUse.objects.filter(token=token).count()
    ApiToken.objects.filter(pk=token.pk).update(use_count=count, last_used_at=now)
    token.last_used_at, token.use_count = now, count

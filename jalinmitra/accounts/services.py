from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jalinmitra.accounts.choices import Role
from jalinmitra.accounts.models import Invitation, User
from jalinmitra.businesses.choices import MembershipRole
from jalinmitra.businesses.models import Business, Membership
from jalinmitra.businesses.services import business_consent_give, business_create
from jalinmitra.core.notify import mail_language, send_mail_by_language_after_commit
from jalinmitra.core.services import audit_record

security_log = logging.getLogger("jalinmitra.security")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str | None,
    role: str = Role.USAHA,
    full_name: str = "",
    email: str = "",
    organisation: str = "",
) -> User:
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Nama pengguna sudah dipakai.")})
    user = User(
        username=username, role=role, full_name=full_name, email=email, organisation=organisation
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    # City admins manage users and reference data in the Django admin as well.
    user.is_staff = user.is_superuser = role == Role.ADMIN
    user.save()
    audit_record(
        actor=actor,
        action="user.create",
        obj=user,
        changes={"role": [None, role], "username": [None, username]},
    )
    return user


@transaction.atomic
def membership_add(
    *, actor: User, user: User, business: Business, role: str = MembershipRole.OWNER
):
    membership, created = Membership.objects.get_or_create(
        user=user, business=business, defaults={"role": role}
    )
    if created:
        audit_record(
            actor=actor,
            action="membership.add",
            obj=business,
            business=business,
            changes={"member": [None, user.username]},
        )
    return membership


@transaction.atomic
def invitation_create(
    *, actor: User, business: Business, email: str = ""
) -> tuple[Invitation, str]:
    """A one-time link for the owner of an assisted registration. Returns the raw token once."""
    token = secrets.token_urlsafe(24)
    invitation = Invitation.objects.create(
        business=business,
        token_hash=_hash(token),
        email=email,
        created_by=actor,
        expires_at=timezone.now() + timedelta(seconds=settings.INVITATION_MAX_AGE),
    )
    audit_record(
        actor=actor,
        action="invitation.create",
        obj=business,
        business=business,
        changes={"invitation": [None, invitation.pk]},
    )
    return invitation, token


def invitation_get(*, token: str) -> Invitation | None:
    invitation = (
        Invitation.objects.select_related("business").filter(token_hash=_hash(token)).first()
    )
    if invitation is None or not invitation.is_usable:
        return None
    return invitation


def signup_complete(
    *, username: str, password: str, full_name: str, email: str, business_name: str
) -> tuple[User, Business] | None:
    """A business owner signs up: their account, a first draft of their business (they gave
    consent to the privacy notice on the form) and their membership, all or nothing.

    A username already in use creates nothing and returns None; the caller answers exactly as
    for a new account, so that sign-up never tells whether a username exists (ASVS 2.x). The
    password is hashed on that path too, so both take about as long, and the existing owner is
    told by email (if they gave one) that someone tried to register with their username."""
    existing = User.objects.filter(username__iexact=username).first()
    if existing is None:
        try:
            with transaction.atomic():
                return _signup_create(
                    username=username,
                    password=password,
                    full_name=full_name,
                    email=email,
                    business_name=business_name,
                )
        except (IntegrityError, ValidationError):
            # Taken between the check and the write by a concurrent sign-up.
            existing = User.objects.filter(username__iexact=username).first()
            if existing is None:
                raise
    make_password(password)
    security_log.info("signup with an existing username refused (user id %s)", existing.pk)
    _signup_taken_notice(user=existing)
    return None


def _signup_create(
    *, username: str, password: str, full_name: str, email: str, business_name: str
) -> tuple[User, Business]:
    user = user_create(
        actor=None, username=username, password=password, full_name=full_name, email=email
    )
    business = business_create(
        actor=user,
        data={"name": business_name, "owner_name": full_name},
        privacy_consent=True,
    )
    membership_add(actor=user, user=user, business=business)
    return user, business


def _signup_taken_notice(*, user: User) -> None:
    """The holder of the username, in the holder's own language (not the one who tried)."""
    if not user.email:
        return
    login = settings.SITE_URL + reverse("accounts:login")

    def text() -> tuple[str, str]:
        body = _(
            "Seseorang baru saja mencoba mendaftar di JalinMitra dengan nama pengguna Anda (%(username)s). "
            "Tidak ada yang berubah pada akun Anda.\n\n"
            "Jika itu Anda, masuk dengan akun yang sudah ada di %(login)s; bila lupa kata sandi, "
            "minta kata sandi baru di halaman itu. Jika bukan Anda, abaikan email ini."
        ) % {"username": user.username, "login": login}
        return _("Percobaan pendaftaran dengan nama pengguna Anda"), body

    send_mail_by_language_after_commit(
        to={mail_language(user.language): [user.email]}, text=text, what="sign-up notice"
    )


@transaction.atomic
def invitation_accept(
    *,
    token: str,
    username: str,
    password: str,
    full_name: str,
    email: str = "",
    privacy_consent: bool = False,
) -> User:
    """The owner of a business registered by an officer or an import takes it over with a new
    account; ``privacy_consent`` records the consent they give here, when it was not given."""
    invitation = Invitation.objects.select_for_update().filter(token_hash=_hash(token)).first()
    if invitation is None or not invitation.is_usable:
        raise ValidationError(_("Tautan undangan tidak berlaku atau sudah dipakai."))
    user = user_create(
        actor=None,
        username=username,
        password=password,
        role=Role.USAHA,
        full_name=full_name,
        email=email,
    )
    membership_add(actor=user, user=user, business=invitation.business)
    invitation.used_at = timezone.now()
    invitation.used_by = user
    invitation.save(update_fields=["used_at", "used_by"])
    audit_record(
        actor=user,
        action="invitation.accept",
        obj=invitation.business,
        business=invitation.business,
        changes={"invitation": [invitation.pk, "dipakai"]},
    )
    if privacy_consent:
        business_consent_give(actor=user, business=invitation.business)
    return user

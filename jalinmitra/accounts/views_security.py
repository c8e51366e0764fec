"""Account-security pages: the second factor (set up, enter at login, recovery codes, remove)
and the password change. Writes go through `accounts.security`."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import match_token, user_has_device

from jalinmitra.accounts import security
from jalinmitra.accounts.forms_security import (
    PasswordChangeForm,
    PasswordConfirmForm,
    SetupForm,
    TokenForm,
)
from jalinmitra.core.forms import form_errors
from jalinmitra.core.middleware import TWO_FACTOR_SESSION_KEY
from jalinmitra.core.ratelimit import rate_limit


def _next_url(request, default: str = "core:home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=4, dark="#1f2933")


@login_required
@require_http_methods(["GET"])
def two_factor(request):
    """What the person has set up, and what they may do about it."""
    return render(
        request,
        "accounts/two_factor.html",
        {
            "enabled": user_has_device(request.user),
            "required": security.two_factor_required_for(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """Scan a QR code, type the code the app shows: the app becomes the second factor and the
    page shows the recovery codes once. The GET writes nothing: the new secret travels signed
    in the page (`key`) until the person proves their app has it."""
    form = SetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            key = security.setup_key_read(request.POST.get("key", ""))
            device, codes = security.two_factor_enable(
                actor=request.user, key=key, token=form.cleaned_data["token"]
            )
        except ValidationError as e:
            form_errors(form, e)
        else:
            otp_login(request, device)
            request.session.pop(TWO_FACTOR_SESSION_KEY, None)
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": _next_url(request, "")},
            )
    key, signed = security.setup_key_new()
    if request.method == "POST":
        try:  # a wrong code: keep the secret the person already scanned
            key, signed = security.setup_key_read(request.POST.get("key", "")), request.POST["key"]
        except ValidationError:
            pass
    url = security.totp_config_url(user=request.user, key=key)
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "signed_key": signed,
            "qr": _qr_svg(url),
            "secret": security.base32_secret(key),
            "required": security.two_factor_required_for(request.user),
            "next": _next_url(request, ""),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@rate_limit("otp_verify")
def two_factor_verify(request):
    """After the password: the code from the app, or one recovery code."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"].strip().replace(" ", "").lower()
        device = match_token(request.user, token)
        if device is not None:
            otp_login(request, device)
            request.session.pop(TWO_FACTOR_SESSION_KEY, None)
            if device.__class__.__name__ == "StaticDevice":
                left = device.token_set.count()
                messages.warning(
                    request,
                    _("Satu kode pemulihan terpakai; tersisa %(n)d. Buat kode baru bila perlu.")
                    % {"n": left},
                )
            return redirect(_next_url(request))
        security.security_log.warning(
            "second factor refused: user=%s ip=%s",
            request.user.username,
            security.client_ip(request),
        )
        form.add_error("token", _("Kode tidak cocok atau sudah dipakai."))
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request, "")}
    )


@login_required
@require_POST
def recovery_codes(request):
    codes = security.recovery_codes_regenerate(actor=request.user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": ""})


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_disable(request):
    form = PasswordConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            security.two_factor_disable(actor=request.user, password=form.cleaned_data["password"])
        except ValidationError as e:
            form_errors(form, e)
        else:
            messages.success(request, _("Verifikasi dua langkah dilepas."))
            return redirect("accounts:two_factor")
    return render(request, "accounts/two_factor_disable.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    form = PasswordChangeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            security.password_change(
                actor=request.user,
                request=request,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password1"],
            )
        except ValidationError as e:
            form_errors(form, e)
        else:
            messages.success(request, _("Kata sandi sudah diganti."))
            return redirect("accounts:two_factor")
    return render(request, "accounts/password_change.html", {"form": form})

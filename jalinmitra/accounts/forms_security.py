"""Forms of the account-security pages (second factor, password change)."""

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from jalinmitra.accounts.forms import PASSWORD_MAX_LENGTH

TOKEN_MAX_LENGTH = 16  # a 6-digit code or an 8-character recovery code, with spaces


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Kode dari aplikasi autentikator, atau kode pemulihan"),
        max_length=TOKEN_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


class SetupForm(forms.Form):
    token = forms.CharField(
        label=_("Kode 6 angka dari aplikasi"),
        max_length=TOKEN_MAX_LENGTH,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(
        label=_("Kata sandi Anda"), widget=forms.PasswordInput, max_length=PASSWORD_MAX_LENGTH
    )


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label=_("Kata sandi lama"), widget=forms.PasswordInput, max_length=PASSWORD_MAX_LENGTH
    )
    new_password1 = forms.CharField(
        label=_("Kata sandi baru"), widget=forms.PasswordInput, max_length=PASSWORD_MAX_LENGTH
    )
    new_password2 = forms.CharField(
        label=_("Ulangi kata sandi baru"),
        widget=forms.PasswordInput,
        max_length=PASSWORD_MAX_LENGTH,
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("new_password1"), data.get("new_password2")
        if p1 and p2 and p1 != p2:
            self.add_error("new_password2", _("Kedua kata sandi tidak sama."))
        elif p1:
            try:
                validate_password(p1, self.user)
            except forms.ValidationError as e:
                self.add_error("new_password1", e)
        return data

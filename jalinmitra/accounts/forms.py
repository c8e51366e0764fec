from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from jalinmitra.accounts.models import User

EMAIL_MAX_LENGTH = 254  # User.email's column
PASSWORD_MAX_LENGTH = 128


class AccountForm(forms.Form):
    """A new owner account: from the public sign-up page or an invitation link."""

    full_name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    username = forms.RegexField(
        label=_("Nama pengguna"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        help_text=_("Huruf, angka, dan . @ + - _ saja, tanpa spasi."),
        error_messages={"invalid": _("Gunakan huruf, angka, dan . @ + - _ saja, tanpa spasi.")},
    )
    email = forms.EmailField(
        label=_("Email (boleh kosong)"), required=False, max_length=EMAIL_MAX_LENGTH
    )
    # A limit also on passwords: hashing megabytes of text on every login attempt is a cheap
    # way to tie up the server.
    password1 = forms.CharField(
        label=_("Kata sandi"), widget=forms.PasswordInput, max_length=PASSWORD_MAX_LENGTH
    )
    password2 = forms.CharField(
        label=_("Ulangi kata sandi"), widget=forms.PasswordInput, max_length=PASSWORD_MAX_LENGTH
    )

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("Nama pengguna sudah dipakai. Pilih yang lain."))
        return username

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        elif p1:
            try:
                validate_password(p1)
            except forms.ValidationError as e:
                self.add_error("password1", e)
        return data


class SignupForm(AccountForm):
    """The public sign-up: a taken username is not a form error here (that would tell anyone
    which usernames exist); `signup_complete` answers it like a new account."""

    business_name = forms.CharField(label=_("Nama usaha"), max_length=200)
    privacy_consent = forms.BooleanField(
        label=_("Saya sudah membaca dan menyetujui pemberitahuan privasi"),
        error_messages={"required": _("Persetujuan pemberitahuan privasi diperlukan.")},
    )

    def clean_username(self):
        return self.cleaned_data["username"]

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "jalinmitra.accounts"
    label = "accounts"
    verbose_name = _("Akun")

    def ready(self):
        # Login signals: which second factor is owed, failed logins logged.
        from jalinmitra.accounts import admin_security, security  # noqa: F401

        admin_security.register()

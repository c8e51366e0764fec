from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Personal data under UU PDP 27/2022: access, deletion requests, retention."""

    name = "jalinmitra.privacy"
    label = "privacy"
    verbose_name = _("Data pribadi")

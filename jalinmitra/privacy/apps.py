from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Personal data under UU PDP 27/2022: access, deletion requests, retention."""

    name = "jalinmitra.privacy"
    label = "privacy"
    verbose_name = _("Data pribadi")

    def ready(self):
        from jalinmitra.catalogue.services import enquiry_erasing
        from jalinmitra.privacy.services import enquiry_scrub

        if enquiry_scrub not in enquiry_erasing:
            enquiry_erasing.append(enquiry_scrub)

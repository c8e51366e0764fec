from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The REST API for other systems (/api/v1/), the open data files and the province
    roll-up (issue 16)."""

    name = "jalinmitra.api"
    label = "api"
    verbose_name = _("API dan data terbuka")

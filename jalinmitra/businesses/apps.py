from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BusinessesConfig(AppConfig):
    name = "jalinmitra.businesses"
    label = "businesses"
    verbose_name = _("Registri usaha")

    def ready(self) -> None:
        from jalinmitra.businesses.models import Business, BusinessKbli, Certification
        from jalinmitra.core import pagecache
        from jalinmitra.core.models import KbliCode, Region

        # The officers' list keeps its rows until one of these is written (core.pagecache).
        pagecache.watch(Business, BusinessKbli, Certification, Region, KbliCode)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "jalinmitra.core"
    label = "core"
    verbose_name = _("Inti")

    def ready(self):
        # Sets Pillow's decompression-bomb limit for every image any app opens.
        from jalinmitra.core import limits  # noqa: F401

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "jalinmitra.core"
    label = "core"
    verbose_name = _("Inti")

    def ready(self):
        # limits: Pillow's decompression-bomb limit for every image any app opens; reference:
        # the receivers that clear the per-process reference data.
        from jalinmitra.core import limits, reference  # noqa: F401

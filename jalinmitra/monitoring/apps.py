from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    """After the signature: deliveries and payments on each active agreement, its health,
    the micro partners' growth and the officers' worklist (issue 10)."""

    name = "jalinmitra.monitoring"
    label = "monitoring"
    verbose_name = _("Pemantauan kemitraan")

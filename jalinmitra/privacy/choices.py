from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    DONE = "done", _("Sudah dianonimkan")
    REFUSED = "refused", _("Ditolak")

from django.db import models
from django.utils.translation import gettext_lazy as _


class InvitationStatus(models.TextChoices):
    """An "ajak bertemu" from a buyer to a supplier; the events module turns it into a meeting request."""

    OPEN = "open", _("Terkirim")
    ACCEPTED = "accepted", _("Diterima")
    DECLINED = "declined", _("Ditolak")
    USED = "used", _("Sudah dijadwalkan")

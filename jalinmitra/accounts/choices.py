from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Admin")
    PETUGAS = "petugas", _("Petugas")
    USAHA = "usaha", _("Pelaku usaha")
    BANK = "bank", _("Bank")

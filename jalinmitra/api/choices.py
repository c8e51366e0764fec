from django.db import models
from django.utils.translation import gettext_lazy as _


class Institution(models.TextChoices):
    BUSINESS = "business", _("Pelaku usaha")
    BANK = "bank", _("Bank")
    CITY = "city", _("Pemerintah kota")
    PROVINCE = "province", _("Pemerintah provinsi")


class Scope(models.TextChoices):
    """What a token may do: `read:<resource>` or `write:<resource>`."""

    READ_BUSINESSES = "read:businesses", _("Baca usaha, penawaran, kebutuhan")
    READ_EVENTS = "read:events", _("Baca temu usaha dan jadwal")
    READ_AGREEMENTS = "read:agreements", _("Baca perjanjian dan realisasi")
    READ_STATISTICS = "read:statistics", _("Baca statistik program")
    WRITE_ENTRIES = "write:entries", _("Catat pengiriman dan pembayaran")
    WRITE_REFERRALS = "write:referrals", _("Perbarui status rujukan pembiayaan")


READ_ALL = [
    Scope.READ_BUSINESSES,
    Scope.READ_EVENTS,
    Scope.READ_AGREEMENTS,
    Scope.READ_STATISTICS,
]

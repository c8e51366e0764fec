from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINSI = "provinsi", _("Provinsi")
    KABKOTA = "kabkota", _("Kabupaten/Kota")
    KECAMATAN = "kecamatan", _("Kecamatan")
    DESA = "desa", _("Desa/Kelurahan")


class KbliLevel(models.TextChoices):
    KATEGORI = "kategori", _("Kategori")
    GOLONGAN_POKOK = "golongan_pokok", _("Golongan pokok")
    GOLONGAN = "golongan", _("Golongan")
    SUBGOLONGAN = "subgolongan", _("Subgolongan")
    KELOMPOK = "kelompok", _("Kelompok")

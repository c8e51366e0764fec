from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalForm(models.TextChoices):
    PERORANGAN = "perorangan", _("Perorangan")
    CV = "cv", _("CV")
    PT = "pt", _("PT")
    PT_PERORANGAN = "pt_perorangan", _("PT Perorangan")
    KOPERASI = "koperasi", _("Koperasi")
    FIRMA = "firma", _("Firma")
    BUMDES = "bumdes", _("BUMDes")
    BUMD = "bumd", _("BUMD")
    LAINNYA = "lainnya", _("Lainnya")


class SizeClass(models.TextChoices):
    MIKRO = "mikro", _("Mikro")
    KECIL = "kecil", _("Kecil")
    MENENGAH = "menengah", _("Menengah")
    BESAR = "besar", _("Besar")


SMALL_SIZES = {SizeClass.MIKRO, SizeClass.KECIL}
LARGE_SIZES = {SizeClass.MENENGAH, SizeClass.BESAR}


class VerificationStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan")
    VERIFIED = "verified", _("Terverifikasi")
    RETURNED = "returned", _("Dikembalikan")


class CertificationKind(models.TextChoices):
    HALAL = "halal", _("Halal")
    PIRT = "pirt", _("PIRT")
    BPOM_MD = "bpom_md", _("BPOM MD")
    BPOM_ML = "bpom_ml", _("BPOM ML")
    SNI = "sni", _("SNI")
    LAINNYA = "lainnya", _("Lainnya")


class Unit(models.TextChoices):
    """Units the matching engine can convert (see jalinmitra/matching/data)."""

    KG = "kg", _("kg")
    GRAM = "gram", _("gram")
    TON = "ton", _("ton")
    LITER = "liter", _("liter")
    ML = "ml", _("ml")
    PCS = "pcs", _("pcs/buah")
    LUSIN = "lusin", _("lusin")
    KODI = "kodi", _("kodi")
    PAK = "pak", _("pak")
    KOTAK = "kotak", _("kotak/dus")
    BOTOL = "botol", _("botol")
    PORSI = "porsi", _("porsi")
    LEMBAR = "lembar", _("lembar")
    STEL = "stel", _("stel")
    KALI = "kali", _("kali layanan")


class Period(models.TextChoices):
    DAY = "day", _("per hari")
    WEEK = "week", _("per minggu")
    MONTH = "month", _("per bulan")
    YEAR = "year", _("per tahun")
    ONCE = "once", _("sekali")


class MembershipRole(models.TextChoices):
    OWNER = "owner", _("Pemilik")
    STAFF = "staff", _("Staf")


class NeedStatus(models.TextChoices):
    OPEN = "open", _("Terbuka")
    CLOSED = "closed", _("Ditutup")

from django.db import models
from django.utils.translation import gettext_lazy as _


class EntryKind(models.TextChoices):
    DELIVERY = "delivery", _("Pengiriman/pesanan")
    PAYMENT = "payment", _("Pembayaran")


class PaymentMethod(models.TextChoices):
    TUNAI = "tunai", _("Tunai")
    TRANSFER = "transfer", _("Transfer bank")
    GIRO = "giro", _("Giro")
    OTHER = "lainnya", _("Lainnya")


class EntryStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu konfirmasi")
    CONFIRMED = "confirmed", _("Dikonfirmasi")
    DISPUTED = "disputed", _("Disanggah")
    SUPERSEDED = "superseded", _("Sudah dikoreksi")


class Health(models.TextChoices):
    GOOD = "good", _("Berjalan baik")
    ATTENTION = "attention", _("Perlu perhatian")
    TROUBLE = "trouble", _("Bermasalah")
    INACTIVE = "inactive", _("Tidak aktif")


class InterventionKind(models.TextChoices):
    VISIT = "visit", _("Kunjungan pembinaan")
    WARNING = "warning", _("Teguran tertulis")

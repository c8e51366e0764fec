from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    WHATSAPP = "whatsapp", _("WhatsApp")


class Category(models.TextChoices):
    EVENTS = "events", _("Temu usaha")
    AGREEMENTS = "agreements", _("Perjanjian")
    MONITORING = "monitoring", _("Realisasi")
    CATALOGUE = "catalogue", _("Pesan pembeli")
    CONVERSATIONS = "conversations", _("Percakapan")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu dikirim")
    SENT = "sent", _("Terkirim")
    FAILED = "failed", _("Gagal")
    INVALID = "invalid", _("Nomor tidak valid")
    MANUAL = "manual", _("Kirim lewat WhatsApp petugas")


class RunStatus(models.TextChoices):
    RUNNING = "running", _("Berjalan")
    OK = "ok", _("Selesai")
    FAILED = "failed", _("Gagal")

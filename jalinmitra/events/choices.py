from django.db import models
from django.utils.translation import gettext_lazy as _


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    OPEN = "open", _("Pendaftaran dibuka")
    SCHEDULED = "scheduled", _("Jadwal disusun")
    PUBLISHED = "published", _("Jadwal terbit")
    FINISHED = "finished", _("Selesai")


class Role(models.TextChoices):
    # Seller: a micro/small business (pemasok); buyer: a medium/large business at its tables.
    SELLER = "seller", _("Penjual (usaha mikro/kecil)")
    BUYER = "buyer", _("Pembeli (usaha menengah/besar)")


class RegisteredHow(models.TextChoices):
    INVITED = "invited", _("Diundang dari data usaha")
    SELF = "self", _("Mendaftar sendiri")
    ON_THE_SPOT = "on_the_spot", _("Didaftarkan di tempat")
    IMPORTED = "imported", _("Diimpor dari berkas")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu jawaban")
    ACCEPTED = "accepted", _("Diterima")
    DECLINED = "declined", _("Ditolak")
    EXPIRED = "expired", _("Kedaluwarsa")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Terjadwal")
    HELD = "held", _("Terlaksana")
    NO_SHOW = "no_show", _("Tidak hadir")
    CANCELLED = "cancelled", _("Dibatalkan")


class OutcomeResult(models.TextChoices):
    TIDAK_LANJUT = "tidak_lanjut", _("Tidak lanjut")
    TINDAK_LANJUT = "tindak_lanjut", _("Tindak lanjut")
    NEGOSIASI = "negosiasi", _("Negosiasi")
    SEPAKAT_BERMITRA = "sepakat_bermitra", _("Sepakat bermitra")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Menunggu")
    RUNNING = "running", _("Berjalan")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")

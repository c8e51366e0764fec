from django.db import models
from django.utils.translation import gettext_lazy as _


class InvitationStatus(models.TextChoices):
    """An "ajak bertemu" from a buyer to a supplier; the events module turns it into a meeting request."""

    OPEN = "open", _("Terkirim")
    ACCEPTED = "accepted", _("Diterima")
    DECLINED = "declined", _("Ditolak")
    USED = "used", _("Sudah dijadwalkan")


class FeedbackKind(models.TextChoices):
    """What someone did or said about one offer for one need; the grade is what signal
    weights are learnt from (engine/learning.py, FEEDBACK_GRADES)."""

    SHORTLISTED = "shortlisted", _("Masuk daftar pendek")
    INVITED = "invited", _("Diajak bertemu")
    MET = "met", _("Sudah bertemu")
    AGREED = "agreed", _("Jadi kerja sama")
    NOT_RELEVANT = "not_relevant", _("Tidak relevan")


class NotRelevantReason(models.TextChoices):
    """Why a buyer or an officer marks a suggested supplier "tidak relevan" (the short list
    on the need's page; an optional note may follow)."""

    OTHER_PRODUCT = "other_product", _("Produk lain, bukan yang dicari")
    REQUIREMENTS = "requirements", _("Tidak memenuhi syarat (sertifikat, mutu)")
    CAPACITY_PRICE = "capacity_price", _("Jumlah pasokan atau harga tidak sesuai")
    DISTANCE = "distance", _("Terlalu jauh")
    OTHER = "other", _("Alasan lain")

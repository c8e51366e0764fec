from django.db import models
from django.utils.translation import gettext_lazy as _

# The text of the contact-consent statement; a new text gets a new version, and an owner who
# agreed to an older one is asked again (ContactConsent.version).
CONTACT_CONSENT_VERSION = "2026-11"


class EnquiryStatus(models.TextChoices):
    NEW = "new", _("Baru")
    ANSWERED = "answered", _("Dijawab")
    CLOSED = "closed", _("Ditutup")


class Sort(models.TextChoices):
    RELEVANCE = "relevan", _("Paling sesuai")
    NEWEST = "baru", _("Terbaru")
    PRICE_LOW = "murah", _("Harga terendah")
    PRICE_HIGH = "mahal", _("Harga tertinggi")
    NAME = "nama", _("Nama A-Z")


# Price bands for the filter (rupiah, on the lowest price of an offer): (key, low, high, label).
PRICE_BANDS = [
    ("lt10", None, 10_000, _("di bawah Rp10.000")),
    ("10-25", 10_000, 25_000, _("Rp10.000–25.000")),
    ("25-50", 25_000, 50_000, _("Rp25.000–50.000")),
    ("50-100", 50_000, 100_000, _("Rp50.000–100.000")),
    ("gt100", 100_000, None, _("Rp100.000 ke atas")),
]

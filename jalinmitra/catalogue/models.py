import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jalinmitra.businesses.models import Business, Offer, OfferPhoto
from jalinmitra.catalogue.choices import EnquiryStatus

NAME_MAX = 100
CONTACT_MAX = 120
MESSAGE_MAX = 1000
ANSWER_MAX = 1000
STORY_MAX = 1500
REPLY_MAX = 1000


def new_token() -> str:
    """The buyer's private link to an enquiry's conversation: 256 random bits."""
    return secrets.token_urlsafe(32)


class ContactConsent(models.Model):
    """An owner's agreement to show the business's WhatsApp and email in the public catalogue.
    One row per agreement; withdrawing stamps the row, a later agreement is a new row."""

    business = models.ForeignKey(
        Business, on_delete=models.CASCADE, related_name="contact_consents"
    )
    version = models.CharField(_("versi pernyataan"), max_length=20)
    given_at = models.DateTimeField(_("diberikan pada"), default=timezone.now)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("ditarik pada"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-given_at", "-id"]
        verbose_name = _("persetujuan kontak publik")
        verbose_name_plural = _("persetujuan kontak publik")
        constraints = [
            models.UniqueConstraint(
                fields=["business"],
                condition=Q(withdrawn_at__isnull=True),
                name="contact_consent_one_live",
            )
        ]

    def __str__(self) -> str:
        return f"{self.business} v{self.version}"


class Enquiry(models.Model):
    """A buyer's question about a product, from the public page. Seen only by the business's
    members and officers; `client_key` is a keyed hash of the sender's address (rate limit),
    never the address itself."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="enquiries")
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="enquiries")
    name = models.CharField(_("nama"), max_length=NAME_MAX)
    phone = models.CharField(_("nomor telepon/WhatsApp"), max_length=16, blank=True)
    email = models.EmailField(_("email"), max_length=CONTACT_MAX, blank=True)
    message = models.TextField(_("pesan"), max_length=MESSAGE_MAX)
    quantity = models.CharField(_("jumlah yang dibutuhkan"), max_length=60, blank=True)
    client_key = models.CharField(max_length=64, db_index=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=EnquiryStatus.choices, default=EnquiryStatus.NEW
    )
    read_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(_("catatan jawaban"), blank=True, max_length=ANSWER_MAX)
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # The buyer has no account: this token in a private link lets them read the conversation
    # (a notifications Thread on this enquiry) and reply in it as a guest. Shown once after sending and mailed
    # to them; never listed anywhere public.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    # The buyer's mails (their link, the business's answers) are in the language they wrote in.
    language = models.CharField(
        _("bahasa"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    # Set when the enquirer's name and contact were erased (on their request, or by the
    # retention rule): the enquiry stays as a lead in the figures, its product and date kept.
    erased_at = models.DateTimeField(_("data pengirim dihapus pada"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("permintaan informasi")
        verbose_name_plural = _("permintaan informasi")
        indexes = [models.Index(fields=["business", "status"], name="enquiry_business_status")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(email="") | Q(erased_at__isnull=False),
                name="enquiry_has_contact",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offer} · {self.name}"


class SignatureProduct(models.Model):
    """Produk unggulan: a product the city designates as one it is known for, with its story.
    Reviewed yearly; withdrawing stamps the row (history kept), a new designation is a new row."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="signature_rows")
    story = models.TextField(_("cerita produk"), max_length=STORY_MAX)
    designated_at = models.DateTimeField(_("ditetapkan pada"), default=timezone.now)
    designated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    review_on = models.DateField(_("ditinjau ulang pada"))
    withdrawn_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdraw_reason = models.TextField(_("alasan pencabutan"), blank=True, max_length=1000)

    class Meta:
        ordering = ["-designated_at", "-id"]
        verbose_name = _("produk unggulan")
        verbose_name_plural = _("produk unggulan")
        constraints = [
            models.UniqueConstraint(
                fields=["offer"],
                condition=Q(withdrawn_at__isnull=True),
                name="signature_one_live_per_offer",
            )
        ]

    def __str__(self) -> str:
        return str(self.offer)

    @property
    def review_due(self) -> bool:
        return self.review_on <= timezone.localdate()


class Thumbnail(models.Model):
    """A WebP copy of an offer photo at one width, made once after the upload."""

    photo = models.ForeignKey(OfferPhoto, on_delete=models.CASCADE, related_name="thumbnails")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    image = models.ImageField(upload_to="offers/thumbs/")

    class Meta:
        ordering = ["photo", "width"]
        constraints = [
            models.UniqueConstraint(fields=["photo", "width"], name="thumbnail_one_per_width")
        ]

    def __str__(self) -> str:
        return self.image.name

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jalinmitra.businesses.choices import (
    SMALL_SIZES,
    CertificationKind,
    LegalForm,
    MembershipRole,
    NeedStatus,
    Period,
    SizeClass,
    Unit,
    VerificationStatus,
)
from jalinmitra.core.identifiers import mask_nik, mask_phone
from jalinmitra.core.limits import DESCRIPTION_MAX_LENGTH, REASON_MAX_LENGTH, text_max
from jalinmitra.core.models import KbliCode, Region


class Business(models.Model):
    name = models.CharField(_("nama usaha"), max_length=200)
    legal_form = models.CharField(
        _("bentuk usaha"), max_length=20, choices=LegalForm.choices, default=LegalForm.PERORANGAN
    )
    nib = models.CharField(_("NIB"), max_length=13, null=True, blank=True, unique=True)
    npwp = models.CharField(_("NPWP"), max_length=16, blank=True)
    owner_name = models.CharField(_("nama pemilik/penanggung jawab"), max_length=150)
    owner_nik = models.CharField(_("NIK pemilik"), max_length=16, blank=True)
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="businesses",
        verbose_name=_("kelurahan/desa"),
    )
    whatsapp = models.CharField(_("nomor WhatsApp"), max_length=16, blank=True)
    email = models.EmailField(_("email"), blank=True)
    modal_usaha = models.BigIntegerField(_("modal usaha (Rp)"), null=True, blank=True)
    hasil_penjualan = models.BigIntegerField(
        _("hasil penjualan tahunan (Rp)"), null=True, blank=True
    )
    size_class = models.CharField(
        _("skala usaha"), max_length=10, choices=SizeClass.choices, blank=True, db_index=True
    )
    description = models.TextField(
        _("deskripsi singkat"),
        blank=True,
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=text_max(DESCRIPTION_MAX_LENGTH),
    )
    status = models.CharField(
        _("status verifikasi"),
        max_length=10,
        choices=VerificationStatus.choices,
        default=VerificationStatus.DRAFT,
        db_index=True,
    )
    return_reason = models.TextField(
        _("alasan dikembalikan"),
        blank=True,
        max_length=REASON_MAX_LENGTH,
        validators=text_max(REASON_MAX_LENGTH),
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    privacy_consent_version = models.CharField(max_length=20, blank=True)
    privacy_consent_at = models.DateTimeField(null=True, blank=True)
    assisted = models.BooleanField(_("didaftarkan petugas"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Bumped by every edit through the service; an edit form carries the version it was opened
    # with, and the service refuses a save from an outdated copy (core.services.check_version).
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="businesses"
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("usaha")
        verbose_name_plural = _("usaha")
        # The officers' list pages through businesses in this order (no sort of the registry).
        indexes = [
            models.Index(fields=["name", "id"], name="business_name_id"),
            # the catalogue's change key reads MAX(updated_at) on every page
            models.Index(fields=["updated_at"], name="business_updated"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(modal_usaha__isnull=True) | Q(modal_usaha__gte=0),
                name="business_modal_nonnegative",
            ),
            models.CheckConstraint(
                condition=Q(hasil_penjualan__isnull=True) | Q(hasil_penjualan__gte=0),
                name="business_turnover_nonnegative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_small(self) -> bool:
        return self.size_class in SMALL_SIZES

    @property
    def masked_nik(self) -> str:
        return mask_nik(self.owner_nik) if self.owner_nik else ""

    @property
    def masked_whatsapp(self) -> str:
        return mask_phone(self.whatsapp) if self.whatsapp else ""

    @property
    def primary_kbli(self):
        for link in self.kbli_links.all():
            if link.is_primary:
                return link.kbli
        return None


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(
        max_length=10, choices=MembershipRole.choices, default=MembershipRole.OWNER
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "business"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.business}"


class BusinessKbli(models.Model):
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="kbli_links")
    kbli = models.ForeignKey(KbliCode, on_delete=models.PROTECT, related_name="+")
    is_primary = models.BooleanField(_("utama"), default=False)

    class Meta:
        ordering = ["-is_primary", "kbli__code"]
        constraints = [
            models.UniqueConstraint(fields=["business", "kbli"], name="business_kbli_unique"),
            models.UniqueConstraint(
                fields=["business"], condition=Q(is_primary=True), name="business_one_primary_kbli"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.business}: {self.kbli.code}"


class Certification(models.Model):
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="certifications")
    kind = models.CharField(_("jenis"), max_length=10, choices=CertificationKind.choices)
    name = models.CharField(_("nama sertifikat"), max_length=120, blank=True)
    number = models.CharField(_("nomor"), max_length=60)
    expires_on = models.DateField(_("berlaku sampai"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "expires_on"]
        verbose_name = _("sertifikat")
        verbose_name_plural = _("sertifikat")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    @property
    def is_expired(self) -> bool:
        return self.expires_on is not None and self.expires_on < timezone.localdate()


class Offer(models.Model):
    """Penawaran: a product or service a micro/small business sells."""

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="offers")
    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(
        _("deskripsi"),
        blank=True,
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=text_max(DESCRIPTION_MAX_LENGTH),
    )
    kbli = models.ForeignKey(
        KbliCode,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("KBLI"),
    )
    unit = models.CharField(_("satuan"), max_length=10, choices=Unit.choices, default=Unit.PCS)
    price_min = models.BigIntegerField(_("harga terendah (Rp)"), null=True, blank=True)
    price_max = models.BigIntegerField(_("harga tertinggi (Rp)"), null=True, blank=True)
    capacity_per_month = models.PositiveIntegerField(
        _("kapasitas per bulan"), null=True, blank=True
    )
    certifications = models.ManyToManyField(
        Certification, blank=True, related_name="offers", verbose_name=_("sertifikat yang berlaku")
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "id"]
        verbose_name = _("penawaran")
        verbose_name_plural = _("penawaran")
        # The matching index asks "how many active offers, changed when?" on every page.
        indexes = [models.Index(fields=["is_active", "updated_at"], name="offer_active_updated")]
        constraints = [
            models.CheckConstraint(
                condition=Q(price_min__isnull=True)
                | Q(price_max__isnull=True)
                | Q(price_max__gte=models.F("price_min")),
                name="offer_price_range_ordered",
                violation_error_code="price_range",
                violation_error_message=_("Harga tertinggi tidak boleh di bawah harga terendah."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class OfferPhoto(models.Model):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to="offers/%Y/%m/")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.image.name


class Need(models.Model):
    """Kebutuhan: what a medium/large business wants to buy."""

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="needs")
    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(
        _("deskripsi"),
        blank=True,
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=text_max(DESCRIPTION_MAX_LENGTH),
    )
    kbli = models.ForeignKey(
        KbliCode,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("KBLI"),
    )
    quantity = models.PositiveIntegerField(_("jumlah"), null=True, blank=True)
    unit = models.CharField(_("satuan"), max_length=10, choices=Unit.choices, default=Unit.PCS)
    period = models.CharField(
        _("periode"), max_length=6, choices=Period.choices, default=Period.MONTH
    )
    required_certifications = models.JSONField(_("sertifikat wajib"), default=list, blank=True)
    target_price = models.BigIntegerField(_("harga sasaran per satuan (Rp)"), null=True, blank=True)
    deadline = models.DateField(_("batas waktu"), null=True, blank=True)
    delivery_region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wilayah pengiriman"),
    )
    status = models.CharField(
        _("status"),
        max_length=6,
        choices=NeedStatus.choices,
        default=NeedStatus.OPEN,
        db_index=True,
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "id"]
        verbose_name = _("kebutuhan")
        verbose_name_plural = _("kebutuhan")

    def __str__(self) -> str:
        return self.title

    @property
    def is_past_deadline(self) -> bool:
        return self.deadline is not None and self.deadline < timezone.localdate()

    @property
    def is_open(self) -> bool:
        """Open for matching and meetings: not closed, and its deadline (if any) not passed.
        A passed deadline closes a need for everyone at once, without a write on page view."""
        return self.status == NeedStatus.OPEN and not self.is_past_deadline

    @property
    def shown_status(self) -> str:
        return NeedStatus.OPEN if self.is_open else NeedStatus.CLOSED

    def get_shown_status_display(self) -> str:
        return NeedStatus(self.shown_status).label

    def required_certification_labels(self) -> list[str]:
        labels = dict(CertificationKind.choices)
        return [str(labels.get(k, k)) for k in self.required_certifications]

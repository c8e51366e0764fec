"""Partner banks, KUR referrals, the business's consent for each bank, and each bank's work.

A referral (`Referral`) is asked by a micro or small business (or an officer for it); the city
checks it and forwards it to the chosen banks, each of which works its own copy (`BankReferral`).
A bank sees a referral only while a consent (`Consent`) naming that bank is in force.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jalinmitra.core.limits import REASON_MAX_LENGTH, text_max
from jalinmitra.financing.choices import (
    BankStatus,
    DataItem,
    Purpose,
    RejectReason,
    Scheme,
    Status,
)
from jalinmitra.financing.kur import TIER_CHOICES

NOTES_MAX_LENGTH = 2000


class Bank(models.Model):
    """One of the city's partner banks (a KUR penyalur), at its branch in the city."""

    name = models.CharField(_("nama bank"), max_length=150)
    code = models.CharField(_("kode"), max_length=20, unique=True)
    branch = models.CharField(_("cabang"), max_length=150, blank=True)
    contact_name = models.CharField(_("narahubung"), max_length=150, blank=True)
    contact_email = models.EmailField(_("email narahubung"), blank=True)
    contact_phone = models.CharField(_("telepon narahubung"), max_length=20, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("bank mitra")
        verbose_name_plural = _("bank mitra")

    def __str__(self) -> str:
        return f"{self.name} ({self.branch})" if self.branch else self.name


class BankMembership(models.Model):
    """A bank user's institution: a user works for at most one bank."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bank_membership"
    )
    bank = models.ForeignKey(Bank, on_delete=models.PROTECT, related_name="memberships")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("petugas bank")
        verbose_name_plural = _("petugas bank")

    def __str__(self) -> str:
        return f"{self.user} — {self.bank}"


class Referral(models.Model):
    """A request for KUR financing with the business's partnerships as evidence."""

    business = models.ForeignKey(
        "businesses.Business", on_delete=models.PROTECT, related_name="referrals"
    )
    amount = models.BigIntegerField(_("jumlah yang diajukan (Rp)"))
    purpose = models.CharField(_("keperluan"), max_length=12, choices=Purpose.choices)
    tier = models.CharField(_("jenis KUR"), max_length=12, choices=TIER_CHOICES)
    description = models.TextField(
        _("untuk apa dananya"), blank=True, validators=text_max(NOTES_MAX_LENGTH)
    )
    banks = models.ManyToManyField(
        Bank, blank=True, related_name="+", verbose_name=_("bank yang dipilih")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DIAJUKAN
    )
    review_notes = models.TextField(
        _("catatan petugas"), blank=True, validators=text_max(REASON_MAX_LENGTH)
    )
    recommendation = models.TextField(
        _("rekomendasi petugas"), blank=True, validators=text_max(NOTES_MAX_LENGTH)
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    forwarded_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("rujukan pembiayaan")
        verbose_name_plural = _("rujukan pembiayaan")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0) & Q(amount__lte=500_000_000),
                name="referral_amount_kur",
            ),
        ]

    def __str__(self) -> str:
        return f"Rujukan KUR #{self.pk} {self.business}"


class Consent(models.Model):
    """The business's consent, naming each bank and each kind of data that goes to it.

    The text shown is kept as it was (`text`, `version`); a new consent (other banks) replaces
    the one in force, which stays as history. Withdrawing ends every named bank's access."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="consents")
    version = models.CharField(_("versi"), max_length=20)
    text = models.TextField(_("teks persetujuan"))
    banks = models.ManyToManyField(Bank, related_name="+", verbose_name=_("bank"))
    items = models.JSONField(_("data yang dibagikan"), default=list)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    in_person = models.BooleanField(_("dicatat petugas dari persetujuan tertulis"), default=False)
    given_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-given_at", "-pk"]
        verbose_name = _("persetujuan berbagi data")
        verbose_name_plural = _("persetujuan berbagi data")

    def __str__(self) -> str:
        return f"Persetujuan {self.version} rujukan #{self.referral_id}"

    @property
    def in_force(self) -> bool:
        return self.withdrawn_at is None

    def item_labels(self) -> list[str]:
        return [str(DataItem(i).label) for i in self.items if i in DataItem.values]


class BankReferral(models.Model):
    """A referral as one bank works it: from forwarding to disbursement."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="bank_cases")
    bank = models.ForeignKey(Bank, on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(
        _("status di bank"), max_length=14, choices=BankStatus.choices, default=BankStatus.MENUNGGU
    )
    forwarded_at = models.DateTimeField(_("diteruskan"))
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    documents_request = models.TextField(
        _("dokumen yang diminta"), blank=True, validators=text_max(REASON_MAX_LENGTH)
    )
    approved_amount = models.BigIntegerField(_("plafon disetujui (Rp)"), null=True, blank=True)
    tenor_months = models.PositiveSmallIntegerField(_("tenor (bulan)"), null=True, blank=True)
    scheme = models.CharField(_("skema"), max_length=16, choices=Scheme.choices, blank=True)
    reject_reason = models.CharField(
        _("alasan penolakan"), max_length=16, choices=RejectReason.choices, blank=True
    )
    reject_text = models.TextField(
        _("keterangan penolakan"), blank=True, validators=text_max(REASON_MAX_LENGTH)
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    disbursed_amount = models.BigIntegerField(_("jumlah dicairkan (Rp)"), null=True, blank=True)
    disbursed_on = models.DateField(_("tanggal pencairan"), null=True, blank=True)

    class Meta:
        ordering = ["forwarded_at", "pk"]
        verbose_name = _("rujukan di bank")
        verbose_name_plural = _("rujukan di bank")
        constraints = [
            models.UniqueConstraint(fields=["referral", "bank"], name="bank_referral_unique"),
            models.CheckConstraint(
                condition=Q(approved_amount__isnull=True) | Q(approved_amount__gt=0),
                name="bank_referral_approved_positive",
            ),
            models.CheckConstraint(
                condition=Q(disbursed_amount__isnull=True) | Q(disbursed_amount__gt=0),
                name="bank_referral_disbursed_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"Rujukan KUR #{self.referral_id} di {self.bank.name}"


def document_upload_to(instance: "ReferralDocument", filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    ext = ext if ext in {"pdf", "jpg", "jpeg", "png"} else "bin"
    return f"financing/{instance.case.referral_id}/{instance.case_id}-{uuid.uuid4().hex}.{ext}"


class ReferralDocument(models.Model):
    """A document a bank asked for, uploaded by the business (or an officer for it)."""

    case = models.ForeignKey(BankReferral, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("nama dokumen"), max_length=100)
    file = models.FileField(_("berkas"), upload_to=document_upload_to)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("dokumen rujukan")
        verbose_name_plural = _("dokumen rujukan")

    def __str__(self) -> str:
        return self.kind

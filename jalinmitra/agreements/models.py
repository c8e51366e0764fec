import secrets

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jalinmitra.agreements.choices import (
    DEFAULT_DISPUTE_RESOLUTION,
    EDITABLE_STATUSES,
    EndKind,
    Party,
    Pattern,
    Status,
    Support,
)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # base32 without look-alikes (I, O, 0, 1)

# The clause fields snapshotted in every version and compared in the diff.
CLAUSE_FIELDS = [
    "pattern",
    "subject",
    "rights_obligations",
    "development_support",
    "development_text",
    "start_date",
    "end_date",
    "payment_term_days",
    "dispute_resolution",
    "estimated_value",
    "estimated_value_words",
    "no_control_declared_small",
    "no_control_declared_large",
]


# Longest texts a form or an import may store: a clause fits a page, a note a paragraph.
CLAUSE_MAX = 10_000
NOTE_MAX = 2_000


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


class AgreementTemplate(models.Model):
    """Default clause texts per pattern; placeholders {small} and {large} name the parties."""

    pattern = models.CharField(_("pola"), max_length=30, choices=Pattern.choices, unique=True)
    title = models.CharField(_("judul perjanjian"), max_length=200)
    subject = models.TextField(_("kegiatan usaha"), validators=[MaxLengthValidator(CLAUSE_MAX)])
    rights_obligations = models.TextField(
        _("hak dan kewajiban"), validators=[MaxLengthValidator(CLAUSE_MAX)]
    )
    development_text = models.TextField(
        _("bentuk pengembangan"), blank=True, validators=[MaxLengthValidator(CLAUSE_MAX)]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pattern"]
        verbose_name = _("templat perjanjian")
        verbose_name_plural = _("templat perjanjian")

    def __str__(self) -> str:
        return self.title


def signed_upload_to(instance: "Agreement", filename: str) -> str:
    return f"agreements/{instance.code}/{filename}"


class Agreement(models.Model):
    number = models.CharField(_("nomor"), max_length=80, unique=True, null=True, blank=True)
    number_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    number_seq = models.PositiveIntegerField(null=True, blank=True, editable=False)
    code = models.CharField(_("kode verifikasi"), max_length=8, unique=True, default=new_code)
    small_party = models.ForeignKey(
        "businesses.Business",
        on_delete=models.PROTECT,
        related_name="agreements_as_small",
        verbose_name=_("pihak usaha mikro/kecil"),
    )
    large_party = models.ForeignKey(
        "businesses.Business",
        on_delete=models.PROTECT,
        related_name="agreements_as_large",
        verbose_name=_("pihak usaha menengah/besar"),
    )
    pattern = models.CharField(_("pola kemitraan"), max_length=30, choices=Pattern.choices)
    subject = models.TextField(
        _("kegiatan usaha"),
        blank=True,
        help_text=_("Produk, jumlah, harga, pengiriman, mutu."),
        validators=[MaxLengthValidator(CLAUSE_MAX)],
    )
    rights_obligations = models.TextField(
        _("hak dan kewajiban"), blank=True, validators=[MaxLengthValidator(CLAUSE_MAX)]
    )
    development_support = models.JSONField(
        _("bentuk pengembangan"), default=list, blank=True, help_text=str(Support.values)
    )
    development_text = models.TextField(
        _("uraian pengembangan"), blank=True, validators=[MaxLengthValidator(CLAUSE_MAX)]
    )
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal berakhir"))
    payment_term_days = models.PositiveSmallIntegerField(_("tempo pembayaran (hari)"), default=14)
    dispute_resolution = models.TextField(
        _("penyelesaian perselisihan"),
        blank=True,
        default=DEFAULT_DISPUTE_RESOLUTION,
        validators=[MaxLengthValidator(CLAUSE_MAX)],
    )
    estimated_value = models.BigIntegerField(_("perkiraan nilai (Rp)"), default=0)
    estimated_value_words = models.CharField(_("terbilang"), max_length=400, blank=True)
    origin_text = models.CharField(_("asal perjanjian"), max_length=255, blank=True)
    origin_invitation = models.ForeignKey(
        "matching.MeetingInvitation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
    )
    origin_meeting = models.ForeignKey(
        "events.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("pertemuan temu usaha asal"),
    )
    amends = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendments",
        verbose_name=_("adendum atas"),
    )
    no_control_declared_small = models.BooleanField(
        _("pernyataan Pihak Pertama: tidak dimiliki/dikuasai mitra (Pasal 35)"), default=False
    )
    no_control_declared_large = models.BooleanField(
        _("pernyataan Pihak Kedua: tidak memiliki/menguasai mitra (Pasal 35)"), default=False
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    review_notes = models.TextField(
        _("catatan pemeriksaan"), blank=True, validators=[MaxLengthValidator(NOTE_MAX)]
    )
    end_reason = models.TextField(
        _("alasan pengakhiran"), blank=True, validators=[MaxLengthValidator(NOTE_MAX)]
    )
    # No party ends an agreement alone: a party's request to complete or terminate waits here
    # until the other party confirms (or declines); an officer may decide with a reason.
    end_proposal = models.CharField(
        _("usulan pengakhiran"), max_length=10, choices=EndKind.choices, blank=True
    )
    end_proposal_party = models.CharField(
        _("pihak pengusul"), max_length=5, choices=Party.choices, blank=True
    )
    end_proposal_reason = models.TextField(
        _("alasan usulan"), blank=True, validators=[MaxLengthValidator(NOTE_MAX)]
    )
    end_proposal_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    end_proposal_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signed_small_at = models.DateTimeField(null=True, blank=True)
    signed_small_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signed_large_at = models.DateTimeField(null=True, blank=True)
    signed_large_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Signed on paper or a tablet at a signing ceremony, in front of the recording officer.
    signed_small_in_person = models.BooleanField(
        _("Pihak Pertama tanda tangan langsung"), default=False
    )
    signed_large_in_person = models.BooleanField(
        _("Pihak Kedua tanda tangan langsung"), default=False
    )
    wet_ink = models.BooleanField(_("ditandatangani basah (pindaian)"), default=False)
    witnessed_at = models.DateTimeField(null=True, blank=True)
    # The officer who recorded the witnessing; the officials who witnessed are below.
    witnessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )
    witness_officials = models.ManyToManyField(
        "core.Official",
        blank=True,
        related_name="witnessed_agreements",
        verbose_name=_("pejabat yang menyaksikan"),
    )
    activated_at = models.DateTimeField(null=True, blank=True)
    # When the parties were told the agreement ends soon, so no reminder goes out twice.
    reminded_60_at = models.DateTimeField(null=True, blank=True)
    reminded_30_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    signed_pdf = models.FileField(
        _("dokumen bertanda tangan"), upload_to=signed_upload_to, blank=True
    )
    signed_sha256 = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Raised by every write: an edit form carries the version it was opened at, so a second
    # officer's save over a newer version is refused instead of silently overwriting it.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("perjanjian kemitraan")
        verbose_name_plural = _("perjanjian kemitraan")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")),
                name="agreement_ends_after_start",
                violation_error_message=_("Tanggal berakhir harus sesudah tanggal mulai."),
            ),
            models.CheckConstraint(
                condition=Q(estimated_value__gte=0),
                name="agreement_value_nonnegative",
                violation_error_message=_("Perkiraan nilai tidak boleh negatif."),
            ),
            models.CheckConstraint(
                condition=~Q(small_party=F("large_party")),
                name="agreement_two_parties",
                violation_error_message=_(
                    "Pihak Pertama dan Pihak Kedua harus dua usaha yang berbeda."
                ),
            ),
            models.CheckConstraint(
                condition=Q(end_proposal="") | ~Q(end_proposal_party=""),
                name="agreement_end_proposal_has_party",
                violation_error_message=_("Usulan pengakhiran harus menyebut pihak pengusulnya."),
            ),
            models.UniqueConstraint(
                fields=["number_year", "number_seq"],
                name="agreement_number_seq_unique",
                violation_error_message=_("Nomor perjanjian ini sudah dipakai."),
            ),
        ]

    def __str__(self) -> str:
        return self.number or f"Draf {self.code}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    def development_labels(self) -> list[str]:
        labels = dict(Support.choices)
        return [str(labels.get(k, k)) for k in self.development_support]

    @property
    def signed_in_person(self) -> bool:
        return self.signed_small_in_person or self.signed_large_in_person

    def clauses(self) -> dict:
        return {f: getattr(self, f) for f in CLAUSE_FIELDS}


class AgreementVersion(models.Model):
    """A snapshot of the clauses after each edit."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    clauses = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"],
                name="agreement_version_unique",
                violation_error_message=_("Versi perjanjian ini sudah ada."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement} v{self.number}"

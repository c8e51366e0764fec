from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jalinmitra.agreements.choices import Party
from jalinmitra.core.limits import DESCRIPTION_MAX_LENGTH, REASON_MAX_LENGTH, text_max
from jalinmitra.monitoring.choices import EntryKind, EntryStatus, InterventionKind, PaymentMethod


def proof_upload_to(instance: "Entry", filename: str) -> str:
    return f"monitoring/{instance.agreement_id}/{filename}"


class Entry(models.Model):
    """A realisation record: one delivery (or order) or one payment on an active agreement.

    Never edited once confirmed: a correction is a new entry pointing at it (`corrects`); when the
    correction is confirmed the corrected entry becomes SUPERSEDED. Only CONFIRMED entries count."""

    agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.PROTECT,
        related_name="entries",
        verbose_name=_("perjanjian"),
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=EntryKind.choices)
    date = models.DateField(_("tanggal"))
    product = models.CharField(_("produk"), max_length=200, blank=True)
    quantity = models.DecimalField(
        _("jumlah"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("satuan"), max_length=30, blank=True)
    value = models.BigIntegerField(_("nilai (Rp)"))
    method = models.CharField(
        _("cara pembayaran"), max_length=10, choices=PaymentMethod.choices, blank=True
    )
    proof = models.FileField(_("bukti (foto nota/PDF)"), upload_to=proof_upload_to, blank=True)
    party = models.CharField(_("dicatat di pihak"), max_length=5, choices=Party.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )
    by_officer = models.BooleanField(_("dicatat petugas"), default=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=EntryStatus.choices,
        default=EntryStatus.PENDING,
        db_index=True,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diputuskan oleh"),
    )
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    dispute_reason = models.TextField(
        _("alasan sanggahan"), blank=True, validators=text_max(REASON_MAX_LENGTH)
    )
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("mengoreksi"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("catatan realisasi")
        verbose_name_plural = _("catatan realisasi")
        indexes = [
            models.Index(fields=["agreement", "kind", "date"], name="entry_agreement_kind_date"),
            models.Index(fields=["status", "created_at"], name="entry_status_created"),
            # The dashboard's read of a period's counted entries: by status and date, with the
            # columns it sums, so the period is an index range, not a scan of every entry.
            models.Index(
                fields=["status", "date", "agreement", "kind", "value"],
                name="entry_status_date_cover",
            ),
            # The health of many agreements: the confirmed entries in the order of their
            # running totals (selectors._LATE_CTE), with the value, so the database reads them
            # sorted instead of sorting them all.
            models.Index(
                fields=["agreement", "kind", "date", "id", "value"],
                condition=Q(status="confirmed"),
                name="entry_confirmed_running",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gt=0),
                name="entry_value_positive",
                violation_error_message=_("Nilai harus lebih dari nol."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date} Rp{self.value}"


class Intervention(models.Model):
    """What an officer did about a partnership in trouble: a coaching visit or a written warning
    (teguran), the record the supervisor of partnerships (KPPU) would ask for."""

    agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.PROTECT,
        related_name="interventions",
        verbose_name=_("perjanjian"),
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=InterventionKind.choices)
    date = models.DateField(_("tanggal"))
    notes = models.TextField(_("catatan"), validators=text_max(DESCRIPTION_MAX_LENGTH))
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("petugas"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("tindakan pembinaan")
        verbose_name_plural = _("tindakan pembinaan")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"


class GrowthReport(models.Model):
    """A micro partner's quarterly self-report, next to the registry's baseline."""

    business = models.ForeignKey(
        "businesses.Business",
        on_delete=models.PROTECT,
        related_name="growth_reports",
        verbose_name=_("usaha"),
    )
    year = models.SmallIntegerField(_("tahun"))
    quarter = models.SmallIntegerField(_("triwulan"))
    omzet = models.BigIntegerField(_("omzet triwulan ini (Rp)"))
    workers = models.PositiveIntegerField(_("jumlah pekerja"))
    new_buyers = models.PositiveIntegerField(_("pembeli baru"))
    assisted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dibantu petugas"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("dibuat oleh"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["business", "-year", "-quarter"]
        verbose_name = _("laporan perkembangan")
        verbose_name_plural = _("laporan perkembangan")
        constraints = [
            models.UniqueConstraint(
                fields=["business", "year", "quarter"],
                name="growth_report_one_per_quarter",
                violation_error_message=_("Laporan untuk triwulan ini sudah ada."),
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4),
                name="growth_report_quarter_1_4",
                violation_error_message=_("Triwulan harus 1 sampai 4."),
            ),
            models.CheckConstraint(
                condition=Q(omzet__gte=0),
                name="growth_report_omzet_nonnegative",
                violation_error_message=_("Omzet tidak boleh negatif."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.business} {self.year} T{self.quarter}"


class HealthChange(models.Model):
    """One agreement whose health may have changed: written by the signals of every saved or
    deleted entry or agreement (selectors.changed), read by the cached health of the running
    agreements to recompute only those agreements (and, for an agreement, the others of the
    same two parties, whose follow-up it may be). Plain integers, no foreign keys: a deleted
    agreement is noted too. Rows older than two days are removed (selectors.CHANGES_KEPT_DAYS);
    the cache never reads one of them (its key has the day)."""

    agreement_id = models.BigIntegerField()
    small_party_id = models.BigIntegerField(null=True)
    large_party_id = models.BigIntegerField(null=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.agreement_id}"


class EntryMonth(models.Model):
    """The confirmed value delivered and paid on one agreement in one month: what the
    dashboard's figures sum for the whole months of a period (monitoring/months.py), kept by the
    signals of every saved or deleted entry, in the same transaction (the agreement's months
    are computed again). Plain integers, no foreign keys."""

    agreement_id = models.BigIntegerField()
    month = models.DateField()  # its first day
    delivered = models.BigIntegerField(default=0)
    paid = models.BigIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(
                fields=["month", "agreement_id", "delivered", "paid"], name="entry_month_period"
            ),
            models.Index(fields=["agreement_id"], name="entry_month_agreement"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} {self.month:%Y-%m}"


class AgreementState(models.Model):
    """What an agreement's health reads from its entries that does not depend on the day: the
    sums, the last entry, the disputes and the deliveries paid late (monitoring/state.py). Kept
    by the signals of every saved or deleted entry or agreement, in the same transaction (the
    agreement's state computed again), so the health of all running agreements is read from
    these rows and UnpaidDelivery instead of the entries. Plain integers, no foreign keys."""

    agreement_id = models.BigIntegerField(primary_key=True)
    realised = models.BigIntegerField(default=0)  # confirmed deliveries
    paid = models.BigIntegerField(default=0)  # confirmed payments
    last_entry = models.DateField(null=True)  # the latest entry not superseded
    disputed = models.IntegerField(default=0)
    disputed_since = models.DateField(null=True)
    paid_late = models.IntegerField(default=0)  # confirmed deliveries paid after their due date
    paid_late_max_days = models.IntegerField(default=0)
    # the due date of the REPEATED_LATE_COUNT-th delivery paid late (None: fewer were)
    paid_late_nth_due = models.DateField(null=True)
    # entries of any status: the read compares their sum with the entries' number, so entries
    # written past the signals (bulk_create) are counted before the state is read
    entries = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.agreement_id}"


class UnpaidDelivery(models.Model):
    """A confirmed delivery not (fully) paid by the agreement's confirmed payments: late from
    the day after its due date. The part of the health that depends on the day is summed from
    these rows at read time (monitoring/state.py)."""

    agreement_id = models.BigIntegerField()
    # its place among the agreement's late deliveries once overdue: after the ones paid late
    n = models.IntegerField()
    due = models.DateField()
    value = models.BigIntegerField()
    cum = models.BigIntegerField()  # the confirmed deliveries' running total up to this one

    class Meta:
        indexes = [
            models.Index(
                fields=["due", "agreement_id", "n", "cum", "value"], name="unpaid_delivery_due"
            ),
            models.Index(fields=["agreement_id"], name="unpaid_delivery_agreement"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} {self.due}"

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jalinmitra.privacy.choices import RequestStatus

REASON_MAX_LENGTH = 1000
# UU PDP 27/2022 gives the controller 3 x 24 hours to act on a data subject's request.
RESPONSE_TIME = timedelta(hours=72)


class DeletionRequest(models.Model):
    """An owner's request that the city erase their personal data (UU PDP Pasal 8 and 43)."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deletion_requests",
        verbose_name=_("pemohon"),
    )
    # An owner without a login (registered by an officer) asks at the office counter; the
    # officer records the request for their business, after checking their KTP.
    business = models.ForeignKey(
        "businesses.Business",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deletion_requests",
        verbose_name=_("usaha"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )
    reason = models.TextField(
        _("alasan"), blank=True, validators=[MaxLengthValidator(REASON_MAX_LENGTH)]
    )
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=RequestStatus.choices,
        default=RequestStatus.PENDING,
        db_index=True,
    )
    created_at = models.DateTimeField(_("diminta pada"), default=timezone.now)
    due_at = models.DateTimeField(_("batas waktu"))
    handled_at = models.DateTimeField(_("ditangani pada"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ditangani oleh"),
    )
    refusal_reason = models.TextField(
        _("alasan penolakan"), blank=True, validators=[MaxLengthValidator(REASON_MAX_LENGTH)]
    )

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("permintaan hapus data")
        verbose_name_plural = _("permintaan hapus data")
        constraints = [
            models.UniqueConstraint(
                fields=["requested_by"],
                condition=Q(status=RequestStatus.PENDING),
                name="deletion_request_one_pending",
                violation_error_message=_("Anda sudah punya permintaan hapus data yang diproses."),
            ),
            models.UniqueConstraint(
                fields=["business"],
                condition=Q(status=RequestStatus.PENDING),
                name="deletion_request_one_pending_business",
                violation_error_message=_(
                    "Sudah ada permintaan hapus data untuk usaha ini yang sedang diproses."
                ),
            ),
            models.CheckConstraint(
                condition=Q(requested_by__isnull=False) | Q(business__isnull=False),
                name="deletion_request_has_subject",
                violation_error_message=_("Permintaan perlu pemohon atau usaha yang dimaksud."),
            ),
            models.CheckConstraint(
                condition=Q(status=RequestStatus.PENDING) | Q(handled_at__isnull=False),
                name="deletion_request_handled_at",
                violation_error_message=_(
                    "Permintaan yang sudah ditangani perlu waktu penanganan."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status=RequestStatus.REFUSED) | ~Q(refusal_reason=""),
                name="deletion_request_refusal_reason",
                violation_error_message=_("Tuliskan alasan penolakan."),
            ),
            models.CheckConstraint(
                condition=Q(due_at__gt=models.F("created_at")),
                name="deletion_request_due_after_created",
                violation_error_message=_("Batas waktu harus setelah waktu permintaan."),
            ),
        ]

    def __str__(self) -> str:
        # Never the person's name: this string is copied into the audit trail.
        return _("Permintaan hapus data #%(id)s") % {"id": self.pk}

    @property
    def requester_name(self) -> str:
        if self.requested_by_id:
            return self.requested_by.display_name
        return self.business.owner_name if self.business_id else ""

    @property
    def is_pending(self) -> bool:
        return self.status == RequestStatus.PENDING

    @property
    def is_overdue(self) -> bool:
        return self.is_pending and self.due_at < timezone.now()

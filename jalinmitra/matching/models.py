from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jalinmitra.matching.choices import InvitationStatus


class Shortlist(models.Model):
    """An offer a buyer (or an officer for it) keeps for a need."""

    need = models.ForeignKey("businesses.Need", on_delete=models.CASCADE, related_name="shortlist")
    offer = models.ForeignKey("businesses.Offer", on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [models.UniqueConstraint(fields=["need", "offer"], name="shortlist_unique")]
        verbose_name = _("daftar pendek")
        verbose_name_plural = _("daftar pendek")

    def __str__(self) -> str:
        return f"{self.need} ← {self.offer}"


class MeetingInvitation(models.Model):
    """ "Ajak bertemu": a buyer invites a supplier to meet about a need."""

    need = models.ForeignKey(
        "businesses.Need", on_delete=models.CASCADE, related_name="invitations"
    )
    offer = models.ForeignKey(
        "businesses.Offer", on_delete=models.CASCADE, related_name="invitations"
    )
    message = models.CharField(_("pesan singkat"), max_length=300, blank=True)
    score = models.FloatField(default=0)
    reasons = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["need", "offer"], name="invitation_unique")]
        verbose_name = _("ajakan bertemu")
        verbose_name_plural = _("ajakan bertemu")

    def __str__(self) -> str:
        return f"{self.need} → {self.offer}"

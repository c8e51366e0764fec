from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jalinmitra.matching.choices import FeedbackKind, InvitationStatus


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


class PairFeedback(models.Model):
    """Feedback on one offer for one need, from its buyer or an officer: what the signal
    weights are learnt from. ``values`` keeps the pair's signal values when it was given."""

    need = models.ForeignKey("businesses.Need", on_delete=models.CASCADE, related_name="+")
    offer = models.ForeignKey("businesses.Offer", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("jenis"), max_length=16, choices=FeedbackKind.choices)
    reason = models.CharField(_("alasan"), max_length=300, blank=True)
    values = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["need", "offer", "kind"], name="pair_feedback_unique")
        ]
        verbose_name = _("umpan balik pasangan")
        verbose_name_plural = _("umpan balik pasangan")

    def __str__(self) -> str:
        return f"{self.need} / {self.offer}: {self.kind}"


class SignalWeights(models.Model):
    """One version of learnt signal weights; at most one is active, none means the hand
    weights (engine/base.py WEIGHTS)."""

    version = models.PositiveIntegerField(_("versi"), unique=True)
    weights = models.JSONField(default=dict)
    trained_pairs = models.PositiveIntegerField(default=0)
    heldout_pairs = models.PositiveIntegerField(default=0)
    heldout_accuracy_hand = models.FloatField(default=0)
    heldout_accuracy_learnt = models.FloatField(default=0)
    is_active = models.BooleanField(_("aktif"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"],
                condition=models.Q(is_active=True),
                name="signal_weights_one_active",
            )
        ]
        verbose_name = _("bobot sinyal")
        verbose_name_plural = _("bobot sinyal")

    def __str__(self) -> str:
        return f"bobot v{self.version}"

    @property
    def better(self) -> bool:
        return self.heldout_pairs > 0 and self.heldout_accuracy_learnt > self.heldout_accuracy_hand

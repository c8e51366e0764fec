from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jalinmitra.api.choices import Institution


class ApiToken(models.Model):
    """A key another system uses for /api/v1/. Only the sha256 of the secret is kept: the
    secret is shown once, when the token is made. The token acts as `user` (a member of the
    business, of the bank, or an officer), so the services apply that user's rules."""

    name = models.CharField(_("nama"), max_length=120)
    institution = models.CharField(_("lembaga"), max_length=10, choices=Institution.choices)
    business = models.ForeignKey(
        "businesses.Business",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="api_tokens",
    )
    bank = models.ForeignKey(
        "financing.Bank", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_tokens",
        verbose_name=_("bertindak sebagai"),
    )
    prefix = models.CharField(_("awalan"), max_length=8, db_index=True, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(_("cakupan"), default=list)
    rate_limit = models.CharField(_("batas permintaan"), max_length=20, default="120/60")
    expires_at = models.DateTimeField(_("berlaku sampai"))
    revoked_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)
    use_count = models.PositiveBigIntegerField(_("jumlah pemakaian"), default=0)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_live(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now


class ApiTokenUse(models.Model):
    """One row per request made with a token (the light use log)."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="uses")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=200)
    status = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.status}"

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jalinmitra.accounts.choices import Role


class User(AbstractUser):
    role = models.CharField(_("peran"), max_length=10, choices=Role.choices, default=Role.USAHA)
    full_name = models.CharField(_("nama lengkap"), max_length=150, blank=True)
    organisation = models.CharField(
        _("instansi"), max_length=150, blank=True, help_text=_("Untuk petugas dan bank")
    )
    # The language of this person's email and notification texts (the site's own language
    # follows the switcher, which also stores it here).
    language = models.CharField(_("bahasa"), max_length=5, choices=settings.LANGUAGES, default="id")

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    @property
    def is_officer(self) -> bool:
        """Officers and admins may see personal data and act on any business."""
        return self.is_authenticated and (
            self.role in {Role.PETUGAS, Role.ADMIN} or self.is_superuser
        )

    @property
    def is_city_admin(self) -> bool:
        return self.is_authenticated and (self.role == Role.ADMIN or self.is_superuser)

    @property
    def is_bank(self) -> bool:
        return self.role == Role.BANK

    @property
    def is_business_user(self) -> bool:
        return self.role == Role.USAHA


class Invitation(models.Model):
    """A one-time link that hands an assisted-registration business to its owner."""

    business = models.ForeignKey(
        "businesses.Business", on_delete=models.CASCADE, related_name="invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    email = models.EmailField(_("email"), blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("undangan")
        verbose_name_plural = _("undangan")

    def __str__(self) -> str:
        return f"Undangan {self.business}"

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()

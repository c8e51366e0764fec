from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jalinmitra.api.models import ApiToken, ApiTokenUse
from jalinmitra.api.services import new_secret, token_check, token_revoke
from jalinmitra.core.admin import AuditedAdmin, ReadOnlyAdmin


class ApiTokenForm(forms.ModelForm):
    """The token's rules (services.token_check) as form errors; a new token gets its secret
    here (the admin's save_model stays AuditedAdmin's, which writes the audit row)."""

    class Meta:
        model = ApiToken
        fields = [
            "name",
            "institution",
            "business",
            "bank",
            "user",
            "scopes",
            "rate_limit",
            "expires_at",
        ]

    def clean(self):
        data = super().clean()
        if self.instance.pk is None and data.get("user") and data.get("institution"):
            try:
                token_check(
                    institution=data["institution"],
                    user=data["user"],
                    business=data.get("business"),
                    bank=data.get("bank"),
                    scopes=list(data.get("scopes") or []),
                    rate_limit=data.get("rate_limit") or "",
                )
            except ValidationError as e:
                raise forms.ValidationError(e.messages) from e
        return data

    def save(self, commit=True):
        obj = super().save(commit=False)
        if obj.pk is None:
            obj._secret, obj.prefix, obj.key_hash = new_secret()
        if commit:
            obj.save()
        return obj


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdmin):
    """Made here or with `manage.py api_token_create`; the secret shows once, after saving.
    Revoking is an action (audited through token_revoke); a token is never edited into
    another institution's."""

    list_display = ("name", "prefix", "institution", "business", "bank", "expires_at",
                    "revoked_at", "last_used_at", "use_count")  # fmt: skip
    list_filter = ("institution",)
    search_fields = ("name", "prefix")
    readonly_fields = ("prefix", "revoked_at", "last_used_at", "use_count", "created_by")
    raw_id_fields = ("business", "user")
    actions = ["revoke"]
    form = ApiTokenForm

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return (*self.readonly_fields, "institution", "business", "bank", "user")
        return self.readonly_fields

    def response_add(self, request, obj, post_url_continue=None):
        secret = getattr(obj, "_secret", None)
        if secret:
            self.message_user(
                request,
                _("Token dibuat. Salin sekarang, tidak akan ditampilkan lagi: %(s)s")
                % {"s": secret},
                messages.WARNING,
            )
        return super().response_add(request, obj, post_url_continue)

    @admin.action(description=_("Cabut token terpilih"))
    def revoke(self, request, queryset):
        for token in queryset.filter(revoked_at__isnull=True):
            token_revoke(actor=request.user, token=token)


@admin.register(ApiTokenUse)
class ApiTokenUseAdmin(ReadOnlyAdmin):
    list_display = ("at", "token", "method", "path", "status")
    list_filter = ("status",)

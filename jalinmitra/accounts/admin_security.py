"""The admin pages of django-axes (login lockouts) and django-otp (second-factor devices),
re-registered so that what an admin may do there leaves an audit row: delete a lockout (unlock
a person) or a lost device (the person sets up a new one at the next login). Nothing is added
or edited there; logs are read-only. Imported from AccountsConfig.ready, after the admin has
registered the libraries' own classes."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from jalinmitra.core.admin import AuditedAdmin, ReadOnlyAdmin


class DeleteOnlyAdmin(AuditedAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class LockoutAdmin(DeleteOnlyAdmin):
    list_display = ("attempt_time", "username", "ip_address", "failures_since_start")
    search_fields = ("username", "ip_address")


class DeviceAdmin(DeleteOnlyAdmin):
    list_display = ("user", "name", "confirmed")
    search_fields = ("user__username",)
    exclude = ("key",)


def register() -> None:
    for model, model_admin in (
        (AccessAttempt, LockoutAdmin),
        (AccessLog, ReadOnlyAdmin),
        (AccessFailureLog, ReadOnlyAdmin),
        (TOTPDevice, DeviceAdmin),
        (StaticDevice, DeviceAdmin),
    ):
        if admin.site.is_registered(model):
            admin.site.unregister(model)
        admin.site.register(model, model_admin)

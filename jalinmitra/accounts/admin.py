from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group

from jalinmitra.accounts.models import User
from jalinmitra.core.admin import AuditedAdmin
from jalinmitra.core.services import audit_record


@admin.register(User)
class JalinMitraUserAdmin(AuditedAdmin, UserAdmin):
    fieldsets = UserAdmin.fieldsets + (
        ("JalinMitra", {"fields": ("role", "full_name", "organisation")}),
    )
    list_display = ("username", "full_name", "role", "is_active")
    list_filter = ("role", "is_active")

    def log_change(self, request, obj, message):
        # The password form saves without save_model; its change is audited here (no values).
        if "password" in str(message) and isinstance(obj, User):
            audit_record(
                actor=request.user,
                action="admin:user.password",
                obj=obj,
                changes={"password": ["***", "***"]},
            )
        return super().log_change(request, obj, message)


# Roles live on User.role; Django's groups stay available to the admin, audited like the rest.
admin.site.unregister(Group)


@admin.register(Group)
class AuditedGroupAdmin(AuditedAdmin, GroupAdmin):
    pass

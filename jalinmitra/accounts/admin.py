from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from jalinmitra.accounts.models import User
from jalinmitra.core.admin import AuditedAdmin


@admin.register(User)
class JalinMitraUserAdmin(AuditedAdmin, UserAdmin):
    fieldsets = UserAdmin.fieldsets + (
        ("JalinMitra", {"fields": ("role", "full_name", "organisation")}),
    )
    list_display = ("username", "full_name", "role", "is_active")
    list_filter = ("role", "is_active")

from django.contrib import admin

from jalinmitra.core.models import AuditLog, City, KbliCode, Office, Official, Region
from jalinmitra.core.services import audit_record


class AuditedAdmin(admin.ModelAdmin):
    """Admin writes leave the same audit rows as the app's services."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        hidden = {"password", "password1", "password2", "owner_nik"}
        changes = {
            f: ["***", "***"] if f in hidden else [form.initial.get(f), form.cleaned_data.get(f)]
            for f in form.changed_data
        }
        action = f"{obj._meta.model_name}.{'update' if change else 'create'}"
        audit_record(actor=request.user, action=f"admin:{action}", obj=obj, changes=changes)

    def delete_model(self, request, obj):
        audit_record(actor=request.user, action=f"admin:{obj._meta.model_name}.delete", obj=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never written: the model changes only through its services, which check its
    rules and write the audit trail."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(City)
class CityAdmin(AuditedAdmin):
    list_display = ("name", "code", "region")


@admin.register(Office)
class OfficeAdmin(AuditedAdmin):
    list_display = ("name", "code", "city")


@admin.register(Official)
class OfficialAdmin(AuditedAdmin):
    list_display = ("name", "title", "nip", "is_witness")


@admin.register(KbliCode)
class KbliAdmin(AuditedAdmin):
    list_display = ("code", "title", "level", "version")
    list_filter = ("version", "level", "category")
    search_fields = ("code", "title")


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    list_display = ("code", "name", "level")
    list_filter = ("level",)
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "actor_name", "action", "object_repr")
    list_filter = ("action",)
    search_fields = ("object_repr", "actor_name")

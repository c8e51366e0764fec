from django.contrib import admin

from jalinmitra.privacy.models import DeletionRequest


@admin.register(DeletionRequest)
class DeletionRequestAdmin(admin.ModelAdmin):
    """Read-only: requests are handled on the officers' page, where the work is audited."""

    list_display = ("__str__", "status", "created_at", "due_at", "handled_at")
    list_filter = ("status",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

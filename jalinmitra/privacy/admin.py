from django.contrib import admin

from jalinmitra.core.admin import ReadOnlyAdmin
from jalinmitra.privacy.models import DeletionRequest


@admin.register(DeletionRequest)
class DeletionRequestAdmin(ReadOnlyAdmin):
    """Read-only: requests are handled on the officers' page, where the work is audited."""

    list_display = ("__str__", "status", "created_at", "due_at", "handled_at")
    list_filter = ("status",)

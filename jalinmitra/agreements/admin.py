from django.contrib import admin

from jalinmitra.agreements.models import Agreement, AgreementTemplate, AgreementVersion
from jalinmitra.core.admin import AuditedAdmin, ReadOnlyAdmin


@admin.register(AgreementTemplate)
class AgreementTemplateAdmin(AuditedAdmin):
    """The city's template texts change here, each change audited."""

    list_display = ["pattern", "title", "updated_at"]


class VersionInline(admin.TabularInline):
    model = AgreementVersion
    extra = 0
    can_delete = False
    readonly_fields = ["number", "clauses", "created_by", "created_at"]


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdmin):
    """Read-only: changes go through the services so they are versioned and audited."""

    list_display = ["__str__", "code", "small_party", "large_party", "pattern", "status"]
    list_filter = ["status", "pattern"]
    search_fields = ["number", "code", "small_party__name", "large_party__name"]
    inlines = [VersionInline]

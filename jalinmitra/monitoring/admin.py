"""Realisation records, interventions and growth reports change only through their services
(confirm, dispute, correct, resolve: each audited); the admin only shows them."""

from django.contrib import admin

from jalinmitra.core.admin import ReadOnlyAdmin
from jalinmitra.monitoring.models import Entry, GrowthReport, Intervention


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdmin):
    list_display = ("agreement", "kind", "date", "value", "party", "status", "by_officer")
    list_filter = ("kind", "status", "by_officer")
    search_fields = ("agreement__number", "product")


@admin.register(Intervention)
class InterventionAdmin(ReadOnlyAdmin):
    list_display = ("agreement", "kind", "date", "officer")
    list_filter = ("kind",)


@admin.register(GrowthReport)
class GrowthReportAdmin(ReadOnlyAdmin):
    list_display = ("business", "year", "quarter", "omzet", "workers", "new_buyers")

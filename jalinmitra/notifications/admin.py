from django.contrib import admin

from jalinmitra.core.admin import ReadOnlyAdmin
from jalinmitra.notifications.models import Delivery, Notification, PeriodicRun


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["title", "recipient", "event", "created_at", "read_at"]
    list_filter = ["event", "category"]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["notification", "channel", "status", "attempts", "error", "sent_at"]
    list_filter = ["channel", "status"]


@admin.register(PeriodicRun)
class PeriodicRunAdmin(ReadOnlyAdmin):
    list_display = ["name", "day", "status", "started_at", "finished_at"]
    list_filter = ["name", "status"]

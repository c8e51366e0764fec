from django.contrib import admin

from jalinmitra.core.admin import ReadOnlyAdmin
from jalinmitra.events.models import (
    Event,
    FollowUp,
    Meeting,
    MeetingRequest,
    Outcome,
    Participant,
    ScheduleRun,
)


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["name", "date", "venue", "status"]
    list_filter = ["status"]


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyAdmin):
    list_display = [
        "business",
        "event",
        "role",
        "tables",
        "registered_how",
        "checked_in_at",
        "no_show",
    ]
    list_filter = ["role", "registered_how", "no_show"]
    raw_id_fields = ["business", "event"]


@admin.register(MeetingRequest)
class MeetingRequestAdmin(ReadOnlyAdmin):
    list_display = ["from_participant", "to_participant", "status", "must_meet", "expires_at"]
    list_filter = ["status", "must_meet"]
    raw_id_fields = ["from_participant", "to_participant", "invitation"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["event", "slot", "buyer", "table", "seller", "status", "locked", "published"]
    list_filter = ["status", "locked", "published"]
    raw_id_fields = ["seller", "buyer"]


admin.site.register(Outcome, ReadOnlyAdmin)
admin.site.register(FollowUp, ReadOnlyAdmin)
admin.site.register(ScheduleRun, ReadOnlyAdmin)

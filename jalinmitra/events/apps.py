from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "jalinmitra.events"
    label = "events"
    verbose_name = _("Temu usaha")

    def ready(self) -> None:
        # A meeting request's conversation is between both participants' members
        # (notifications.hooks).
        from jalinmitra.events.selectors import (
            meeting_request_thread_parties,
            meeting_thread_parties,
        )
        from jalinmitra.notifications.hooks import register_thread

        register_thread("events.meetingrequest", meeting_request_thread_parties)
        register_thread("events.meeting", meeting_thread_parties)

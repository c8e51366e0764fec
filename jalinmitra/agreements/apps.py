from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "jalinmitra.agreements"
    label = "agreements"
    verbose_name = _("Perjanjian kemitraan")

    def ready(self) -> None:
        # What agreements adds to the lower events app: the event report's agreements, and
        # invitations that became an agreement are not requested again (events.hooks).
        from jalinmitra.agreements import selectors
        from jalinmitra.events import hooks

        hooks.register(hooks.event_report_agreements, selectors.agreements_from_event)
        hooks.register(hooks.invitation_done, selectors.invitation_became_agreement)
        # An agreement's conversation is between both parties' members (notifications.hooks).
        from jalinmitra.notifications.hooks import register_thread

        register_thread("agreements.agreement", selectors.agreement_thread_parties)
        # The public /v/<code> page is kept whole for anonymous visitors (core.pagecache): it
        # shows the agreement, its parties (businesses), the witnessing officials and the city.
        from jalinmitra.agreements.models import Agreement
        from jalinmitra.businesses.models import Business
        from jalinmitra.core import pagecache
        from jalinmitra.core.models import City, Official

        pagecache.watch(Agreement, Business, Official, City)

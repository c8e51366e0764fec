from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "jalinmitra.matching"
    label = "matching"
    verbose_name = _("Pencocokan")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from jalinmitra.businesses.models import Offer
        from jalinmitra.matching.selectors import offers_added_or_deleted

        # The offer index compares its ids with the table's only after one of these.
        post_save.connect(offers_added_or_deleted, sender=Offer, dispatch_uid="matching-offers")
        post_delete.connect(offers_added_or_deleted, sender=Offer, dispatch_uid="matching-offers")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "jalinmitra.catalogue"
    label = "catalogue"
    verbose_name = _("Katalog produk")

    def ready(self) -> None:
        # What the catalogue adds to the lower businesses app: WebP thumbnails of a photo,
        # made once after the commit that stored it (businesses.hooks).
        from jalinmitra.businesses import hooks
        from jalinmitra.catalogue import thumbnails

        hooks.register(hooks.offer_photo_saved, thumbnails.thumbnails_for_offer)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "jalinmitra.catalogue"
    label = "catalogue"
    verbose_name = _("Katalog produk")

    def ready(self) -> None:
        # What the catalogue adds to the lower businesses app: WebP thumbnails of a photo,
        # made once after the commit that stored it, and removed with it (businesses.hooks).
        from jalinmitra.businesses import hooks
        from jalinmitra.catalogue import selectors, thumbnails
        from jalinmitra.notifications.hooks import register_thread

        hooks.register(hooks.offer_photo_saved, thumbnails.thumbnails_for_offer)
        hooks.register(hooks.offer_photo_deleted, thumbnails.thumbnails_forget)
        # An enquiry's conversation: the business's members (and officers, as everywhere).
        register_thread("catalogue.enquiry", selectors.enquiry_thread_parties)
        # The public pages kept whole for anonymous visitors are worked out again after any
        # write of what they show (core.pagecache).
        from jalinmitra.core import pagecache

        pagecache.watch(*selectors.PUBLIC_MODELS)

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from config.media import media
from jalinmitra.notifications.views import language_switch

urlpatterns = [
    path("admin/", admin.site.urls),
    # The switcher also stores a signed-in person's language for their mail (issue 11).
    path("i18n/setlang/", language_switch, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("akun/", include("jalinmitra.accounts.urls")),
    path("akun/", include("jalinmitra.privacy.urls")),
    path("usaha/", include("jalinmitra.businesses.urls")),
    path("cocok/", include("jalinmitra.matching.urls")),
    path("temu-usaha/", include("jalinmitra.events.urls")),
    path("perjanjian/", include("jalinmitra.agreements.urls")),
    path("pemantauan/", include("jalinmitra.monitoring.urls")),
    path("katalog/", include("jalinmitra.catalogue.urls")),
    path("pembiayaan/", include("jalinmitra.financing.urls")),
    path("pemberitahuan/", include("jalinmitra.notifications.urls")),
    path("", include("jalinmitra.catalogue.public_urls")),
    path("", include("jalinmitra.agreements.public_urls")),
    path("", include("jalinmitra.monitoring.dashboard_urls")),
    path("", include("jalinmitra.api.urls")),
    path("", include("jalinmitra.core.urls")),
]
# Uploads, DEBUG on or off, each checked for who may see it (config/media.py).
urlpatterns.append(path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media, name="media"))


def server_error(request, *args, **kwargs):
    """A 500, unless the database is what failed outside a view (a middleware loading the
    session): then the friendly 503 with Retry-After, as core.middleware does inside views."""
    import sys

    from django.views.defaults import server_error as default_server_error

    from jalinmitra.core.middleware import is_database_unavailable, service_unavailable

    if is_database_unavailable(sys.exc_info()[1]):
        return service_unavailable()
    return default_server_error(request, *args, **kwargs)


handler500 = server_error

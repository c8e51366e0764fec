from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("akun/", include("jalinmitra.accounts.urls")),
    path("akun/", include("jalinmitra.privacy.urls")),
    path("usaha/", include("jalinmitra.businesses.urls")),
    path("cocok/", include("jalinmitra.matching.urls")),
    path("temu-usaha/", include("jalinmitra.events.urls")),
    path("perjanjian/", include("jalinmitra.agreements.urls")),
    path("", include("jalinmitra.agreements.public_urls")),
    path("", include("jalinmitra.core.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

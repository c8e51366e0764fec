"""The catalogue's addresses at the site root: sitemap.xml and robots.txt, and the enquirer's
erasure of their data through the private link (rate-limited per address, as the other
public forms)."""

from django.urls import path

from jalinmitra.catalogue import views
from jalinmitra.core.ratelimit import rate_limit

urlpatterns = [
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("robots.txt", views.robots, name="robots"),
    # Under the conversation's own address (catalogue/urls.py's "percakapan/<token>/").
    path(
        "katalog/percakapan/<str:token>/hapus-data/",
        rate_limit("enquiry_erase")(views.enquiry_erase),
        name="enquiry_erase",
    ),
]

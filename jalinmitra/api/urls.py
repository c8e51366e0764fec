"""Included at the site root: /api/v1/ (the REST API), /data-terbuka/ (open data) and
/provinsi/rekap/ (the province roll-up)."""

from django.urls import include, path

from jalinmitra.api import views
from jalinmitra.api.api import api

opendata_patterns = (
    [
        path("", views.open_data_index, name="index"),
        path("<slug:name>.<slug:fmt>", views.open_data, name="dataset"),
    ],
    "opendata",
)

urlpatterns = [
    path("api/v1/", api.urls),
    path("data-terbuka/", include(opendata_patterns)),
    path("provinsi/rekap/", views.rollup, name="province_rollup"),
]

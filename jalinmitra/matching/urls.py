from django.urls import path

from jalinmitra.matching import views

app_name = "matching"
urlpatterns = [
    path("kebutuhan/<int:pk>/", views.need_suppliers, name="need"),
    path(
        "kebutuhan/<int:pk>/pendek/<int:offer_pk>/", views.shortlist_toggle_view, name="shortlist"
    ),
    path("kebutuhan/<int:pk>/ajak/<int:offer_pk>/", views.invite_view, name="invite"),
    path(
        "kebutuhan/<int:pk>/tidak-relevan/<int:offer_pk>/",
        views.not_relevant_view,
        name="not_relevant",
    ),
    path("bobot/", views.weights_page, name="weights"),
    path("peluang/<int:pk>/", views.opportunities, name="opportunities"),
    path("cari/", views.search, name="search"),
]

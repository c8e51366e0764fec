"""The public verification page, included at the site root: /v/<code>."""

from django.urls import path

from jalinmitra.agreements import views

app_name = "verify"
urlpatterns = [
    path("v/<str:code>", views.verify, name="verify"),
]

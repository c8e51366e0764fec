"""The public verification page, included at the site root: /v/<code>."""

from django.urls import path

from jalinmitra.agreements import views
from jalinmitra.core.ratelimit import rate_limit

app_name = "verify"
urlpatterns = [
    # A PDF upload per address is limited (core.ratelimit): checking a file costs the server.
    path("v/<str:code>", rate_limit("verify_upload")(views.verify), name="verify"),
]

"""The catalogue's addresses at the site root: sitemap.xml and robots.txt."""

from django.urls import path

from jalinmitra.catalogue import views

urlpatterns = [
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("robots.txt", views.robots, name="robots"),
]

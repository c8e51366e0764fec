from django.urls import path

from jalinmitra.monitoring import dashboard_views as views

app_name = "dashboard"
urlpatterns = [
    path("beranda-pimpinan/", views.dashboard, name="home"),
    path("beranda-pimpinan/unduh.xlsx", views.dashboard_xlsx, name="xlsx"),
    path("beranda-pimpinan/laporan.pdf", views.report, name="report"),
    path("statistik/", views.stats, name="stats"),
]

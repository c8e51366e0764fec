from django.urls import path

from jalinmitra.core import views, views_ops

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("privasi/", views.privacy_notice, name="privacy"),
    path("pengaturan/", views.city_settings, name="city"),
    path("pengaturan/pejabat/baru/", views.official_edit, name="official_create"),
    path("pengaturan/pejabat/<int:pk>/", views.official_edit, name="official_edit"),
    path("pengaturan/pejabat/<int:pk>/hapus/", views.official_delete_view, name="official_delete"),
    path("pengaturan/kantor/<int:pk>/", views.office_edit, name="office_edit"),
    path("rujukan/kbli/", views.kbli_picker, name="kbli_picker"),
    path("rujukan/wilayah/", views.region_picker, name="region_picker"),
    path("tugas/<int:pk>/", views.job_progress, name="job"),
    path("tugas/<int:pk>/ulang/", views_ops.job_restart, name="job_restart"),
    path("pengaturan/metrik/", views_ops.metrics, name="metrics"),
]

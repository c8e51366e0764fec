from django.urls import path

from jalinmitra.monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("", views.home, name="home"),
    path("perjanjian/<int:pk>/", views.agreement_view, name="agreement"),
    path("perjanjian/<int:pk>/catat/<slug:kind>/", views.record, name="record"),
    path("perjanjian/<int:pk>/pembinaan/", views.intervention, name="intervention"),
    path("catatan/<int:pk>/", views.entry_view, name="entry"),
    path("catatan/<int:pk>/konfirmasi/", views.entry_confirm, name="entry_confirm"),
    path("catatan/<int:pk>/sanggah/", views.entry_dispute, name="entry_dispute"),
    path("catatan/<int:pk>/selesaikan/", views.entry_resolve, name="entry_resolve"),
    path("catatan/<int:pk>/bukti/", views.entry_proof, name="entry_proof"),
    path("daftar-kerja/", views.worklist, name="worklist"),
    path("usaha/<int:pk>/perkembangan/", views.growth, name="growth"),
]

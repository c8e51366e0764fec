from django.urls import path

from jalinmitra.agreements import views

app_name = "agreements"
urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("baru/", views.agreement_create, name="create"),
    path("<int:pk>/", views.agreement_detail, name="detail"),
    path("<int:pk>/ubah/", views.agreement_edit, name="edit"),
    path("<int:pk>/pdf/", views.agreement_pdf_view, name="pdf"),
    path("<int:pk>/pengakhiran/<str:kind>/", views.agreement_end, name="end"),
    path("acara/<int:event_id>/upacara/", views.ceremony, name="ceremony"),
    path(
        "acara/<int:event_id>/upacara/<int:pk>/tandatangan/<str:party>/",
        views.ceremony_sign,
        name="ceremony_sign",
    ),
    path("acara/<int:event_id>/upacara/saksikan/", views.ceremony_witness, name="ceremony_witness"),
    path("acara/<int:event_id>/upacara/cetak/", views.ceremony_print, name="ceremony_print"),
    path("tugas/<int:pk>/zip/", views.job_zip, name="job_zip"),
    path("<int:pk>/<str:action>/", views.agreement_transition, name="transition"),
]

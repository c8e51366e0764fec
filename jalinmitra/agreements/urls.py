from django.urls import path

from jalinmitra.agreements import views

app_name = "agreements"
urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("baru/", views.agreement_create, name="create"),
    path("<int:pk>/", views.agreement_detail, name="detail"),
    path("<int:pk>/ubah/", views.agreement_edit, name="edit"),
    path("<int:pk>/pdf/", views.agreement_pdf_view, name="pdf"),
    path("<int:pk>/<str:action>/", views.agreement_transition, name="transition"),
]

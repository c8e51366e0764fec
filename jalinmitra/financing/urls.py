from django.urls import path

from jalinmitra.financing import views

app_name = "financing"

urlpatterns = [
    path("", views.referral_list, name="list"),
    path("baru/", views.referral_create, name="create"),
    path("<int:pk>/", views.referral_detail, name="detail"),
    path("<int:pk>/aksi/<str:action>/", views.referral_act, name="act"),
    path("<int:pk>/persetujuan/", views.consent_give, name="consent"),
    path("<int:pk>/persetujuan/tarik/", views.consent_withdraw, name="consent_withdraw"),
    path("kasus/<int:pk>/dokumen/", views.document_upload, name="document_upload"),
    path("kasus/<int:pk>/aksi/<str:action>/", views.case_act, name="case_act"),
    path("dokumen/<int:pk>/", views.document_download, name="document"),
    path("bank/", views.bank_queue, name="bank_queue"),
    path("bank/ekspor.xlsx", views.bank_export, name="bank_export"),
    path("bank/<int:pk>/", views.bank_case, name="bank_case"),
    path("bank/<int:pk>/berkas.pdf", views.bank_dossier, name="dossier"),
]

from django.urls import path

from jalinmitra.businesses import views, views_io

app_name = "businesses"
urlpatterns = [
    path("", views.business_list, name="list"),
    path("verifikasi/", views.verification_queue, name="queue"),
    path("saya/", views.my_businesses, name="mine"),
    path("baru/", views.business_create, name="create"),
    path("<int:pk>/", views.business_detail, name="detail"),
    path("<int:pk>/ubah/", views.business_edit, name="edit"),
    path("<int:pk>/ajukan/", views.business_submit, name="submit"),
    path("<int:pk>/verifikasi/", views.business_verify, name="verify"),
    path("<int:pk>/kembalikan/", views.business_return, name="return"),
    path("<int:pk>/sertifikat/", views.certification_add, name="cert_add"),
    path(
        "<int:pk>/sertifikat/<int:cert_pk>/hapus/", views.certification_delete, name="cert_delete"
    ),
    path("<int:pk>/penawaran/baru/", views.offer_edit, name="offer_create"),
    path("<int:pk>/penawaran/<int:offer_pk>/", views.offer_edit, name="offer_edit"),
    path("<int:pk>/penawaran/<int:offer_pk>/hapus/", views.offer_delete, name="offer_delete"),
    path("<int:pk>/kebutuhan/baru/", views.need_edit, name="need_create"),
    path("<int:pk>/kebutuhan/<int:need_pk>/", views.need_edit, name="need_edit"),
    path("<int:pk>/kebutuhan/<int:need_pk>/tutup/", views.need_close, name="need_close"),
]

urlpatterns += [
    path("impor/", views_io.import_upload, name="import"),
    path("impor/templat/<str:kind>.<str:fmt>", views_io.import_template, name="import_template"),
    path("ekspor.xlsx", views_io.business_export, name="export"),
]

from django.urls import path

from jalinmitra.privacy import views

app_name = "privacy"
urlpatterns = [
    path("data-saya/", views.my_data, name="mine"),
    path("data-saya/unduh/", views.my_data_download, name="download"),
    path("data-saya/hapus/", views.deletion_request_create, name="request"),
    path("permintaan-data/", views.request_queue, name="queue"),
    path("permintaan-data/<int:pk>/", views.request_detail, name="detail"),
    path("permintaan-data/usaha/<int:business_pk>/", views.business_privacy, name="business"),
    path(
        "permintaan-data/usaha/<int:business_pk>/unduh/",
        views.business_download,
        name="business_download",
    ),
    path("permintaan-data/catat/<int:business_pk>/", views.request_record, name="record"),
    path("permintaan-data/<int:pk>/anonimkan/", views.request_anonymise, name="anonymise"),
    path("permintaan-data/<int:pk>/tolak/", views.request_refuse, name="refuse"),
    path("lihat-nik/<int:business_pk>/", views.nik_reveal, name="nik_reveal"),
]

from django.urls import path

from jalinmitra.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/buka/", views.open_notification, name="open"),
    path("baca-semua/", views.mark_all_read, name="mark_all_read"),
    path("pengaturan/", views.preferences, name="preferences"),
    path("whatsapp/", views.whatsapp, name="whatsapp"),
    path("whatsapp/<int:pk>/terkirim/", views.whatsapp_sent, name="whatsapp_sent"),
    path("templat/", views.templates, name="templates"),
    path("tugas-berkala/", views.runs, name="runs"),
    path("percakapan/<str:label>/<int:pk>/", views.thread, name="thread"),
    path("percakapan/lampiran/<int:pk>/", views.attachment, name="attachment"),
]

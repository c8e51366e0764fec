from django.urls import path

from jalinmitra.events import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("baru/", views.event_edit, name="create"),
    path("survei/<int:fid>/", views.followup_edit, name="followup"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/ubah/", views.event_edit, name="edit"),
    path("<int:pk>/status/", views.event_status, name="status"),
    path("<int:pk>/peserta/tambah/", views.participant_add, name="participant_add"),
    path("<int:pk>/peserta/impor/", views.participant_import, name="participant_import"),
    path("<int:pk>/peserta/<int:pid>/tidak-hadir/", views.participant_no_show, name="no_show"),
    path(
        "<int:pk>/peserta/<int:pid>/ketersediaan/",
        views.availability_edit,
        name="availability",
    ),
    path("<int:pk>/daftar/", views.self_register, name="register"),
    path("<int:pk>/permintaan/", views.requests_inbox, name="requests"),
    path("<int:pk>/permintaan/<int:rid>/<str:action>/", views.request_respond, name="respond"),
    path("<int:pk>/wajib-bertemu/", views.must_meet, name="must_meet"),
    path("<int:pk>/ajakan/<int:iid>/", views.from_invitation, name="from_invitation"),
    path("<int:pk>/ajakan/<int:iid>/terima/", views.invitation_accept, name="invitation_accept"),
    path("<int:pk>/jadwal/", views.schedule_preview, name="schedule"),
    path("<int:pk>/jadwal/susun/", views.schedule_run, name="schedule_run"),
    path("<int:pk>/jadwal/terbitkan/", views.schedule_publish, name="publish"),
    path("<int:pk>/jadwal/cetak/", views.schedule_print, name="schedule_print"),
    path("<int:pk>/jadwal.xlsx", views.schedule_xlsx, name="schedule_xlsx"),
    path("<int:pk>/jadwal.pdf", views.schedule_pdf, name="schedule_pdf"),
    path("<int:pk>/pertemuan/<int:mid>/kunci/", views.meeting_lock, name="lock"),
    path("<int:pk>/pertemuan/<int:mid>/hasil/", views.outcome_edit, name="outcome"),
    path("<int:pk>/meja/<int:pid>/", views.table_sheet, name="table_sheet"),
    path("<int:pk>/saya/", views.my_agenda, name="mine"),
    path("<int:pk>/agenda/<int:pid>/", views.agenda_page, name="agenda"),
    path("<int:pk>/agenda/<int:pid>.ics", views.agenda_ics, name="agenda_ics"),
    path("<int:pk>/agenda/<int:pid>.pdf", views.agenda_pdf, name="agenda_pdf"),
    path("<int:pk>/hadir/", views.checkin, name="checkin"),
    path("<int:pk>/hadir/peserta/<int:pid>/", views.checkin_mark, name="checkin_mark"),
    path("<int:pk>/hadir/<str:token>/", views.checkin_token, name="checkin_token"),
    path("<int:pk>/laporan/", views.event_report, name="report"),
]

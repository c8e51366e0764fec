from django.urls import path, re_path

from jalinmitra.catalogue import views

app_name = "catalogue"

urlpatterns = [
    path("", views.catalogue_list, name="list"),
    # Readable addresses: "<slug>-<id>"; the id finds the product, so a renamed one keeps its
    # address and an old slug is sent on (301) to the current one.
    re_path(r"^produk/(?:(?P<slug>[-a-z0-9]*)-)?(?P<pk>\d+)/$", views.product, name="product"),
    path("produk/<int:pk>/tanya/", views.enquiry_send, name="enquiry"),
    path("produk/<int:pk>/poster.pdf", views.poster_pdf, name="poster"),
    re_path(r"^usaha/(?:(?P<slug>[-a-z0-9]*)-)?(?P<pk>\d+)/$", views.business, name="business"),
    path("unggulan/", views.signature_showcase, name="signature"),
    path("unggulan/tetapkan/<int:pk>/", views.signature_designate, name="signature_designate"),
    path("unggulan/<int:pk>/tinjau/", views.signature_review, name="signature_review"),
    path("unggulan/<int:pk>/cabut/", views.signature_withdraw, name="signature_withdraw"),
    path("cetak.pdf", views.catalogue_pdf, name="pdf"),
    path("pesan/", views.inbox_mine, name="inbox_mine"),
    path("pesan/usaha/<int:pk>/", views.inbox, name="inbox"),
    path("pesan/<int:pk>/", views.enquiry_detail, name="enquiry_detail"),
    path("pesan/<int:pk>/hapus-data/", views.enquiry_officer_erase, name="enquiry_officer_erase"),
    path("pesan/<int:pk>/<str:action>/", views.enquiry_act, name="enquiry_act"),
    # The buyer's private link to an enquiry's conversation (no account; the token is the key).
    path("percakapan/<str:token>/", views.conversation, name="conversation"),
    path("kontak/<int:pk>/", views.contact_consent, name="consent"),
]

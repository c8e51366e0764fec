from django.contrib import admin

from jalinmitra.catalogue.models import ContactConsent, Enquiry, SignatureProduct, Thumbnail
from jalinmitra.core.admin import ReadOnlyAdmin

# Shown only: each of these changes through its audited service (catalogue/services.py).


@admin.register(ContactConsent)
class ContactConsentAdmin(ReadOnlyAdmin):
    list_display = ("business", "version", "given_at", "withdrawn_at")


@admin.register(Enquiry)
class EnquiryAdmin(ReadOnlyAdmin):
    list_display = ("offer", "business", "status", "created_at")
    list_filter = ("status",)


@admin.register(SignatureProduct)
class SignatureProductAdmin(ReadOnlyAdmin):
    list_display = ("offer", "designated_at", "review_on", "withdrawn_at")


@admin.register(Thumbnail)
class ThumbnailAdmin(ReadOnlyAdmin):
    list_display = ("photo", "width", "height")

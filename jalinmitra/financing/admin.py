"""Partner banks and their users are set up by the city's admin here (audited); referrals,
consents and each bank's work change only through their services, so the admin only shows them."""

from django.contrib import admin

from jalinmitra.core.admin import AuditedAdmin, ReadOnlyAdmin
from jalinmitra.financing.models import (
    Bank,
    BankMembership,
    BankReferral,
    Consent,
    Referral,
    ReferralDocument,
)


@admin.register(Bank)
class BankAdmin(AuditedAdmin):
    list_display = ("name", "code", "branch", "contact_name", "is_active")
    search_fields = ("name", "code", "branch")


@admin.register(BankMembership)
class BankMembershipAdmin(AuditedAdmin):
    list_display = ("user", "bank", "created_at")
    list_filter = ("bank",)
    raw_id_fields = ("user",)


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAdmin):
    list_display = ("pk", "business", "amount", "tier", "purpose", "status", "created_at")
    list_filter = ("status", "tier", "purpose")


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    list_display = ("referral", "version", "given_at", "withdrawn_at", "in_person")


@admin.register(BankReferral)
class BankReferralAdmin(ReadOnlyAdmin):
    list_display = ("referral", "bank", "status", "forwarded_at", "decided_at")
    list_filter = ("bank", "status")


@admin.register(ReferralDocument)
class ReferralDocumentAdmin(ReadOnlyAdmin):
    list_display = ("case", "kind", "content_type", "size", "uploaded_at")

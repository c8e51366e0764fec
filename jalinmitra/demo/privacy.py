"""Demo data of the privacy app for `python manage.py demo`: one owner who has asked for their
data to be deleted, waiting in the officers' queue (/akun/permintaan-data/).

The owner gets a login of their own (no password: they only asked), so handling the request in
the demo erases a demo business nobody else logs in as, never the `umkm` or `mitra` logins.
Idempotent: a second run finds the login and does nothing.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from jalinmitra.accounts.models import User
from jalinmitra.accounts.services import membership_add, user_create
from jalinmitra.businesses.choices import SMALL_SIZES, VerificationStatus
from jalinmitra.businesses.models import Business
from jalinmitra.privacy.models import DeletionRequest
from jalinmitra.privacy.services import deletion_request_create

DEMO_USERNAME = "pemilik-minta-hapus"
DEMO_REASON = "Usaha saya sudah tutup. Mohon data pribadi saya dihapus."
# Asked this long ago, so the queue shows a deadline that is near but not yet past.
DEMO_ASKED_AGO = timedelta(hours=20)


@transaction.atomic
def privacy_demo_create(*, officer: User) -> DeletionRequest | None:
    """The pending deletion request of the demo; None when no demo business is free for it."""
    existing = User.objects.filter(username=DEMO_USERNAME).first()
    if existing is not None:
        return DeletionRequest.objects.filter(requested_by=existing).first()
    business = (
        Business.objects.filter(
            status=VerificationStatus.VERIFIED,
            size_class__in=SMALL_SIZES,
            memberships__isnull=True,
            agreements_as_small__isnull=True,
        )
        .order_by("name", "id")
        .first()
    )
    if business is None:
        return None
    user = user_create(
        actor=officer, username=DEMO_USERNAME, password=None, full_name=business.owner_name
    )
    membership_add(actor=officer, user=user, business=business)
    request = deletion_request_create(actor=user, reason=DEMO_REASON)
    asked = timezone.now() - DEMO_ASKED_AGO
    DeletionRequest.objects.filter(pk=request.pk).update(
        created_at=asked, due_at=asked + (request.due_at - request.created_at)
    )
    request.refresh_from_db()
    return request

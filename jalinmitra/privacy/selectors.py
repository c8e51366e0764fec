"""Reads of the privacy app: what the system holds about one person, and the officers' queue."""

import datetime
import decimal
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet
from django.db.models.fields.files import FieldFile
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jalinmitra.accounts.models import Invitation, User
from jalinmitra.agreements.models import Agreement, AgreementVersion
from jalinmitra.businesses.choices import MembershipRole
from jalinmitra.businesses.models import Business, Certification, Membership, Need, Offer
from jalinmitra.core.models import AuditLog
from jalinmitra.events.models import Meeting, Participant
from jalinmitra.notifications import selectors as notifications
from jalinmitra.notifications.models import Delivery, Message, Notification, Preference
from jalinmitra.privacy.choices import RequestStatus
from jalinmitra.privacy.models import DeletionRequest

# Secrets of the system itself, not data about the person: never exported.
NEVER_EXPORTED = {"password", "token_hash"}


@dataclass
class Section:
    """One kind of record: a sheet of the XLSX file and a key of the JSON file."""

    key: str
    title: str
    columns: list[tuple[str, str]] = field(default_factory=list)  # (field name, label)
    rows: list[dict[str, Any]] = field(default_factory=list)


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _section(key: str, title: str | Promise, model: type[models.Model], objects) -> Section:
    fields = [
        f
        for f in model._meta.concrete_fields
        if f.name not in NEVER_EXPORTED and not f.name.startswith("search_")
    ]
    section = Section(
        key=key, title=str(title), columns=[(f.name, str(f.verbose_name)) for f in fields]
    )
    for obj in objects:
        row = {}
        for f in fields:
            value = getattr(obj, f.name) if f.is_relation else f.value_from_object(obj)
            if f.choices and not f.is_relation:
                value = getattr(obj, f"get_{f.name}_display")()
            row[f.name] = _plain(value)
        section.rows.append(row)
    return section


def businesses_owned_by(*, user: User) -> QuerySet[Business]:
    """The businesses whose owner is this person (their identifiers are in the business row)."""
    return Business.objects.filter(
        memberships__user=user, memberships__role=MembershipRole.OWNER
    ).distinct()


def owner_logins_of(*, business: Business) -> QuerySet[User]:
    return User.objects.filter(
        membership__business=business, membership__role=MembershipRole.OWNER, is_active=True
    )


def businesses_of_request(*, request: DeletionRequest) -> QuerySet[Business]:
    """The businesses a deletion request erases the owner of: those the requester owns, and the
    business named when an officer recorded it at the counter."""
    q = Q(pk=request.business_id) if request.business_id else Q(pk__in=[])
    if request.requested_by_id:
        q |= Q(memberships__user_id=request.requested_by_id, memberships__role=MembershipRole.OWNER)
    return Business.objects.filter(q).distinct()


def agreements_of(*, businesses) -> QuerySet[Agreement]:
    return Agreement.objects.filter(
        Q(small_party__in=businesses) | Q(large_party__in=businesses)
    ).select_related("small_party", "large_party")


def audit_about(*, user: User | None, businesses) -> QuerySet[AuditLog]:
    """Audit rows about this person: done by them, done to their login or to their businesses."""
    pks = list(businesses.values_list("pk", flat=True))
    ids = [str(pk) for pk in pks]
    q = Q(business_id__in=pks) | Q(object_type=Business._meta.label_lower, object_id__in=ids)
    if user is not None:
        q |= Q(actor=user) | Q(object_type=User._meta.label_lower, object_id=str(user.pk))
    return AuditLog.objects.filter(q).select_related("actor")


def personal_data(*, user: User) -> list[Section]:
    """Everything JalinMitra holds about `user` and their businesses (UU PDP Pasal 7: access).
    Businesses where they are only staff appear as memberships: the owner's NIK is not theirs."""
    return _held_about(user=user, businesses=businesses_owned_by(user=user))


def business_owner_data(*, business: Business) -> list[Section]:
    """The same for an owner who asks at the counter (often without a login): their business."""
    return _held_about(user=None, businesses=Business.objects.filter(pk=business.pk))


def _held_about(*, user: User | None, businesses: QuerySet[Business]) -> list[Section]:
    participants = Participant.objects.filter(business__in=businesses).select_related(
        "event", "business"
    )
    agreements = agreements_of(businesses=businesses)
    return [
        _section("akun", _("Akun"), User, [user] if user is not None else []),
        _section(
            "keanggotaan",
            _("Keanggotaan usaha"),
            Membership,
            Membership.objects.filter(
                Q(user=user) if user is not None else Q(business__in=businesses)
            ).select_related("business", "user"),
        ),
        _section("usaha", _("Usaha"), Business, businesses.select_related("region")),
        _section(
            "sertifikat",
            _("Sertifikat"),
            Certification,
            Certification.objects.filter(business__in=businesses).select_related("business"),
        ),
        _section(
            "penawaran",
            _("Penawaran"),
            Offer,
            Offer.objects.filter(business__in=businesses).select_related("business", "kbli"),
        ),
        _section(
            "kebutuhan",
            _("Kebutuhan"),
            Need,
            Need.objects.filter(business__in=businesses).select_related(
                "business", "kbli", "delivery_region"
            ),
        ),
        _section(
            "undangan",
            _("Undangan pemilik"),
            Invitation,
            Invitation.objects.filter(business__in=businesses).select_related(
                "business", "created_by", "used_by"
            ),
        ),
        _section("temu_usaha", _("Keikutsertaan temu usaha"), Participant, participants),
        _section(
            "pertemuan",
            _("Pertemuan temu usaha"),
            Meeting,
            Meeting.objects.filter(Q(seller__in=participants) | Q(buyer__in=participants))
            .select_related("event", "seller__business", "buyer__business")
            .distinct(),
        ),
        _section("perjanjian", _("Perjanjian kemitraan"), Agreement, agreements),
        _section(
            "versi_perjanjian",
            _("Versi klausul perjanjian"),
            AgreementVersion,
            AgreementVersion.objects.filter(agreement__in=agreements).select_related(
                "agreement", "created_by"
            ),
        ),
        _section(
            "permintaan_hapus",
            _("Permintaan hapus data"),
            DeletionRequest,
            DeletionRequest.objects.filter(
                Q(requested_by=user) if user is not None else Q(business__in=businesses)
            ),
        ),
        _section(
            "jejak_audit", _("Jejak audit"), AuditLog, audit_about(user=user, businesses=businesses)
        ),
        *_notification_sections(
            [user.pk]
            if user is not None
            else list(
                User.objects.filter(
                    membership__business__in=businesses, membership__role=MembershipRole.OWNER
                ).values_list("pk", flat=True)
            )
        ),
    ]


def _notification_sections(user_ids: list[int]) -> list[Section]:
    """The person's inbox, each notification's deliveries (email address, WhatsApp number),
    their notification preferences, the conversation messages they wrote and their
    attachments' details (the files themselves are theirs to download from the thread)."""
    messages = list(notifications.messages_by(user_ids=user_ids))
    attachments = Section(
        key="lampiran_pesan",
        title=str(_("Lampiran pesan percakapan")),
        columns=[
            ("message", str(_("pesan percakapan"))),
            ("thread", str(_("percakapan"))),
            ("name", str(_("nama berkas"))),
            ("size", str(_("ukuran (byte)"))),
            ("created_at", str(_("dikirim"))),
        ],
    )
    for m in messages:
        if not m.attachment:
            continue
        try:
            size: int | None = m.attachment.size
        except OSError:  # the file is gone from the storage; its name is still held
            size = None
        attachments.rows.append(
            {
                "message": m.pk,
                "thread": str(m.thread),
                "name": m.attachment.name,
                "size": size,
                "created_at": _plain(m.created_at),
            }
        )
    return [
        _section(
            "pemberitahuan",
            _("Pemberitahuan"),
            Notification,
            notifications.notifications_for(user_ids=user_ids),
        ),
        _section(
            "pengiriman_pemberitahuan",
            _("Pengiriman pemberitahuan"),
            Delivery,
            notifications.deliveries_for(user_ids=user_ids),
        ),
        _section(
            "preferensi_pemberitahuan",
            _("Preferensi pemberitahuan"),
            Preference,
            notifications.preferences_of(user_ids=user_ids),
        ),
        _section("pesan_percakapan", _("Pesan percakapan"), Message, messages),
        attachments,
    ]


def deletion_request_pending_for_business(*, business: Business) -> DeletionRequest | None:
    return DeletionRequest.objects.filter(business=business, status=RequestStatus.PENDING).first()


def deletion_request_pending_for(*, user: User) -> DeletionRequest | None:
    return DeletionRequest.objects.filter(requested_by=user, status=RequestStatus.PENDING).first()


def deletion_requests_of(*, user: User) -> QuerySet[DeletionRequest]:
    return DeletionRequest.objects.filter(requested_by=user).order_by("-created_at")


def deletion_requests_pending() -> QuerySet[DeletionRequest]:
    """The officers' queue, the nearest legal deadline first."""
    return (
        DeletionRequest.objects.filter(status=RequestStatus.PENDING)
        .select_related("requested_by", "business", "recorded_by")
        .order_by("due_at", "id")
    )


def deletion_requests_handled() -> QuerySet[DeletionRequest]:
    return (
        DeletionRequest.objects.exclude(status=RequestStatus.PENDING)
        .select_related("requested_by", "business", "handled_by")
        .order_by("-handled_at", "-id")
    )

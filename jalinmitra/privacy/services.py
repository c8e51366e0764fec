"""Writes of the privacy app (UU PDP 27/2022): the owner's copy of their data, deletion requests
and their handling by anonymisation, the retention job, and officers revealing a full NIK.

Anonymisation keeps every row the programme must keep (businesses, agreements, meetings, the
audit trail) and replaces the person's identifiers in them: the named fields are blanked or
replaced by a placeholder, and the person's values are searched out of every other text and
JSON field of the rows that concern them, so a NIK or phone number copied into a note or an
old audit row goes too. The audit trail records that it happened, never the erased values.
"""

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import OuterRef, ProtectedError, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from jalinmitra.accounts.models import Invitation, User
from jalinmitra.agreements.models import Agreement, AgreementVersion
from jalinmitra.businesses import hooks as business_hooks
from jalinmitra.businesses.choices import MembershipRole, NeedStatus, VerificationStatus
from jalinmitra.businesses.models import Business, Certification, Need, Offer, OfferPhoto
from jalinmitra.catalogue import services as catalogue
from jalinmitra.catalogue.models import Enquiry
from jalinmitra.core.models import AuditLog
from jalinmitra.core.notify import (
    delete_files_after_commit,
    mail_language,
    send_mail_by_language_after_commit,
)
from jalinmitra.core.selectors import audit_for_business
from jalinmitra.core.services import audit_event, audit_record
from jalinmitra.events.models import FollowUp, Meeting, MeetingRequest, Outcome, Participant
from jalinmitra.matching.models import MeetingInvitation
from jalinmitra.notifications import selectors as notifications
from jalinmitra.notifications.gateway import phone_international
from jalinmitra.notifications.models import Message
from jalinmitra.notifications.services import contact_details_erase
from jalinmitra.privacy import exports, selectors
from jalinmitra.privacy.choices import RequestStatus
from jalinmitra.privacy.models import REASON_MAX_LENGTH, RESPONSE_TIME, DeletionRequest

logger = logging.getLogger(__name__)

# The business fields that identify its owner as a person; blanked (owner_name: a placeholder).
BUSINESS_PERSON_FIELDS = ("owner_name", "owner_nik", "npwp", "whatsapp", "email", "address")
# Keys of an audit row's `changes` whose values are a person's identifiers.
PERSONAL_AUDIT_KEYS = set(BUSINESS_PERSON_FIELDS) | {
    "username",
    "full_name",
    "first_name",
    "last_name",
    "member",
    "organisation",
}
# Free text shorter than this is not searched for a name ("Sri" would hit "Sriwijaya").
NAME_MIN_LENGTH = 4
# Fields kept as they are while searching a row: the business's public name stays, and hashes
# are not text.
KEEP_FIELDS: dict[type[models.Model], set[str]] = {Business: {"name"}}
# How people are addressed in Indonesian ("Bu Rina", "Pak Budi", "Mbak Sri"): after one of these,
# a single word of a person's name is their name, even a short one.
ADDRESS_TERMS = (
    "bapak", "bpk", "pak", "ibu", "bu", "mbak", "mba", "mas", "kak", "kakak", "bang", "abang",
    "adik", "dik", "sdr", "sdri", "saudara", "saudari", "tuan", "nyonya", "ny", "nona", "teh",
    "akang", "kang", "uda", "uni", "om", "tante", "koh", "cik", "ci",
)  # fmt: skip
CALLED_MIN_LENGTH = 3
NOT_TEXT = {"token_hash", "signed_sha256", "token", "client_key", "guest_key"}
ERASED = "***"


def placeholder_for(request: DeletionRequest) -> str:
    return f"Dihapus atas permintaan #{request.pk}"


# --- finding a person's values in text --------------------------------------------------


def _digits_pattern(digits: str) -> str:
    """A number as people write it: the same digits, maybe split by spaces, dots or dashes."""
    return r"[\s.\-]?".join(re.escape(d) for d in digits)


def _number_pattern(value: str) -> re.Pattern | None:
    digits = re.sub(r"\D", "", value or "")
    if len(digits) < 8:
        return None
    return re.compile(r"(?<!\d)" + _digits_pattern(digits) + r"(?!\d)")


def _phone_pattern(value: str) -> re.Pattern | None:
    """+6281234567890, 6281234567890, 081234567890 and 0812-3456-7890 are the same number."""
    digits = re.sub(r"\D", "", value or "")
    national = digits[2:] if digits.startswith("62") else digits.lstrip("0")
    if len(national) < 8:
        return None
    return re.compile(r"(?<!\d)(?:\+?62[\s.\-]?|0)?" + _digits_pattern(national) + r"(?!\d)")


@dataclass
class _Scrubber:
    """Replaces a person's values in text and JSON, leaving protected phrases (business names)."""

    replacement: str
    patterns: list[re.Pattern] = field(default_factory=list)
    # A word of a name after a form of address ("Bu Rina"), one pattern per person; tried after
    # the whole values, so "Bu Rina Wati" loses the whole name, not only "Rina".
    called: list[re.Pattern] = field(default_factory=list)
    protected: set[str] = field(default_factory=set)

    def add_person(self, *, names=(), numbers=(), phones=(), emails=(), called=()) -> None:
        """`names`: values searched whole (names, addresses). `called`: people's names, also
        searched word by word after a form of address (ADDRESS_TERMS)."""
        for value in [*names, *called]:
            value = (value or "").strip()
            if len(value) >= NAME_MIN_LENGTH:
                word = r"(?<!\w)" + re.escape(value) + r"(?!\w)"
                self.patterns.append(re.compile(word, re.IGNORECASE))
        words = {
            word
            for value in called
            for word in re.findall(r"\w+", value or "")
            if len(word) >= CALLED_MIN_LENGTH and not word.isdigit()
        }
        if words:
            terms = "|".join(ADDRESS_TERMS)
            names = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
            self.called.append(
                re.compile(rf"(?<!\w)(?P<keep>(?:{terms})\.?\s+)(?:{names})(?!\w)", re.IGNORECASE)
            )
        for value in emails:
            if value:
                self.patterns.append(re.compile(re.escape(value), re.IGNORECASE))
        for pattern in [_number_pattern(v) for v in numbers] + [_phone_pattern(v) for v in phones]:
            if pattern is not None:
                self.patterns.append(pattern)

    def text(self, value: str) -> str:
        if not value or not isinstance(value, str):
            return value
        kept = {}
        for i, phrase in enumerate(sorted(self.protected, key=len, reverse=True)):
            if phrase and phrase in value:
                token = f"\x00{i}\x00"
                kept[token] = phrase
                value = value.replace(phrase, token)
        # Longest patterns first, so a full name goes before a part of it.
        for pattern in sorted(self.patterns, key=lambda p: len(p.pattern), reverse=True):
            value = pattern.sub(lambda _: self.replacement, value)
        for pattern in self.called:
            value = pattern.sub(lambda m: m["keep"] + self.replacement, value)
        for token, phrase in kept.items():
            value = value.replace(token, phrase)
        return value

    def json(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.json(v) for v in value]
        if isinstance(value, dict):
            return {k: self.json(v) for k, v in value.items()}
        return value


def _text_fields(model: type[models.Model]) -> list[models.Field]:
    keep = KEEP_FIELDS.get(model, set())
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, (models.CharField, models.TextField, models.JSONField))
        and not f.primary_key
        and not f.choices
        and f.name not in keep
        and f.name not in NOT_TEXT
    ]


def _scrub_rows(queryset: models.QuerySet, scrubber: _Scrubber) -> int:
    """Search every text and JSON field of the rows for the person's values; returns the number
    of rows changed. Saved with update() so the rows' own timestamps stay what they were."""
    model = queryset.model
    fields = _text_fields(model)
    changed_rows = 0
    for obj in queryset.select_related(None).only("pk", *(f.attname for f in fields)):
        changed = {}
        for f in fields:
            old = getattr(obj, f.attname)
            new = scrubber.json(old) if isinstance(f, models.JSONField) else scrubber.text(old)
            if new != old:
                changed[f.attname] = new[: f.max_length] if f.max_length else new
        if changed:
            model._default_manager.filter(pk=obj.pk).update(**changed, **_version_bump(model))
            changed_rows += 1
    return changed_rows


def _scrub_audit(queryset: models.QuerySet, scrubber: _Scrubber) -> None:
    """Old audit rows keep what happened and when, without the person's values."""
    for row in queryset:
        changes = {}
        for key, pair in (row.changes or {}).items():
            if key in PERSONAL_AUDIT_KEYS and isinstance(pair, list):
                changes[key] = [ERASED if v not in (None, "") else v for v in pair]
            else:
                changes[key] = scrubber.json(pair)
        fields = {
            "changes": changes,
            "object_repr": scrubber.text(row.object_repr)[:255],
            "actor_name": scrubber.text(row.actor_name)[:150],
        }
        if any(getattr(row, k) != v for k, v in fields.items()):
            type(row).objects.filter(pk=row.pk).update(**fields)


# --- erasing a business owner ------------------------------------------------------------


def _version_bump(model: type[models.Model]) -> dict:
    """A form opened before the erasure must not write the old values back (lost update): rows
    with a version field move to the next version."""
    if "version" in {f.name for f in model._meta.concrete_fields}:
        return {"version": models.F("version") + 1}
    return {}


def _owner_ids(businesses: models.QuerySet) -> list[int]:
    return list(
        User.objects.filter(
            membership__business__in=businesses, membership__role=MembershipRole.OWNER
        ).values_list("pk", flat=True)
    )


def _addresses_of(businesses: models.QuerySet) -> list[str]:
    """The businesses' email and WhatsApp number as a delivery records them (62…)."""
    found = []
    for email, whatsapp in businesses.values_list("email", "whatsapp"):
        found.append(email)
        try:
            found.append(phone_international(whatsapp))
        except ValueError:
            found.append(whatsapp)
    return [a for a in found if a]


def _notification_rows(user_ids: list[int], addresses=()) -> list[models.QuerySet]:
    """The notifications these people received or caused, their deliveries, preferences and
    the conversation messages they wrote."""
    return [
        notifications.notifications_about(user_ids=user_ids),
        notifications.deliveries_for(user_ids=user_ids, addresses=addresses),
        notifications.preferences_of(user_ids=user_ids),
        notifications.messages_by(user_ids=user_ids),
    ]


def _thread_messages(businesses: models.QuerySet) -> list[models.QuerySet]:
    """Every message of the conversations on the businesses' agreements, meeting requests,
    meetings and enquiries, whoever wrote it: the other party or an enquirer (through the
    private link) may quote the owner's name or number."""
    participants = Participant.objects.filter(business__in=businesses)
    agreements = selectors.agreements_of(businesses=businesses)
    return [
        notifications.messages_in_threads(targets=targets)
        for targets in (
            Agreement.objects.filter(pk__in=agreements.values("pk")),
            MeetingRequest.objects.filter(
                Q(from_participant__in=participants) | Q(to_participant__in=participants)
            ),
            Meeting.objects.filter(Q(seller__in=participants) | Q(buyer__in=participants)),
            Enquiry.objects.filter(business__in=businesses),
        )
    ]


def _message_audit(businesses: models.QuerySet) -> models.QuerySet:
    """The audit rows of those messages (their first words are the row's object_repr)."""
    ids: list[str] = []
    for messages in _thread_messages(businesses):
        ids += [str(pk) for pk in messages.values_list("pk", flat=True)]
    return AuditLog.objects.filter(object_type="notifications.message", object_id__in=ids)


def _rows_about(businesses: models.QuerySet) -> list[models.QuerySet]:
    participants = Participant.objects.filter(business__in=businesses)
    agreements = selectors.agreements_of(businesses=businesses)
    threads = _thread_messages(businesses)
    return [
        Business.objects.filter(pk__in=businesses.values("pk")),
        Offer.objects.filter(business__in=businesses),
        Need.objects.filter(business__in=businesses),
        Certification.objects.filter(business__in=businesses),
        Invitation.objects.filter(business__in=businesses),
        MeetingInvitation.objects.filter(
            Q(need__business__in=businesses) | Q(offer__business__in=businesses)
        ),
        MeetingRequest.objects.filter(
            Q(from_participant__in=participants) | Q(to_participant__in=participants)
        ),
        Outcome.objects.filter(
            Q(meeting__seller__in=participants) | Q(meeting__buyer__in=participants)
        ),
        FollowUp.objects.filter(participant__in=participants),
        Agreement.objects.filter(pk__in=agreements.values("pk")),
        AgreementVersion.objects.filter(agreement__in=agreements.values("pk")),
        # Enquiries to the businesses: the answer note is a copy of the owner's message, and
        # the buyer may have written her name or number (the buyer's own data stays).
        Enquiry.objects.filter(business__in=businesses),
        *threads,
        # Each party told of such a message got its words in their inbox.
        *[notifications.notifications_on(targets=messages) for messages in threads],
        *_notification_rows(_owner_ids(businesses), _addresses_of(businesses)),
    ]


def _scrubber_for(businesses, replacement: str) -> _Scrubber:
    scrubber = _Scrubber(replacement=replacement)
    for b in businesses:
        scrubber.add_person(
            names=[b.address],
            called=[b.owner_name],
            numbers=[b.owner_nik, b.npwp],
            phones=[b.whatsapp],
            emails=[b.email],
        )
    # Business names stay, also the counterparts' named in agreements and meetings.
    agreements = selectors.agreements_of(businesses=businesses)
    scrubber.protected.update(
        Business.objects.filter(
            Q(pk__in=businesses.values("pk"))
            | Q(agreements_as_small__in=agreements)
            | Q(agreements_as_large__in=agreements)
        ).values_list("name", flat=True)
    )
    return scrubber


def _erase_businesses(
    businesses: models.QuerySet, scrubber: _Scrubber, replacement: str
) -> list[int]:
    """Blank the owner's identifiers in the businesses and search them out of every row about
    the businesses; withdraw their offers and needs from matching. Returns the business ids."""
    ids = list(businesses.values_list("pk", flat=True))
    # Nothing more goes to the business's number or address (before the search below
    # rewrites the addresses it would be found by).
    contact_details_erase(addresses=_addresses_of(businesses))
    _scrub_audit(_message_audit(businesses), scrubber)
    for queryset in _rows_about(businesses):
        _scrub_rows(queryset, scrubber)
    Business.objects.filter(pk__in=ids).update(
        owner_name=replacement,
        owner_nik="",
        npwp="",
        whatsapp="",
        email="",
        address="",
        updated_at=timezone.now(),
        **_version_bump(Business),
    )
    Offer.objects.filter(business_id__in=ids).update(
        is_active=False, updated_at=timezone.now(), **_version_bump(Offer)
    )
    Need.objects.filter(business_id__in=ids).update(
        status=NeedStatus.CLOSED, updated_at=timezone.now(), **_version_bump(Need)
    )
    Invitation.objects.filter(business_id__in=ids).update(email="")
    # The withdrawn offers' photos have no purpose left (and may show the owner): removed, the
    # files once the erasure is committed.
    photos = OfferPhoto.objects.filter(offer__business_id__in=ids)
    names = list(photos.values_list("image", flat=True))
    business_hooks.offer_photos_deleting(photo_ids=list(photos.values_list("pk", flat=True)))
    photos.delete()
    delete_files_after_commit(names)
    return ids


# --- telling the person ------------------------------------------------------------------


def _emails_of(person: User | None, businesses) -> dict[str, list[str]]:
    """The addresses to tell, by the language of each mail: the person's own in theirs, a
    business's address in its owner's (businesses.selectors.business_mail_language). Read
    before the erasure, which blanks the addresses and closes the login."""
    from jalinmitra.businesses.selectors import business_mail_language

    found: dict[str, str] = {}
    if person is not None and person.email:
        found[person.email] = mail_language(person.language)
    for business in businesses.exclude(email=""):
        found.setdefault(business.email, business_mail_language(business=business))
    by_language: dict[str, list[str]] = {}
    for address, language in sorted(found.items()):
        by_language.setdefault(language, []).append(address)
    return by_language


def _notice_on_commit(*, to: dict[str, list[str]], text: Callable[[], tuple[str, str]]) -> None:
    """Mail the person once the change is committed, one mail per language (`text()` gives
    the subject and body in the active one); a mail server that is down never undoes the
    handling (the failure is logged). The addresses are kept nowhere after the mail is sent."""
    send_mail_by_language_after_commit(to=to, text=text, what="deletion request notice")


# --- the owner's side --------------------------------------------------------------------


def personal_data_export(*, actor: User) -> bytes:
    """The ZIP of everything held about `actor`; the audit trail notes that a copy left."""
    if not actor.is_authenticated:
        raise PermissionDenied(_("Masuk dulu untuk mengunduh data Anda."))
    content = exports.data_zip(selectors.personal_data(user=actor))
    audit_record(actor=actor, action="privacy.export", obj=actor)
    return content


def business_owner_data_export(*, actor: User, business: Business) -> bytes:
    """An officer hands a copy of the data to an owner who asked at the counter; audited."""
    if not actor.is_officer:
        raise PermissionDenied(_("Hanya petugas yang dapat mengunduh salinan data pemilik."))
    content = exports.data_zip(selectors.business_owner_data(business=business))
    audit_record(actor=actor, action="privacy.export_business", obj=business, business=business)
    return content


@transaction.atomic
def deletion_request_create(*, actor: User, reason: str = "") -> DeletionRequest:
    if not actor.is_authenticated or not actor.is_active:
        raise PermissionDenied(_("Masuk dulu untuk meminta penghapusan data Anda."))
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": _("Alasan paling banyak %(n)s karakter.") % {"n": REASON_MAX_LENGTH}}
        )
    User.objects.select_for_update().filter(pk=actor.pk).first()
    if DeletionRequest.objects.filter(requested_by=actor, status=RequestStatus.PENDING).exists():
        raise ValidationError(
            _("Anda sudah punya permintaan hapus data yang sedang diproses petugas."),
            code="duplicate",
        )
    now = timezone.now()
    request = DeletionRequest.objects.create(
        requested_by=actor, reason=reason, created_at=now, due_at=now + RESPONSE_TIME
    )
    audit_record(
        actor=actor,
        action="privacy.request",
        obj=request,
        changes={"status": [None, request.status]},
    )
    return request


# --- the officer's side ------------------------------------------------------------------


@transaction.atomic
def deletion_request_record(
    *, actor: User, business: Business, reason: str = ""
) -> DeletionRequest:
    """An owner asks at the office counter (many micro owners have no login): the officer, having
    checked their KTP against the business's owner, records the request for that business. If
    the business has one owner login, the request is that login's, so it is closed too."""
    if not actor.is_officer:
        raise PermissionDenied(_("Hanya petugas yang dapat mencatat permintaan di loket."))
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": _("Alasan paling banyak %(n)s karakter.") % {"n": REASON_MAX_LENGTH}}
        )
    Business.objects.select_for_update().filter(pk=business.pk).first()
    owners = list(selectors.owner_logins_of(business=business))
    person = owners[0] if len(owners) == 1 else None
    pending = DeletionRequest.objects.filter(status=RequestStatus.PENDING).filter(
        Q(business=business) | Q(requested_by=person) if person else Q(business=business)
    )
    if pending.exists():
        raise ValidationError(
            _("Sudah ada permintaan hapus data untuk usaha ini yang sedang diproses."),
            code="duplicate",
        )
    now = timezone.now()
    request = DeletionRequest.objects.create(
        requested_by=person,
        business=business,
        recorded_by=actor,
        reason=reason,
        created_at=now,
        due_at=now + RESPONSE_TIME,
    )
    audit_record(
        actor=actor,
        action="privacy.request_record",
        obj=request,
        business=business,
        changes={"status": [None, request.status]},
    )
    return request


def _require_handler(actor: User, request: DeletionRequest) -> None:
    if not actor.is_officer:
        raise PermissionDenied(_("Hanya petugas yang menangani permintaan hapus data."))
    if request.requested_by_id == actor.pk:
        raise PermissionDenied(_("Permintaan Anda sendiri ditangani petugas lain."))


def _lock_pending(request: DeletionRequest) -> DeletionRequest:
    locked = DeletionRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != RequestStatus.PENDING:
        raise ValidationError(_("Permintaan ini sudah ditangani."), code="state")
    return locked


@dataclass
class AnonymiseResult:
    businesses: int
    agreements_kept: int


@transaction.atomic
def deletion_request_anonymise(*, actor: User, request: DeletionRequest) -> AnonymiseResult:
    """Carry out a deletion request: the person's identifiers are replaced everywhere the law
    does not require them; their login is closed. Agreements stay, naming the business."""
    _require_handler(actor, request)
    request = _lock_pending(request)
    person = (
        User.objects.select_for_update().get(pk=request.requested_by_id)
        if request.requested_by_id
        else None
    )
    replacement = placeholder_for(request)
    owned = selectors.businesses_of_request(request=request)
    scrubber = _scrubber_for(owned, replacement)
    if person is not None:
        scrubber.add_person(
            names=[person.first_name, person.last_name],
            called=[person.full_name, person.get_full_name()],
            emails=[person.email],
        )
    agreements_kept = selectors.agreements_of(businesses=owned).count()
    audit_rows = selectors.audit_about(user=person, businesses=owned)
    emails = _emails_of(person, owned)
    if person is not None:
        contact_details_erase(user_ids=[person.pk], addresses=[person.email])
    business_ids = _erase_businesses(owned, scrubber, replacement)
    if person is not None:
        for queryset in _notification_rows([person.pk]):
            _scrub_rows(queryset, scrubber)
    _scrub_audit(audit_rows, scrubber)
    _scrub_rows(
        DeletionRequest.objects.filter(
            Q(pk=request.pk) | Q(requested_by=person) if person else Q(pk=request.pk)
        ),
        scrubber,
    )
    if person is not None:
        AuditLog.objects.filter(actor=person).update(actor_name=replacement)
        AuditLog.objects.filter(
            object_type=User._meta.label_lower, object_id=str(person.pk)
        ).update(object_repr=replacement)
        person.username = f"dihapus-{request.pk}"
        person.full_name = replacement
        person.first_name = person.last_name = person.email = person.organisation = ""
        person.is_active = False
        person.set_unusable_password()
        person.save()

    request.status = RequestStatus.DONE
    request.handled_at = timezone.now()
    request.handled_by = actor
    request.save(update_fields=["status", "handled_at", "handled_by"])
    for business in Business.objects.filter(pk__in=business_ids):
        audit_record(
            actor=actor,
            action="business.anonymise",
            obj=business,
            business=business,
            changes={"owner": [ERASED, replacement]},
        )
    audit_record(
        actor=actor,
        action="privacy.anonymise",
        obj=request,
        changes={
            "status": [RequestStatus.PENDING, RequestStatus.DONE],
            "businesses": [None, len(business_ids)],
            "agreements_kept": [None, agreements_kept],
        },
    )
    _notice_on_commit(
        to=emails,
        text=lambda: (
            _("Permintaan hapus data Anda sudah diproses"),
            _(
                "Permintaan hapus data Anda (nomor %(id)s) sudah diproses. Nama, NIK, nomor "
                "WhatsApp, email, dan alamat Anda sudah dihapus dari JalinMitra, dan akun Anda "
                "ditutup. Perjanjian kemitraan yang sudah dibuat tetap disimpan sesuai hukum, "
                "tanpa identitas pribadi Anda.\n\nEmail ini adalah pesan terakhir yang kami "
                "kirim ke alamat ini."
            )
            % {"id": request.pk},
        ),
    )
    return AnonymiseResult(businesses=len(business_ids), agreements_kept=agreements_kept)


@transaction.atomic
def deletion_request_refuse(*, actor: User, request: DeletionRequest, reason: str) -> None:
    """Refuse with a reason the owner reads (e.g. the data is needed for a running agreement)."""
    _require_handler(actor, request)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasan penolakan untuk pemohon.")})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": _("Alasan paling banyak %(n)s karakter.") % {"n": REASON_MAX_LENGTH}}
        )
    request = _lock_pending(request)
    request.status = RequestStatus.REFUSED
    request.refusal_reason = reason
    request.handled_at = timezone.now()
    request.handled_by = actor
    request.save(update_fields=["status", "refusal_reason", "handled_at", "handled_by"])
    audit_record(
        actor=actor,
        action="privacy.refuse",
        obj=request,
        changes={"status": [RequestStatus.PENDING, RequestStatus.REFUSED]},
    )
    _notice_on_commit(
        to=_emails_of(request.requested_by, selectors.businesses_of_request(request=request)),
        text=lambda: (
            _("Permintaan hapus data Anda tidak dapat dipenuhi"),
            _(
                "Permintaan hapus data Anda (nomor %(id)s) tidak dapat dipenuhi saat ini.\n\n"
                "Alasan dari petugas: %(reason)s\n\nAnda dapat menghubungi kantor pelayanan "
                "bila ada pertanyaan."
            )
            % {"id": request.pk, "reason": reason},
        ),
    )


@transaction.atomic
def business_nik_reveal(*, actor: User, business: Business) -> str:
    """An officer sees a business owner's full NIK; UU PDP wants a trace of who looked."""
    if not actor.is_officer:
        raise PermissionDenied(_("Hanya petugas yang dapat melihat NIK lengkap."))
    audit_record(actor=actor, action="business.nik_view", obj=business, business=business)
    return business.owner_nik


# --- retention ---------------------------------------------------------------------------


@dataclass
class RetentionReport:
    deleted: int = 0
    anonymised: int = 0


def retention_candidates(*, now=None, days: int | None = None) -> models.QuerySet[Business]:
    """Unverified drafts nobody has touched for `days` (PRIVACY_RETENTION_UNVERIFIED_DAYS)."""
    now = now or timezone.now()
    days = settings.PRIVACY_RETENTION_UNVERIFIED_DAYS if days is None else days
    return Business.objects.filter(
        status__in=[VerificationStatus.DRAFT, VerificationStatus.RETURNED],
        updated_at__lt=now - timedelta(days=days),
    ).exclude(owner_nik="", owner_name__startswith="Dihapus ")


@transaction.atomic
def retention_apply(*, now=None, days: int | None = None) -> RetentionReport:
    """Erase unverified drafts past the retention period: deleted when nothing refers to them,
    otherwise (an agreement or a temu usaha keeps them) their owner's identifiers are erased."""
    report = RetentionReport()
    for business in retention_candidates(now=now, days=days).select_for_update():
        one = Business.objects.filter(pk=business.pk)
        replacement = "Dihapus oleh aturan retensi"
        scrubber = _scrubber_for(one, replacement)
        _scrub_audit(audit_for_business(business=business), scrubber)
        photos = list(
            OfferPhoto.objects.filter(offer__business=business).values_list("image", flat=True)
        )
        try:
            with transaction.atomic():
                business_hooks.offer_photos_deleting(
                    photo_ids=list(
                        OfferPhoto.objects.filter(offer__business=business).values_list(
                            "pk", flat=True
                        )
                    )
                )
                business_id = business.pk
                business.delete()
        except ProtectedError:
            _erase_businesses(one, scrubber, replacement)
            audit_record(
                actor=None,
                action="business.anonymise",
                obj=business,
                business=business,
                changes={"owner": [ERASED, replacement], "retention": [None, True]},
            )
            report.anonymised += 1
        else:
            delete_files_after_commit(photos)
            audit_event(
                actor=None,
                action="privacy.retention_delete",
                subject=f"Usaha #{business_id} (draf tidak terverifikasi) dihapus",
                details={"business_id": business_id},
            )
            report.deleted += 1
    return report


# --- enquirers (the public catalogue) ------------------------------------------------------


def enquiry_retention_days() -> int:
    """An enquiry is a sales lead: the default year (settings) covers a buying season that comes
    round once a year (Lebaran, the school year, harvests) and the business's follow-up on it.
    After that the enquirer's name and contact have served their purpose; the enquiry stays
    without them."""
    return int(settings.PRIVACY_RETENTION_ENQUIRY_DAYS)


def enquiry_scrub(*, enquiry: Enquiry, replacement: str, bodies: bool) -> None:
    """catalogue.services.enquiry_erasing: the enquirer's name, number and email searched out of
    what others wrote about the enquiry (the business's replies and answer note, the inbox
    notifications of the conversation, the audit rows of the enquiry and its messages). The
    enquiry's own named fields are the catalogue's to blank. `bodies` needs nothing more here:
    the catalogue replaces the enquirer's own messages whole."""
    scrubber = _Scrubber(replacement=replacement)
    scrubber.add_person(called=[enquiry.name], phones=[enquiry.phone], emails=[enquiry.email])
    scrubber.protected.add(enquiry.business.name)
    one = Enquiry.objects.filter(pk=enquiry.pk)
    messages = notifications.messages_in_threads(targets=one)
    message_ids = [str(pk) for pk in messages.values_list("pk", flat=True)]
    _scrub_audit(
        AuditLog.objects.filter(
            Q(object_type=Enquiry._meta.label_lower, object_id=str(enquiry.pk))
            | Q(object_type=Message._meta.label_lower, object_id__in=message_ids)
        ),
        scrubber,
    )
    for rows in (
        one,
        messages,
        notifications.notifications_on(targets=one),
        notifications.notifications_on(targets=messages),
    ):
        _scrub_rows(rows, scrubber)


def enquiry_retention_candidates(*, now=None, days: int | None = None) -> models.QuerySet[Enquiry]:
    """Enquiries not erased yet whose last activity (sent, answered, closed, or the latest
    message in its conversation) is `days` or more ago (PRIVACY_RETENTION_ENQUIRY_DAYS)."""
    now = now or timezone.now()
    days = enquiry_retention_days() if days is None else days
    last_message = Message.objects.filter(
        thread__content_type__app_label=Enquiry._meta.app_label,
        thread__content_type__model=Enquiry._meta.model_name,
        thread__object_id=OuterRef("pk"),
    ).order_by("-created_at")
    return (
        Enquiry.objects.filter(erased_at__isnull=True)
        .annotate(
            last_active=Greatest(
                "created_at",
                Coalesce("answered_at", "created_at"),
                Coalesce("closed_at", "created_at"),
                Coalesce(Subquery(last_message.values("created_at")[:1]), "created_at"),
            )
        )
        .filter(last_active__lte=now - timedelta(days=days))
    )


@transaction.atomic
def enquiry_retention_apply(*, now=None, days: int | None = None) -> int:
    """Erase the enquirer's name and contact from enquiries past the retention period, in place
    (catalogue.services.enquiry_personal_erase); each one audited. Running it again erases
    nothing more. Returns how many were erased."""
    erased = 0
    for enquiry in enquiry_retention_candidates(now=now, days=days).select_related("business"):
        if catalogue.enquiry_personal_erase(enquiry=enquiry, reason=catalogue.ERASE_RETENTION):
            erased += 1
    return erased

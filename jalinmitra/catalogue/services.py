"""Writes of the catalogue: contact consent, enquiries and their handling, signature products.
Each is atomic and leaves an audit row; mail goes after the commit (core/notify.py)."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jalinmitra.businesses.models import Business, Offer
from jalinmitra.businesses.selectors import business_mail_language, is_member
from jalinmitra.catalogue.choices import CONTACT_CONSENT_VERSION, EnquiryStatus
from jalinmitra.catalogue.models import (
    ANSWER_MAX,
    MESSAGE_MAX,
    NAME_MAX,
    REPLY_MAX,
    STORY_MAX,
    ContactConsent,
    Enquiry,
    SignatureProduct,
    new_token,
)
from jalinmitra.catalogue.selectors import public_offer_q, valid_certification_q
from jalinmitra.core.identifiers import normalize_whatsapp
from jalinmitra.core.limits import too_long_message
from jalinmitra.core.notify import (
    mail_language,
    send_mail_after_commit,
    send_mail_by_language_after_commit,
)
from jalinmitra.core.selectors import city_current
from jalinmitra.core.services import audit_record

if TYPE_CHECKING:
    from jalinmitra.accounts.models import User
    from jalinmitra.notifications.models import Message

# A flood from one address: at most this many enquiries per hour are stored.
ENQUIRIES_PER_HOUR = 5
QUANTITY_MAX = 60
# Markup in a message is refused rather than stored: pages escape it anyway, but an enquiry
# is also mailed and may be pasted elsewhere.
_MARKUP = re.compile(r"<\s*[a-zA-Z!/?]|javascript:", re.IGNORECASE)


def _forbid(message: str) -> PermissionDenied:
    return PermissionDenied(message)


def _owner_check(actor: User, business: Business) -> None:
    if not is_member(actor, business.pk):
        raise _forbid(_("Hanya pemilik atau staf usaha ini yang dapat mengubah persetujuan ini."))


# --- contact consent -------------------------------------------------------------------------


@transaction.atomic
def contact_consent_give(*, actor: User, business: Business) -> ContactConsent:
    """The owner agrees to show the business's WhatsApp and email in the public catalogue."""
    _owner_check(actor, business)
    Business.objects.select_for_update().filter(pk=business.pk).first()
    live = ContactConsent.objects.filter(business=business, withdrawn_at__isnull=True).first()
    if live is not None and live.version == CONTACT_CONSENT_VERSION:
        return live
    now = timezone.now()
    if live is not None:  # agreed to an older statement: that one ends, the new one starts
        live.withdrawn_at = now
        live.withdrawn_by = actor
        live.save(update_fields=["withdrawn_at", "withdrawn_by"])
    consent = ContactConsent.objects.create(
        business=business, version=CONTACT_CONSENT_VERSION, given_at=now, given_by=actor
    )
    audit_record(
        actor=actor,
        action="catalogue.contact_consent",
        obj=consent,
        business=business,
        changes={"version": [live.version if live else None, CONTACT_CONSENT_VERSION]},
    )
    return consent


@transaction.atomic
def contact_consent_withdraw(*, actor: User, business: Business) -> ContactConsent | None:
    """The owner withdraws it: from now on no contact detail of the business is public."""
    _owner_check(actor, business)
    live = (
        ContactConsent.objects.select_for_update()
        .filter(business=business, withdrawn_at__isnull=True)
        .first()
    )
    if live is None:
        raise ValidationError(_("Tidak ada persetujuan yang berlaku untuk ditarik."), code="state")
    live.withdrawn_at = timezone.now()
    live.withdrawn_by = actor
    live.save(update_fields=["withdrawn_at", "withdrawn_by"])
    audit_record(
        actor=actor,
        action="catalogue.contact_withdraw",
        obj=live,
        business=business,
        changes={"withdrawn_at": [None, live.withdrawn_at]},
    )
    return live


# --- enquiries -------------------------------------------------------------------------------


def client_key(address: str) -> str:
    """A keyed hash of the sender's address: enough to count a flood, not to know who sent."""
    return hmac.new(
        settings.SECRET_KEY.encode(), (address or "unknown").encode(), hashlib.sha256
    ).hexdigest()


def enquiry_clean(data: dict[str, Any]) -> dict[str, Any]:
    """The enquiry form's values checked; every problem at once, in Indonesian."""
    errors: dict[str, str] = {}
    name = " ".join(str(data.get("name") or "").split())
    phone = str(data.get("phone") or "").strip()
    email = str(data.get("email") or "").strip()
    message = str(data.get("message") or "").strip()
    quantity = " ".join(str(data.get("quantity") or "").split())
    if not name:
        errors["name"] = _("Nama wajib diisi.")
    elif len(name) > NAME_MAX:
        errors["name"] = too_long_message(NAME_MAX, len(name))
    if not message:
        errors["message"] = _("Tulis pesan Anda, misalnya jumlah dan waktu yang dibutuhkan.")
    elif len(message) > MESSAGE_MAX:
        errors["message"] = too_long_message(MESSAGE_MAX, len(message))
    if len(quantity) > QUANTITY_MAX:
        errors["quantity"] = too_long_message(QUANTITY_MAX, len(quantity))
    for key, value in (("name", name), ("message", message), ("quantity", quantity)):
        if value and _MARKUP.search(value) and key not in errors:
            errors[key] = _("Tidak boleh berisi kode atau tag HTML (tanda < dan >).")
    if phone:
        try:
            phone = normalize_whatsapp(phone)
        except ValueError:
            errors["phone"] = _("Nomor HP tidak dikenali; tulis seperti 0812 3456 7890.")
    if email:
        if len(email) > 120:
            errors["email"] = too_long_message(120, len(email))
        else:
            try:
                validate_email(email)
            except ValidationError:
                errors["email"] = _("Alamat email tidak valid.")
    if not phone and not email and "phone" not in errors:
        errors["phone"] = _("Isi nomor HP atau email agar penjual dapat menjawab.")
    if errors:
        raise ValidationError(errors, code="invalid")
    return {"name": name, "phone": phone, "email": email, "message": message, "quantity": quantity}


def _enquiry_mail(enquiry: Enquiry) -> None:
    """The notice to the business's address (in its owner's language) and its officer (in
    theirs): one mail per language."""
    offer, business = enquiry.offer, enquiry.business
    inbox = settings.SITE_URL + reverse("catalogue:inbox", args=[business.pk])
    by_language: dict[str, list[str]] = {}
    if business.email:
        by_language.setdefault(business_mail_language(business=business), []).append(business.email)
    officer = business.verified_by or business.created_by
    if officer is not None and officer.is_officer and officer.email:
        by_language.setdefault(mail_language(officer.language), []).append(officer.email)

    def text() -> tuple[str, str]:
        subject = _("Permintaan informasi baru: %(product)s") % {"product": offer.title}
        body = _(
            "Ada permintaan informasi baru untuk %(product)s (%(business)s) dari katalog.\n\n"
            "Baca dan jawab di kotak masuk: %(url)s\n"
        ) % {"product": offer.title, "business": business.name, "url": inbox}
        return subject, body

    send_mail_by_language_after_commit(to=by_language, text=text, what="enquiry notice")
    _enquiry_notify(enquiry)


def _enquiry_notify(enquiry: Enquiry) -> None:
    """The seller's members: the inbox, and email or WhatsApp by their preferences."""
    from jalinmitra.businesses.models import Membership
    from jalinmitra.notifications.services import notify

    business = enquiry.business
    members = list(
        Membership.objects.filter(business=business, user__is_active=True).select_related("user")
    )
    notify(
        event="enquiry.received",
        recipients=[m.user for m in members],
        context={
            "name": enquiry.name,
            "product": enquiry.offer.title,
            "message": enquiry.message[:300],
        },
        url=reverse("catalogue:inbox", args=[business.pk]),
        target=enquiry,
        phones={m.user_id: business.whatsapp for m in members if business.whatsapp},
    )


@transaction.atomic
def enquiry_create(
    *, offer: Offer, data: dict[str, Any], client_address: str, trap: str = ""
) -> Enquiry:
    """A buyer's enquiry from the public product page. Refused (and nothing stored) when the
    hidden trap field is filled, the input is wrong, or the address sent too many this hour."""
    if trap:
        raise ValidationError(_("Pesan tidak dapat dikirim."), code="spam")
    if not Offer.objects.filter(public_offer_q(), pk=offer.pk).exists():
        raise ValidationError(_("Produk ini tidak lagi tersedia di katalog."), code="state")
    clean = enquiry_clean(data)
    key = client_key(client_address)
    since = timezone.now() - datetime.timedelta(hours=1)
    if Enquiry.objects.filter(client_key=key, created_at__gte=since).count() >= (
        ENQUIRIES_PER_HOUR
    ):
        raise ValidationError(
            _(
                "Terlalu banyak pesan dari alamat Anda dalam satu jam terakhir. "
                "Silakan coba lagi nanti atau hubungi penjual langsung."
            ),
            code="rate_limited",
        )
    language = (translation.get_language() or "").split("-")[0]
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    enquiry = Enquiry.objects.create(
        offer=offer, business=offer.business, client_key=key, language=language, **clean
    )
    # The audit row names the product, not the sender (no personal data in the trail).
    audit_record(
        actor=None,
        action="catalogue.enquiry_create",
        obj=enquiry,
        business=offer.business,
        changes={"offer": [None, offer.title]},
    )
    _enquiry_mail(enquiry)
    _buyer_mail(
        enquiry,
        text=lambda: (
            _("Pesan Anda untuk %(business)s") % {"business": offer.business.name},
            _(
                "Pesan Anda tentang %(product)s sudah dikirim ke %(business)s. Balasan penjual "
                "dapat dibaca dan dijawab di tautan pribadi ini (jangan dibagikan):"
            )
            % {"product": offer.title, "business": offer.business.name},
        ),
    )
    return enquiry


def enquiry_link(enquiry: Enquiry) -> str:
    """The buyer's private link to the enquiry's conversation."""
    return settings.SITE_URL + reverse("catalogue:conversation", args=[enquiry.token])


def _buyer_mail(enquiry: Enquiry, *, text: Callable[[], tuple[str, str]]) -> None:
    """Mail the buyer (no account) their link, in the language they wrote in: `text()` gives
    the subject and the lead in the active language."""
    if enquiry.email:
        with translation.override(enquiry.language):
            subject, lead = text()
        send_mail_after_commit(
            subject=subject,
            body=f"{lead}\n\n{enquiry_link(enquiry)}\n",
            to=[enquiry.email],
            what="enquiry buyer link",
        )


# The buyer's side, through the private link: a conversation, not a flood.
REPLIES_PER_HOUR = 10


@transaction.atomic
def enquiry_buyer_reply(*, enquiry: Enquiry, body: str, client_address: str) -> Message:
    """The buyer answers in the conversation through the private link (the token was checked
    by whoever found `enquiry`): a guest message in the enquiry's notifications thread. Text
    only, at most REPLY_MAX characters, no markup, at most REPLIES_PER_HOUR per enquiry and
    per address; not once the enquiry is closed."""
    from jalinmitra.notifications.selectors import guest_messages
    from jalinmitra.notifications.services import guest_message_post

    Enquiry.objects.select_for_update().filter(pk=enquiry.pk).first()
    body = (body or "").strip()
    if enquiry.status == EnquiryStatus.CLOSED:
        raise ValidationError(_("Percakapan ini sudah ditutup oleh penjual."), code="state")
    if enquiry.erased_at is not None:
        raise ValidationError(_("Data Anda pada pesan ini sudah dihapus."), code="state")
    if not body:
        raise ValidationError({"body": _("Tulis pesannya.")}, code="required")
    if len(body) > REPLY_MAX:
        raise ValidationError({"body": too_long_message(REPLY_MAX, len(body))}, code="long")
    if _MARKUP.search(body):
        raise ValidationError(
            {"body": _("Tidak boleh berisi kode atau tag HTML (tanda < dan >).")}, code="invalid"
        )
    key = client_key(client_address)
    since = timezone.now() - datetime.timedelta(hours=1)
    if (
        guest_messages(target=enquiry).filter(created_at__gte=since).count() >= REPLIES_PER_HOUR
        or guest_messages(guest_key=key).filter(created_at__gte=since).count() >= REPLIES_PER_HOUR
    ):
        raise ValidationError(
            _("Terlalu banyak pesan dalam satu jam terakhir. Silakan coba lagi nanti."),
            code="rate_limited",
        )
    message = guest_message_post(
        target=enquiry,
        name=enquiry.name,
        body=body,
        guest_key=key,
        url=reverse("catalogue:enquiry_detail", args=[enquiry.pk]),
    )
    # Back in the inbox as unread: the buyer has written again.
    Enquiry.objects.filter(pk=enquiry.pk).update(read_at=None)
    enquiry.read_at = None
    audit_record(
        actor=None,
        action="catalogue.enquiry_buyer_reply",
        obj=enquiry,
        business=enquiry.business,
        changes={"replies": [None, guest_messages(target=enquiry).count()]},
    )
    return message


def _handler_check(actor: User, enquiry: Enquiry) -> None:
    if not (actor.is_authenticated and (actor.is_officer or is_member(actor, enquiry.business_id))):
        raise _forbid(_("Hanya pemilik usaha ini atau petugas yang dapat menangani pesan ini."))


@transaction.atomic
def enquiry_mark_read(*, actor: User, enquiry: Enquiry) -> Enquiry:
    _handler_check(actor, enquiry)
    if enquiry.read_at is None:
        enquiry.read_at = timezone.now()
        enquiry.save(update_fields=["read_at"])
        audit_record(
            actor=actor,
            action="catalogue.enquiry_read",
            obj=enquiry,
            business=enquiry.business,
            changes={"read_at": [None, enquiry.read_at]},
        )
    return enquiry


@transaction.atomic
def enquiry_answer(*, actor: User, enquiry: Enquiry, answer: str) -> Enquiry:
    """Record that the business answered (and a note of what it said)."""
    _handler_check(actor, enquiry)
    answer = (answer or "").strip()
    if enquiry.status == EnquiryStatus.CLOSED:
        raise ValidationError(_("Pesan ini sudah ditutup."), code="state")
    if not answer:
        raise ValidationError({"answer": _("Tulis catatan jawaban Anda.")}, code="required")
    if len(answer) > ANSWER_MAX:
        raise ValidationError({"answer": too_long_message(ANSWER_MAX, len(answer))}, code="long")
    now = timezone.now()
    old = enquiry.status
    enquiry.answer = answer
    enquiry.status = EnquiryStatus.ANSWERED
    enquiry.answered_at = now
    enquiry.read_at = enquiry.read_at or now
    enquiry.handled_by = actor
    enquiry.save(update_fields=["answer", "status", "answered_at", "read_at", "handled_by"])
    audit_record(
        actor=actor,
        action="catalogue.enquiry_answer",
        obj=enquiry,
        business=enquiry.business,
        changes={"status": [old, enquiry.status]},
    )
    # The answer goes into the enquiry's conversation, which the buyer reads through the link.
    from jalinmitra.notifications.services import message_post

    message_post(
        actor=actor,
        target=enquiry,
        body=answer,
        url=reverse("catalogue:enquiry_detail", args=[enquiry.pk]),
    )
    _buyer_mail(
        enquiry,
        text=lambda: (
            _("Balasan dari %(business)s") % {"business": enquiry.business.name},
            _("%(business)s membalas pesan Anda tentang %(product)s. Baca dan jawab di sini:")
            % {"business": enquiry.business.name, "product": enquiry.offer.title},
        ),
    )
    return enquiry


@transaction.atomic
def enquiry_close(*, actor: User, enquiry: Enquiry) -> Enquiry:
    _handler_check(actor, enquiry)
    if enquiry.status == EnquiryStatus.CLOSED:
        raise ValidationError(_("Pesan ini sudah ditutup."), code="state")
    now = timezone.now()
    old = enquiry.status
    enquiry.status = EnquiryStatus.CLOSED
    enquiry.closed_at = now
    enquiry.read_at = enquiry.read_at or now
    enquiry.handled_by = actor
    enquiry.save(update_fields=["status", "closed_at", "read_at", "handled_by"])
    audit_record(
        actor=actor,
        action="catalogue.enquiry_close",
        obj=enquiry,
        business=enquiry.business,
        changes={"status": [old, enquiry.status]},
    )
    return enquiry


# --- the enquirer's data (UU PDP 27/2022) -----------------------------------------------------

# What stays in place of the enquirer's name and of their messages once erased.
ERASED_NAME = "Dihapus"
ERASED_BODY = "Pesan dihapus atas permintaan pengirim."
ERASE_REQUEST = "request"
ERASE_RETENTION = "retention"
# An officer's erasure for an enquirer who asked outside the private link: how the request came
# in and how the officer knew it was them, in a note of at most this many characters.
ERASE_NOTE_MAX = 300

# Higher apps add what they erase besides the enquiry's own fields: each is called with
# `enquiry` (its values still there), `replacement` (the text to put in their place) and
# `bodies` (whether the enquirer's own messages go too). The privacy app (AppConfig.ready)
# searches the name, number and email out of the business's replies, the inbox notifications
# and the audit rows of the conversation.
enquiry_erasing: list[Callable[..., None]] = []


@transaction.atomic
def enquiry_personal_erase(
    *,
    enquiry: Enquiry,
    reason: str,
    bodies: bool = False,
    actor: User | None = None,
    note: str = "",
) -> bool:
    """Erase the enquirer's name and contact from an enquiry, in place: the enquiry stays (its
    product, business, dates and status: a lead in the programme's figures), the name becomes
    ERASED_NAME, the phone, email and the keyed hashes of their address go, and so does their
    name on their replies; the private link stops working (a new token nobody knows). With
    `bodies`, their own messages go too (the first one and every reply). Nothing is mailed,
    to anyone. Returns False (and changes nothing) when the enquiry
    was erased before. The caller checks who may ask; an officer acting on the enquirer's
    request is the audit row's `actor`, with their `note`."""
    from jalinmitra.notifications.selectors import guest_messages, notifications_on

    locked = Enquiry.objects.select_for_update().filter(pk=enquiry.pk).first()
    if locked is None or locked.erased_at is not None:
        return False
    for hook in enquiry_erasing:
        hook(enquiry=locked, replacement=ERASED_NAME, bodies=bodies)
    now = timezone.now()
    guest = guest_messages(target=locked)
    notices = notifications_on(targets=Enquiry.objects.filter(pk=locked.pk)) | notifications_on(
        targets=guest
    )
    if bodies:
        guest.update(guest_name=ERASED_NAME, guest_key="", body=ERASED_BODY)
        # The members' inbox copies of her words ("… menulis: …") go with them.
        notices.update(body=ERASED_BODY, context={})
    else:
        guest.update(guest_name=ERASED_NAME, guest_key="")
    Enquiry.objects.filter(pk=locked.pk).update(
        name=ERASED_NAME,
        phone="",
        email="",
        client_key="",
        erased_at=now,
        # The private link stops working: nobody reads the conversation through it any more.
        token=new_token(),
        **({"message": ERASED_BODY} if bodies else {}),
    )
    enquiry.refresh_from_db()
    changes = {"enquirer": ["***", ERASED_NAME], "reason": [None, reason]}
    if note:
        changes["note"] = [None, note]
    audit_record(
        actor=actor,
        action="catalogue.enquiry_erase",
        obj=enquiry,
        business=enquiry.business,
        changes=changes,
    )
    return True


@transaction.atomic
def enquiry_buyer_erase(*, enquiry: Enquiry, confirm: bool) -> Enquiry:
    """The enquirer erases their data through the private link (the token was checked by whoever
    found `enquiry`; it is the only proof they have): their name, contact and messages go now,
    the conversation is closed and the link stops working. Nobody is told by the erased
    contact. Irreversible, so only with `confirm`."""
    if not confirm:
        raise ValidationError(
            _("Centang pernyataan bahwa Anda mengerti data tidak dapat dikembalikan."),
            code="required",
        )
    if enquiry.erased_at is not None:
        raise ValidationError(_("Data Anda pada pesan ini sudah dihapus."), code="state")
    if not enquiry_personal_erase(enquiry=enquiry, reason=ERASE_REQUEST, bodies=True):
        raise ValidationError(_("Data Anda pada pesan ini sudah dihapus."), code="state")
    return _erased_close(enquiry, actor=None)


@transaction.atomic
def enquiry_officer_erase(*, actor: User, enquiry: Enquiry, confirm: bool, note: str) -> Enquiry:
    """An officer erases an enquirer's data at their request made outside the private link
    (by phone, at the counter, in writing: an enquirer who lost the link has no other way).
    The officer checks who asks first and says how in `note` (required, at most
    ERASE_NOTE_MAX characters; audited with the officer's name). The effect is the
    enquirer's own erasure's: name, contact and messages go, the conversation is closed, the
    enquiry stays as a lead. Irreversible, so only with `confirm`."""
    if not (actor.is_authenticated and actor.is_officer):
        raise _forbid(_("Hanya petugas yang dapat menghapus data pengirim atas permintaannya."))
    note = (note or "").strip()
    errors: dict[str, str] = {}
    if not note:
        errors["note"] = _(
            "Tulis bagaimana permintaan itu diterima dan bagaimana Anda memastikan pemintanya."
        )
    elif len(note) > ERASE_NOTE_MAX:
        errors["note"] = too_long_message(ERASE_NOTE_MAX, len(note))
    if not confirm:
        errors["confirm"] = _("Centang pernyataan bahwa data tidak dapat dikembalikan.")
    if errors:
        raise ValidationError(errors, code="invalid")
    if not enquiry_personal_erase(
        enquiry=enquiry, reason=ERASE_REQUEST, bodies=True, actor=actor, note=note
    ):
        raise ValidationError(_("Data pengirim pesan ini sudah dihapus."), code="state")
    return _erased_close(enquiry, actor=actor)


def _erased_close(enquiry: Enquiry, *, actor: User | None) -> Enquiry:
    """After an erasure on request: the conversation is closed (audited if it was open)."""
    old = enquiry.status
    now = timezone.now()
    Enquiry.objects.filter(pk=enquiry.pk).update(
        status=EnquiryStatus.CLOSED, closed_at=enquiry.closed_at or now
    )
    enquiry.refresh_from_db()
    if old != EnquiryStatus.CLOSED:
        audit_record(
            actor=actor,
            action="catalogue.enquiry_close",
            obj=enquiry,
            business=enquiry.business,
            changes={"status": [old, enquiry.status]},
        )
    return enquiry


# --- signature products (produk unggulan) ----------------------------------------------------


def _officer_check(actor: User) -> None:
    if not (actor.is_authenticated and actor.is_officer):
        raise _forbid(_("Hanya petugas yang dapat menetapkan produk unggulan."))


def signature_criteria_failures(offer: Offer) -> list[str]:
    """What keeps `offer` from being a signature product, by the city's criteria; [] if none."""
    failures = []
    business = offer.business
    city = city_current()
    if not Offer.objects.filter(public_offer_q(), pk=offer.pk).exists():
        failures.append(
            _("Produk harus aktif dan usahanya mikro atau kecil yang sudah terverifikasi.")
        )
    if city is None or not (business.region_id or "").startswith(city.region_id + "."):
        failures.append(_("Produk harus dibuat di wilayah kota ini (alamat usaha di kota)."))
    if offer.certifications.exclude(valid_certification_q()).exists():
        failures.append(_("Ada sertifikat produk yang sudah kedaluwarsa; perbarui dahulu."))
    if not offer.photos.exists():
        failures.append(_("Produk harus memiliki foto."))
    return failures


@transaction.atomic
def signature_designate(*, actor: User, offer: Offer, story: str) -> SignatureProduct:
    _officer_check(actor)
    story = (story or "").strip()
    errors: list[ValidationError] = []
    if not story:
        errors.append(ValidationError(_("Tulis cerita singkat produk ini."), code="story"))
    elif len(story) > STORY_MAX:
        errors.append(ValidationError(too_long_message(STORY_MAX, len(story)), code="story"))
    elif _MARKUP.search(story):
        errors.append(
            ValidationError(
                _("Tidak boleh berisi kode atau tag HTML (tanda < dan >)."), code="story"
            )
        )
    errors += [ValidationError(m, code="criteria") for m in signature_criteria_failures(offer)]
    if SignatureProduct.objects.filter(offer=offer, withdrawn_at__isnull=True).exists():
        errors.append(ValidationError(_("Produk ini sudah menjadi produk unggulan."), code="state"))
    if errors:
        raise ValidationError(errors)
    today = timezone.localdate()
    signature = SignatureProduct.objects.create(
        offer=offer,
        story=story,
        designated_by=actor,
        review_on=today.replace(year=today.year + 1)
        if not (today.month == 2 and today.day == 29)
        else today + datetime.timedelta(days=365),
    )
    audit_record(
        actor=actor,
        action="catalogue.signature_designate",
        obj=signature,
        business=offer.business,
        changes={"story": [None, story], "review_on": [None, signature.review_on]},
    )
    return signature


@transaction.atomic
def signature_review(*, actor: User, signature: SignatureProduct) -> SignatureProduct:
    """The yearly review: the criteria checked again, the next review a year on."""
    _officer_check(actor)
    if signature.withdrawn_at is not None:
        raise ValidationError(_("Penetapan ini sudah dicabut."), code="state")
    failures = signature_criteria_failures(signature.offer)
    if failures:
        raise ValidationError([ValidationError(m, code="criteria") for m in failures])
    old = signature.review_on
    today = timezone.localdate()
    signature.review_on = today + datetime.timedelta(days=365)
    signature.save(update_fields=["review_on"])
    audit_record(
        actor=actor,
        action="catalogue.signature_review",
        obj=signature,
        business=signature.offer.business,
        changes={"review_on": [old, signature.review_on]},
    )
    return signature


@transaction.atomic
def signature_withdraw(
    *, actor: User, signature: SignatureProduct, reason: str
) -> SignatureProduct:
    _officer_check(actor)
    reason = (reason or "").strip()
    if signature.withdrawn_at is not None:
        raise ValidationError(_("Penetapan ini sudah dicabut."), code="state")
    if not reason:
        raise ValidationError({"reason": _("Tulis alasan pencabutan.")}, code="required")
    if len(reason) > 1000:
        raise ValidationError({"reason": too_long_message(1000, len(reason))}, code="long")
    signature.withdrawn_at = timezone.now()
    signature.withdrawn_by = actor
    signature.withdraw_reason = reason
    signature.save(update_fields=["withdrawn_at", "withdrawn_by", "withdraw_reason"])
    audit_record(
        actor=actor,
        action="catalogue.signature_withdraw",
        obj=signature,
        business=signature.offer.business,
        changes={"withdraw_reason": [None, reason]},
    )
    return signature

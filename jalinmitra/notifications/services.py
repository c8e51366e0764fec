"""The one notification service every app calls, and the writes around it.

`notify` stores a Notification per recipient (the in-app inbox) and a Delivery per channel
the recipient reads, then sends them once the transaction commits: a rolled-back write sends
nothing, a mail server or gateway that is down never undoes a committed change (the delivery
shows failed). Quiet hours and the daily digest hold a delivery back until its time."""

from __future__ import annotations

import datetime as dt
import io
import logging
import time
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.management import call_command
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jalinmitra.core.services import audit_record
from jalinmitra.notifications.choices import Channel, DeliveryStatus, RunStatus
from jalinmitra.notifications.gateway import (
    GatewayError,
    WhatsAppBackend,
    gateway,
    gateway_backoff,
    gateway_retries,
    phone_international,
)
from jalinmitra.notifications.kinds import KINDS
from jalinmitra.notifications.models import (
    Delivery,
    Message,
    MessageTemplate,
    Notification,
    PeriodicRun,
    Preference,
)

if TYPE_CHECKING:
    from jalinmitra.core.actors import Actor

logger = logging.getLogger(__name__)


def _language(user: Any) -> str:
    language = getattr(user, "language", "") or ""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def user_language_set(*, actor: Actor, language: str) -> bool:
    """The person's language for their notification texts and mail (the preferences page, and
    the site's language switcher). Returns whether it changed; audited when it does."""
    from django.contrib.auth import get_user_model

    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Bahasa tidak dikenal.")}, code="invalid")
    if not getattr(actor, "is_authenticated", False):
        return False
    old = getattr(actor, "language", "")
    if old == language:
        return False
    get_user_model().objects.filter(pk=actor.pk).update(language=language)
    actor.language = language  # type: ignore[attr-defined]
    # Recorded as a change of the person's notification settings (it is one).
    audit_record(
        actor=actor,
        action="notification.preferences_save",
        obj=cast(models.Model, actor),
        changes={"language": [old, language]},
    )
    return True


def _quiet(local: dt.time, start: dt.time, end: dt.time) -> bool:
    if start == end:
        return False
    if start < end:
        return start <= local < end
    return local >= start or local < end


def send_time(*, now: dt.datetime, preference: Preference | None) -> dt.datetime:
    """`now`, or the end of the recipient's quiet hours (in the city's time zone) when
    `now` falls inside them (never, with settings.NOTIFICATIONS_QUIET_HOURS off)."""
    if not settings.NOTIFICATIONS_QUIET_HOURS:
        return now
    if preference is None:
        start, end = dt.time(21, 0), dt.time(7, 0)
    else:
        start, end = preference.quiet_start, preference.quiet_end
    local = timezone.localtime(now)
    if not _quiet(local.time(), start, end):
        return now
    morning = local.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
    if morning <= local:
        morning += dt.timedelta(days=1)
    return morning


def render_kind(event: str, values: Mapping[str, Any], language: str, overrides=None):
    """The kind's title and body in `language`: the admin's template (MessageTemplate) when
    there is one, else the built-in text through the locale. `overrides` (language ->
    template) saves the query when one notify renders for many recipients."""
    if overrides is None:
        overrides = {t.language: t for t in MessageTemplate.objects.filter(kind=event)}
    kind = KINDS[event]
    template = overrides.get(language)
    if template is not None:
        return template.render({name: values.get(name, "–") for name in kind.sample})
    with translation.override(language):
        return kind.render(dict(values))


def _plain(value: Any) -> Any:
    return value if isinstance(value, (int, float, bool)) or value is None else str(value)


def notify(
    *,
    event: str,
    recipients: Iterable[Any],
    context: Mapping[str, Any],
    url: str,
    actor: Any = None,
    target: models.Model | None = None,
    per_recipient: Mapping[int, Mapping[str, Any]] | None = None,
    phones: Mapping[int, str] | None = None,
    urls: Mapping[int, str] | None = None,
    email: bool = True,
) -> list[Notification]:
    """Notify each active recipient (the acting user excepted) of `event` (a code of
    kinds.KINDS). `per_recipient` adds values for one recipient (their business's name);
    `phones` is each recipient's WhatsApp number on record (their business's), used when
    they gave none in their preferences; `urls` a recipient's own link (their agenda).
    `email=False` where the app mails the same news itself (the inbox and WhatsApp still
    carry it)."""
    kind = KINDS[event]
    per_recipient = per_recipient or {}
    phones = phones or {}
    urls = urls or {}
    users = {}
    for user in recipients:
        if user is None or not user.is_active:
            continue
        if actor is not None and user.pk == getattr(actor, "pk", None):
            continue
        users[user.pk] = user
    if not users:
        return []
    prefs = {p.user_id: p for p in Preference.objects.filter(user_id__in=list(users))}
    content_type = ContentType.objects.get_for_model(target) if target is not None else None
    now = timezone.now()
    overrides = {t.language: t for t in MessageTemplate.objects.filter(kind=event)}
    notifications, pending = [], []
    for pk, user in users.items():
        values = {k: _plain(v) for k, v in {**context, **per_recipient.get(pk, {})}.items()}
        title, body = render_kind(event, values, _language(user), overrides)
        notifications.append(
            Notification(
                recipient=user,
                actor=actor if getattr(actor, "pk", None) else None,
                event=event,
                category=kind.category,
                title=title[:200],
                body=body[:2000],
                url=urls.get(pk, url),
                context=values,
                content_type=content_type,
                object_id=target.pk if target is not None else None,
            )
        )
    Notification.objects.bulk_create(notifications)
    has_gateway = gateway() is not None
    for n in notifications:
        user, pref = users[n.recipient_id], prefs.get(n.recipient_id)
        if pref is not None and not kind.required and kind.category in (pref.stopped or []):
            continue
        due = send_time(now=now, preference=pref)
        if email and user.email and (pref is None or pref.email):
            pending.append(
                Delivery(
                    notification=n,
                    channel=Channel.EMAIL,
                    address=user.email,
                    digest=bool(pref and pref.digest and not kind.required),
                    due_at=due,
                )
            )
        if pref is None or not (pref.whatsapp and pref.whatsapp_consent_at):
            continue
        raw = pref.whatsapp_number or phones.get(n.recipient_id, "")
        if not raw:
            continue
        try:
            phone = phone_international(raw)
        except ValueError as e:
            pending.append(
                Delivery(
                    notification=n,
                    channel=Channel.WHATSAPP,
                    address=str(raw)[:254],
                    status=DeliveryStatus.INVALID,
                    error=str(e)[:300],
                )
            )
            continue
        pending.append(
            Delivery(
                notification=n,
                channel=Channel.WHATSAPP,
                address=phone,
                status=DeliveryStatus.PENDING if has_gateway else DeliveryStatus.MANUAL,
                due_at=due,
            )
        )
    Delivery.objects.bulk_create(pending)
    ids = [d.pk for d in pending if d.status == DeliveryStatus.PENDING and not d.digest]
    if ids:
        transaction.on_commit(lambda: deliveries_dispatch(ids=ids))
    return notifications


def deliveries_dispatch(*, ids: list[int]) -> None:
    """After the commit: mail what is due now; WhatsApp goes to the worker (the gateway may
    be slow and is retried)."""
    due = Delivery.objects.filter(
        pk__in=ids, status=DeliveryStatus.PENDING, digest=False, due_at__lte=timezone.now()
    )
    emails = list(due.filter(channel=Channel.EMAIL).select_related("notification__recipient"))
    _send_emails(emails)
    whatsapp = list(due.filter(channel=Channel.WHATSAPP).values_list("pk", flat=True))
    if whatsapp:
        try:
            from django.utils.module_loading import import_string

            import_string("jalinmitra.notifications.tasks.send_whatsapp").enqueue(whatsapp)
        except Exception:
            logger.exception("Queueing %s WhatsApp message(s) failed", len(whatsapp))


def _email_message(notification: Notification, *, items: list[Notification] | None = None):
    user = notification.recipient
    items = items or [notification]
    with translation.override(_language(user)):
        context = {"user": user, "items": items, "site": settings.SITE_URL}
        subject = (
            notification.title
            if len(items) == 1
            else _("Ringkasan harian JalinMitra: %(count)s pemberitahuan") % {"count": len(items)}
        )
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("notifications/email.txt", context),
            to=[user.email],
        )
        message.attach_alternative(
            render_to_string("notifications/email.html", context), "text/html"
        )
    return message


def _send_emails(deliveries: list[Delivery]) -> None:
    if not deliveries:
        return
    now = timezone.now()
    try:
        connection = get_connection()
        connection.open()
    except Exception as e:
        logger.exception("Opening the mail connection failed")
        Delivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(
            status=DeliveryStatus.FAILED, error=str(e)[:300], attempts=models.F("attempts") + 1
        )
        return
    try:
        for d in deliveries:
            d.attempts += 1
            try:
                connection.send_messages([_email_message(d.notification)])
            except Exception as e:
                logger.exception("Sending notification mail %s failed", d.pk)
                d.status, d.error = DeliveryStatus.FAILED, str(e)[:300]
            else:
                d.status, d.sent_at, d.error = DeliveryStatus.SENT, now, ""
    finally:
        connection.close()
        Delivery.objects.bulk_update(
            deliveries, ["status", "attempts", "error", "sent_at"], batch_size=500
        )


def whatsapp_text(
    notification: Notification,
    *,
    language: str | None = None,
    templates: Mapping[str, MessageTemplate] | None = None,
) -> str:
    """The message as WhatsApp shows it: title, body and the link. `language` renders it
    again from the kind (click-to-chat is always in Bahasa Indonesia); `templates` (kind ->
    the admin's template in that language, selectors.message_templates) saves a query per
    message when a page shows many."""
    title, body = notification.title, notification.body
    if language is not None and notification.event in KINDS:
        overrides = None
        if templates is not None:
            found = templates.get(notification.event)
            overrides = {language: found} if found is not None else {}
        title, body = render_kind(notification.event, notification.context, language, overrides)
    link = f"{settings.SITE_URL}{notification.url}" if notification.url else ""
    return f"*{title}*\n\n{body}\n{link}".strip()


def delivery_send_whatsapp(
    *, delivery: Delivery, backend: WhatsAppBackend | None = None, sleep=time.sleep
) -> Delivery:
    """Send one WhatsApp delivery through the gateway, retrying with a growing pause; after
    the last try it shows failed with the gateway's error (the notification stays)."""
    backend = backend or gateway()
    if backend is None or delivery.status not in (DeliveryStatus.PENDING, DeliveryStatus.FAILED):
        return delivery
    retries, backoff = gateway_retries(), gateway_backoff()
    text = whatsapp_text(delivery.notification)
    for attempt in range(retries):
        delivery.attempts += 1
        try:
            backend.send(phone=delivery.address, text=text)
        except GatewayError as e:
            delivery.error = str(e)[:300]
            if attempt + 1 < retries:
                sleep(backoff * 2**attempt)
                continue
            delivery.status = DeliveryStatus.FAILED
        else:
            delivery.status, delivery.sent_at, delivery.error = (
                DeliveryStatus.SENT,
                timezone.now(),
                "",
            )
        break
    delivery.save(update_fields=["status", "attempts", "error", "sent_at"])
    return delivery


def deliveries_send_due(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The periodic sender: single messages whose quiet hours are over. Idempotent: only
    what is still pending goes out."""
    now = now or timezone.now()
    due = Delivery.objects.filter(status=DeliveryStatus.PENDING, digest=False, due_at__lte=now)
    emails = list(due.filter(channel=Channel.EMAIL).select_related("notification__recipient"))
    _send_emails(emails)
    whatsapp = list(due.filter(channel=Channel.WHATSAPP).select_related("notification"))
    for d in whatsapp:
        delivery_send_whatsapp(delivery=d)
    return {"email": len(emails), "whatsapp": len(whatsapp)}


def digests_send(*, now: dt.datetime | None = None) -> int:
    """One mail per user with every notification held for the digest; returns how many."""
    now = now or timezone.now()
    held = list(
        Delivery.objects.filter(
            channel=Channel.EMAIL, status=DeliveryStatus.PENDING, digest=True
        ).select_related("notification__recipient")
    )
    by_user: dict[int, list[Delivery]] = {}
    for d in held:
        by_user.setdefault(d.notification.recipient_id, []).append(d)
    sent = 0
    connection = get_connection()
    for deliveries in by_user.values():
        items = [d.notification for d in deliveries]
        ids = [d.pk for d in deliveries]
        try:
            connection.send_messages([_email_message(items[0], items=items)])
        except Exception as e:
            logger.exception("Sending a digest failed")
            Delivery.objects.filter(pk__in=ids).update(
                status=DeliveryStatus.FAILED, error=str(e)[:300]
            )
            continue
        Delivery.objects.filter(pk__in=ids).update(status=DeliveryStatus.SENT, sent_at=now)
        sent += 1
    return sent


# --- the user's own writes ------------------------------------------------------------


def notification_mark_read(*, actor: Actor, notification: Notification) -> Notification:
    if notification.recipient_id != actor.pk:
        raise PermissionDenied(_("Pemberitahuan ini bukan untuk Anda."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, actor: Actor) -> int:
    return Notification.objects.filter(recipient_id=actor.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def preference_save(
    *,
    actor: Actor,
    email: bool,
    whatsapp: bool,
    whatsapp_number: str,
    whatsapp_consent: bool,
    stopped: list[str],
    digest: bool,
    quiet_start: dt.time,
    quiet_end: dt.time,
    language: str | None = None,
) -> Preference:
    """The user's own channels, stopped categories, digest and quiet hours, and (`language`)
    the language of their texts and mail. WhatsApp needs their consent and a valid mobile
    number."""
    from jalinmitra.notifications.choices import Category

    pref, _created = Preference.objects.select_for_update().get_or_create(user_id=actor.pk)
    number = ""
    if whatsapp_number.strip():
        try:
            number = phone_international(whatsapp_number)
        except ValueError as e:
            raise ValidationError({"whatsapp_number": str(e)}, code="invalid") from e
    if whatsapp and not whatsapp_consent:
        raise ValidationError(
            {"whatsapp_consent": _("Pesan WhatsApp hanya dikirim bila Anda menyetujuinya.")},
            code="invalid",
        )
    unknown = set(stopped) - set(Category.values)
    if unknown:
        raise ValidationError(_("Kategori tidak dikenal."), code="invalid")
    old = {
        "email": pref.email,
        "whatsapp": pref.whatsapp,
        "digest": pref.digest,
        "stopped": list(pref.stopped or []),
    }
    pref.email, pref.whatsapp, pref.digest = email, whatsapp, digest
    pref.whatsapp_number = number
    pref.stopped = sorted(set(stopped))
    pref.quiet_start, pref.quiet_end = quiet_start, quiet_end
    if whatsapp_consent and pref.whatsapp_consent_at is None:
        pref.whatsapp_consent_at = timezone.now()
    elif not whatsapp_consent:
        pref.whatsapp_consent_at = None
    pref.save()
    if language is not None:
        user_language_set(actor=actor, language=language)
    new = {"email": email, "whatsapp": whatsapp, "digest": digest, "stopped": pref.stopped}
    audit_record(
        actor=actor,
        action="notification.preferences_save",
        obj=pref,
        changes={k: [old[k], new[k]] for k in new if old[k] != new[k]},
    )
    return pref


def _officer_check(actor: Actor) -> None:
    if not getattr(actor, "is_officer", False):
        raise PermissionDenied(_("Hanya petugas yang dapat melakukan ini."))


@transaction.atomic
def whatsapp_mark_sent(*, actor: Actor, delivery: Delivery) -> Delivery:
    """The officer sent this message from their own WhatsApp (click-to-chat)."""
    _officer_check(actor)
    delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
    if delivery.channel != Channel.WHATSAPP or delivery.status not in (
        DeliveryStatus.MANUAL,
        DeliveryStatus.FAILED,
    ):
        raise ValidationError(_("Pesan ini tidak menunggu dikirim."), code="state")
    delivery.status, delivery.sent_at = DeliveryStatus.SENT, timezone.now()
    delivery.save(update_fields=["status", "sent_at"])
    audit_record(
        actor=actor,
        action="notification.whatsapp_sent",
        obj=delivery.notification,
        changes={"status": [DeliveryStatus.MANUAL, DeliveryStatus.SENT]},
    )
    return delivery


# --- periodic work ---------------------------------------------------------------------


def periodic_run_once(*, name: str, day: dt.date, work) -> PeriodicRun | None:
    """Run `work()` (returning its report) as `name` for `day`, once: a second call for the
    same day returns None and does nothing. The run is recorded with its output or error."""
    try:
        with transaction.atomic():
            run = PeriodicRun.objects.create(name=name, day=day)
    except IntegrityError:
        return None
    try:
        output = work()
    except Exception as e:  # noqa: BLE001 - recorded on the run; the next job still runs
        logger.exception("Periodic job %s failed", name)
        run.status, run.output = RunStatus.FAILED, f"{type(e).__name__}: {e}"[:5000]
    else:
        run.status, run.output = RunStatus.OK, str(output or "")[:5000]
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "output", "finished_at"])
    return run


def _command(name: str):
    def work() -> str:
        out = io.StringIO()
        call_command(name, stdout=out, stderr=out)
        return out.getvalue()

    return work


def periodic_schedule() -> dict[str, dt.time]:
    """Each daily command and its time of day (city time): settings.PERIODIC_TIMES."""
    times = getattr(
        settings, "PERIODIC_TIMES", {"periodic": "02:00", "notifications_digest": "07:00"}
    )
    return {name: dt.time.fromisoformat(at) for name, at in times.items()}


def periodic_tick(*, now: dt.datetime | None = None) -> list[PeriodicRun]:
    """What the self-rescheduling task does each time: every daily command whose time has
    come and that has not run today runs; held messages whose quiet hours ended go out."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    runs = []
    for name, at in periodic_schedule().items():
        if local.time() >= at:
            run = periodic_run_once(name=name, day=local.date(), work=_command(name))
            if run is not None:
                runs.append(run)
    deliveries_send_due(now=now)
    return runs


# --- conversations ---------------------------------------------------------------------

MESSAGE_MAX_LENGTH = 2000
ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
_ATTACHMENT_TYPES = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpg"),
)


def thread_parties_of(target: models.Model) -> list:
    from jalinmitra.notifications.hooks import thread_parties

    label = target._meta.label_lower
    if label not in thread_parties:
        return []
    return [u for u in thread_parties[label](obj=target) if u.is_active]


def thread_may_read(*, user: Actor, target: models.Model) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_officer", False):
        return True
    return any(u.pk == user.pk for u in thread_parties_of(target))


def _thread_check(actor: Actor, target: models.Model) -> None:
    from jalinmitra.notifications.hooks import thread_parties

    if target._meta.label_lower not in thread_parties:
        raise PermissionDenied(_("Tidak ada percakapan untuk halaman ini."))
    if not thread_may_read(user=actor, target=target):
        raise PermissionDenied(_("Percakapan ini hanya untuk para pihak dan petugas."))


def _attachment_check(upload) -> str:
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            {"attachment": ValidationError(_("Lampiran paling besar 5 MB."), code="limit")}
        )
    head = upload.read(16)
    upload.seek(0)
    for magic, ext in _ATTACHMENT_TYPES:
        if head.startswith(magic):
            return ext
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    raise ValidationError(
        {
            "attachment": ValidationError(
                _("Lampiran harus gambar (JPG, PNG, WebP) atau PDF."), code="invalid"
            )
        }
    )


def _thread_for(target: models.Model):
    from jalinmitra.notifications.models import Thread

    thread, _created = Thread.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk
    )
    return thread


def _read_now(thread, actor: Actor) -> None:
    from jalinmitra.notifications.models import ThreadRead

    ThreadRead.objects.update_or_create(
        thread=thread, user_id=actor.pk, defaults={"read_at": timezone.now()}
    )


@transaction.atomic
def _message_body(body: str | None) -> str:
    """A message's text, stripped: required, at most MESSAGE_MAX_LENGTH characters."""
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Tulis pesannya.")}, code="required")
    if len(body) > MESSAGE_MAX_LENGTH:
        raise ValidationError(
            {"body": _("Pesan paling panjang %(n)s karakter.") % {"n": MESSAGE_MAX_LENGTH}},
            code="limit",
        )
    return body


def message_post(*, actor: Actor, target: models.Model, body: str, attachment=None, url: str = ""):
    """A party or an officer writes in the object's thread; the other parties are notified."""
    from jalinmitra.notifications.models import Message

    _thread_check(actor, target)
    body = _message_body(body)
    ext = _attachment_check(attachment) if attachment else ""
    thread = _thread_for(target)
    message = Message(thread=thread, author_id=actor.pk, body=body)
    if attachment:
        message.attachment.save(f"lampiran.{ext}", attachment, save=False)
    message.save()
    _read_now(thread, actor)
    audit_record(
        actor=actor,
        action="conversation.message_post",
        obj=message,
        changes={"thread": [None, str(thread)], "attachment": [None, bool(attachment)]},
    )
    notify(
        event="conversation.message",
        recipients=thread_parties_of(target),
        context={
            "author": getattr(actor, "display_name", "") or str(actor),
            "message": body[:300],
        },
        url=url,
        actor=actor,
        target=message,
    )
    return message


@transaction.atomic
def guest_message_post(
    *, target: models.Model, name: str, body: str, guest_key: str = "", url: str = ""
) -> Message:
    """A guest without an account writes in the object's thread: an enquirer through the
    private link whose token the object's app checked, with its own rules (closed, markup,
    flood; it writes the audit row, knowing the business). Text only, never a file. The
    parties are notified, as for message_post."""
    from jalinmitra.notifications.hooks import thread_parties
    from jalinmitra.notifications.models import GUEST_NAME_MAX

    if target._meta.label_lower not in thread_parties:
        raise PermissionDenied(_("Tidak ada percakapan untuk halaman ini."))
    body = _message_body(body)
    name = " ".join((name or "").split())[:GUEST_NAME_MAX]
    if not name:
        raise ValidationError(_("Nama penulis wajib ada."), code="required")
    message = Message.objects.create(
        thread=_thread_for(target), by_guest=True, guest_name=name, guest_key=guest_key, body=body
    )
    notify(
        event="conversation.message",
        recipients=thread_parties_of(target),
        context={"author": name, "message": body[:300]},
        url=url,
        target=message,
    )
    return message


def thread_mark_read(*, actor: Actor, target: models.Model) -> None:
    _thread_check(actor, target)
    from jalinmitra.notifications.models import Thread

    thread = Thread.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk
    ).first()
    if thread is not None:
        _read_now(thread, actor)


# --- erasure (the privacy app carries out a deletion request) -------------------------


@transaction.atomic
def contact_details_erase(
    *, user_ids: Iterable[int] = (), addresses: Iterable[str] = ()
) -> dict[str, int]:
    """What a deletion request removes here besides the text the privacy app searches out:
    these people's WhatsApp number and consent (their preference), the address of every
    delivery to them or to one of `addresses`, messages to them not yet sent (nobody is to
    reach them any more), and the attachments of the messages they wrote (a photo or a PDF
    may show them; the files go after the commit). Rows stay; returns the counts."""
    from jalinmitra.core.notify import delete_files_after_commit
    from jalinmitra.notifications import selectors

    ids = list(user_ids)
    deliveries = selectors.deliveries_for(user_ids=ids, addresses=addresses)
    unsent = deliveries.exclude(status=DeliveryStatus.SENT)
    dropped = Delivery.objects.filter(pk__in=list(unsent.values_list("pk", flat=True))).delete()[0]
    blanked = Delivery.objects.filter(pk__in=list(deliveries.values_list("pk", flat=True))).update(
        address="", error=""
    )
    preferences = selectors.preferences_of(user_ids=ids).update(
        whatsapp=False, whatsapp_number="", whatsapp_consent_at=None
    )
    with_files = selectors.messages_by(user_ids=ids).exclude(attachment="")
    names = list(with_files.values_list("attachment", flat=True))
    Message.objects.filter(pk__in=list(with_files.values_list("pk", flat=True))).update(
        attachment=""
    )
    delete_files_after_commit(names)
    return {
        "deliveries_dropped": dropped,
        "deliveries_blanked": blanked,
        "preferences": preferences,
        "attachments": len(names),
    }

"""Notices of the events app: mail to participants, sent after the commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jalinmitra.businesses.selectors import mail_addresses
from jalinmitra.core.dates import format_tanggal, format_tanggal_waktu
from jalinmitra.core.notify import (
    mail_after_commit,
    mails_by_language,
    send_mail_by_language_after_commit,
)
from jalinmitra.core.services import audit_record
from jalinmitra.events import selectors
from jalinmitra.events.choices import MeetingStatus, RequestStatus
from jalinmitra.events.models import Event, MeetingRequest, Participant

if TYPE_CHECKING:
    from jalinmitra.accounts.models import User


def _mail_on_commit(messages: list[EmailMessage]) -> None:
    mail_after_commit(messages, what="event notice")


def _link(name: str, *args, query: str = "") -> str:
    return f"{settings.SITE_URL}{reverse(name, args=args)}{query}"


def _notice(participant: Participant, text: Callable[[], tuple[str, str]]) -> list[EmailMessage]:
    """The participant's mail, one per language of its readers (`text()` gives the subject
    and body in the active language)."""
    addresses = mail_addresses(business_ids=[participant.business_id])
    return mails_by_language(addresses.get(participant.business_id, {}), text)


def _members_of(business_ids) -> tuple[list, dict[int, str], dict[int, int]]:
    """Active members of these businesses (the users to notify), each one's business
    WhatsApp, and each one's business id."""
    from jalinmitra.businesses.models import Membership

    rows = list(
        Membership.objects.filter(business_id__in=business_ids, user__is_active=True)
        .select_related("user", "business")
        .order_by("pk")
    )
    phones = {m.user_id: m.business.whatsapp for m in rows if m.business.whatsapp}
    return [m.user for m in rows], phones, {m.user_id: m.business_id for m in rows}


def _request_created_notify(request: MeetingRequest) -> None:
    """The inbox (and WhatsApp) of the side asked; the mail goes as before."""
    from jalinmitra.notifications.services import notify

    event, asked = request.event, request.to_participant
    users, phones, _ids = _members_of([asked.business_id])
    notify(
        event="meeting_request.received",
        recipients=users,
        context={
            "business": request.from_participant.business.name,
            "recipient_business": asked.business.name,
            "event": event.name,
            "reason": request.reason or "–",
            "until": format_tanggal_waktu(request.expires_at),
        },
        url=reverse("events:requests", args=[event.pk]) + f"?p={asked.pk}",
        actor=request.created_by,
        target=request,
        phones=phones,
        email=False,
    )


def _request_created_notice(request: MeetingRequest) -> list[EmailMessage]:
    """To the side asked: who asks, why, until when, where to answer."""
    _request_created_notify(request)
    event, asker, asked = request.event, request.from_participant, request.to_participant

    def text() -> tuple[str, str]:
        subject = _("%(business)s meminta bertemu di %(event)s") % {
            "business": asker.business.name,
            "event": event.name,
        }
        body = _(
            "Yth. %(business)s,\n\n"
            "%(other)s meminta bertemu dengan Anda di %(event)s (%(date)s, %(venue)s).\n"
            "Alasan: %(reason)s\n\n"
            "Terima atau tolak sebelum %(until)s di:\n%(link)s\n\nSalam,\nJalinMitra"
        ) % {
            "business": asked.business.name,
            "other": asker.business.name,
            "event": event.name,
            "date": format_tanggal(event.date),
            "venue": event.venue,
            "reason": request.reason or "–",
            "until": format_tanggal_waktu(request.expires_at),
            "link": _link("events:requests", event.pk, query=f"?p={asked.pk}"),
        }
        return subject, body

    return _notice(asked, text)


def _request_answered_notice(request: MeetingRequest) -> list[EmailMessage]:
    """To the side that asked: the answer."""
    event, asker, asked = request.event, request.from_participant, request.to_participant
    accepted = request.status == RequestStatus.ACCEPTED

    def text() -> tuple[str, str]:
        values = {
            "business": asker.business.name,
            "other": asked.business.name,
            "event": event.name,
            "date": format_tanggal(event.date),
            "venue": event.venue,
            "link": _link("events:requests", event.pk, query=f"?p={asker.pk}"),
        }
        if accepted:
            subject = _("%(other)s menerima permintaan bertemu Anda") % values
            body = _(
                "Yth. %(business)s,\n\n"
                "%(other)s menerima permintaan bertemu Anda di %(event)s (%(date)s, "
                "%(venue)s). Waktu dan meja pertemuan dikirim setelah jadwal terbit.\n"
                "%(link)s\n\nSalam,\nJalinMitra"
            )
        else:
            subject = _("%(other)s menolak permintaan bertemu Anda") % values
            body = _(
                "Yth. %(business)s,\n\n"
                "%(other)s menolak permintaan bertemu Anda di %(event)s. Anda dapat "
                "meminta bertemu dengan peserta lain:\n%(link)s\n\nSalam,\nJalinMitra"
            )
        return subject, body % values

    return _notice(asker, text)


def _published_participants(event: Event, ids: list[int] | None = None) -> list[Any]:
    """Present participants (all, or these ids), each with its count of published meetings."""
    from django.db.models import Count, Q

    active = ~Q(as_seller__status=MeetingStatus.CANCELLED) & Q(as_seller__published=True)
    active_b = ~Q(as_buyer__status=MeetingStatus.CANCELLED) & Q(as_buyer__published=True)
    rows = Participant.objects.filter(event=event, no_show=False)
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    return list(
        rows.select_related("business")
        .annotate(
            published_count=Count("as_seller", filter=active, distinct=True)
            + Count("as_buyer", filter=active_b, distinct=True)
        )
        .order_by("pk")
    )


def _schedule_published_notices(
    event: Event, participants: list[Any] | None = None
) -> list[EmailMessage]:
    """Each present participant: the event, the number of its meetings, its agenda link."""
    if participants is None:
        participants = _published_participants(event)
    addresses = mail_addresses(business_ids=[p.business_id for p in participants])
    _schedule_published_notify(event, participants)
    messages: list[EmailMessage] = []
    for p in participants:

        def text(p: Any = p) -> tuple[str, str]:
            subject = _("Jadwal %(event)s sudah terbit") % {"event": event.name}
            body = ngettext(
                "Yth. %(business)s,\n\n"
                "Jadwal %(event)s pada %(date)s di %(venue)s sudah terbit. Anda mendapat "
                "%(count)s pertemuan. Lihat waktu dan meja tiap pertemuan, simpan ke "
                "kalender, atau cetak agenda Anda di:\n%(link)s\n\n"
                "Tunjukkan kode QR pada agenda saat datang.\n\nSalam,\nJalinMitra",
                "Yth. %(business)s,\n\n"
                "Jadwal %(event)s pada %(date)s di %(venue)s sudah terbit. Anda mendapat "
                "%(count)s pertemuan. Lihat waktu dan meja tiap pertemuan, simpan ke "
                "kalender, atau cetak agenda Anda di:\n%(link)s\n\n"
                "Tunjukkan kode QR pada agenda saat datang.\n\nSalam,\nJalinMitra",
                p.published_count,
            ) % {
                "business": p.business.name,
                "event": event.name,
                "date": format_tanggal(event.date),
                "venue": event.venue,
                "count": p.published_count,
                "link": _link("events:agenda", event.pk, p.pk),
            }
            return subject, body

        messages += mails_by_language(addresses.get(p.business_id, {}), text)
    return messages


def _schedule_published_notify(event: Event, participants: list[Any]) -> None:
    """Each present participant's members: the inbox (and WhatsApp) with their own agenda
    link; the mail goes as before."""
    from jalinmitra.notifications.services import notify

    users, phones, business_of = _members_of([p.business_id for p in participants])
    by_business = {p.business_id: p for p in participants}
    notify(
        event="schedule.published",
        recipients=users,
        context={"event": event.name, "date": format_tanggal(event.date), "venue": event.venue},
        url=reverse("events:detail", args=[event.pk]),
        target=event,
        phones=phones,
        per_recipient={
            pk: {
                "recipient_business": by_business[b].business.name,
                "count": by_business[b].published_count,
            }
            for pk, b in business_of.items()
        },
        urls={
            pk: reverse("events:agenda", args=[event.pk, by_business[b].pk])
            for pk, b in business_of.items()
        },
        email=False,
    )


PUBLISH_CHUNK = 500


def schedule_published_fan_out(*, job_id: int, event_id: int) -> None:
    """The worker's side of publishing a big event: the inbox, WhatsApp and mail of every
    present participant, in chunks of PUBLISH_CHUNK participants (each chunk commits and sends),
    reporting progress on the job. Chunks already done are skipped if the job runs again."""
    from django.db import transaction

    from jalinmitra.core.jobs import in_job_language, job_finish, job_progress, job_running
    from jalinmitra.core.models import Job

    job = Job.objects.get(pk=job_id)
    event = Event.objects.get(pk=event_id)
    with in_job_language(job):
        ids = list(
            Participant.objects.filter(event=event, no_show=False)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        start = int((job.result or {}).get("sent", 0))
        job_running(
            job,
            total=len(ids),
            done=start,
            message=_("Mengirim pemberitahuan jadwal ke %(count)s peserta…") % {"count": len(ids)},
        )
        for i in range(start, len(ids), PUBLISH_CHUNK):
            chunk = ids[i : i + PUBLISH_CHUNK]
            with transaction.atomic():
                participants = _published_participants(event, chunk)
                _mail_on_commit(_schedule_published_notices(event, participants))
                done = i + len(chunk)
                job.result = {**(job.result or {}), "sent": done}
                job.save(update_fields=["result"])
                job_progress(
                    job,
                    done,
                    _("%(done)s dari %(total)s peserta sudah diberi tahu.")
                    % {"done": done, "total": len(ids)},
                )
        job_finish(
            job,
            message=_("Pemberitahuan jadwal terkirim ke %(count)s peserta.") % {"count": len(ids)},
            result={
                **(job.result or {}),
                "url": reverse("events:schedule", args=[event.pk]),
            },
        )


def participants_remind(*, event: Event, actor: User | None = None) -> list[Participant]:
    """Email every participant who has asked for no meeting yet. Returns whom it reminded.
    An officer pressing the button is the `actor` (audited); the periodic command has none."""
    lazy = selectors.participants_without_requests(event=event)
    if actor is not None:
        audit_record(
            actor=actor,
            action="event.participants_remind",
            obj=event,
            changes={"participants": [None, len(lazy)]},
        )
    link = f"{settings.SITE_URL}{reverse('events:requests', args=[event.pk])}"
    _remind_notify(event, lazy)
    addresses = mail_addresses(business_ids=[p.business_id for p in lazy])
    for participant in lazy:

        def text(participant: Participant = participant) -> tuple[str, str]:
            subject = _("Temu usaha %(event)s: ajukan permintaan bertemu") % {"event": event.name}
            body = _(
                "Yth. %(business)s,\n\n"
                "Anda terdaftar pada %(event)s (%(venue)s), tetapi belum meminta "
                "bertemu dengan peserta mana pun. Pilih mitra yang ingin Anda temui di:\n"
                "%(link)s\n\nSalam,\nJalinMitra"
            ) % {
                "business": participant.business.name,
                "event": event.name,
                "venue": event.venue,
                "link": link,
            }
            return subject, body

        send_mail_by_language_after_commit(
            to=addresses.get(participant.business_id, {}), text=text, what="event reminder"
        )
    return lazy


def _remind_notify(event: Event, participants: list[Participant]) -> None:
    """The members of participants who asked for no meeting yet: inbox and consenting
    WhatsApp (most micro owners have no email); the mail goes as before."""
    from jalinmitra.notifications.services import notify

    if not participants:
        return
    users, phones, business_of = _members_of([p.business_id for p in participants])
    names = {p.business_id: p.business.name for p in participants}
    notify(
        event="event.reminder",
        recipients=users,
        context={"event": event.name, "venue": event.venue, "date": format_tanggal(event.date)},
        url=reverse("events:requests", args=[event.pk]),
        target=event,
        phones=phones,
        per_recipient={pk: {"recipient_business": names[b]} for pk, b in business_of.items()},
        email=False,
    )


# A survey that fell due longer ago than this is not announced any more (the first run after
# an upgrade must not send every old survey).
FOLLOWUP_NOTICE_DAYS = 30


def followups_notify(*, today: dt.date | None = None) -> int:
    """Announce each unanswered 3- and 6-month survey that has fallen due to the members of its
    business, through the one notification service: the inbox, and email and WhatsApp by each
    one's preferences and consent. A survey already announced is not announced again, so a
    second run on the same day sends nothing twice. Returns how many surveys were announced."""
    from django.db import transaction
    from django.utils import timezone

    from jalinmitra.events.models import FollowUp
    from jalinmitra.notifications.selectors import targets_notified
    from jalinmitra.notifications.services import notify

    today = today or timezone.localdate()
    due = list(
        FollowUp.objects.filter(
            answered_at__isnull=True,
            due_on__lte=today,
            due_on__gte=today - dt.timedelta(days=FOLLOWUP_NOTICE_DAYS),
        ).select_related("participant__event", "participant__business")
    )
    done = targets_notified(event="event.followup", model=FollowUp, ids=[f.pk for f in due])
    announced = 0
    for followup in due:
        if followup.pk in done:
            continue
        participant = followup.participant
        users, phones, _ids = _members_of([participant.business_id])
        with transaction.atomic():
            sent = notify(
                event="event.followup",
                recipients=users,
                context={
                    "months": followup.months,
                    "event": participant.event.name,
                    "date": format_tanggal(participant.event.date),
                    "recipient_business": participant.business.name,
                },
                url=reverse("events:followup", args=[followup.pk]),
                target=followup,
                phones=phones,
            )
        announced += bool(sent)
    return announced

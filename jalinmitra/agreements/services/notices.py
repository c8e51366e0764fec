"""Reminders to both parties before an agreement ends (sent after the commit)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jalinmitra.agreements.choices import Status
from jalinmitra.agreements.models import Agreement
from jalinmitra.businesses.models import Membership
from jalinmitra.businesses.selectors import mail_addresses, merge_addresses
from jalinmitra.core.dates import format_tanggal
from jalinmitra.core.notify import send_mail_by_language_after_commit
from jalinmitra.core.services import audit_record

if TYPE_CHECKING:
    from jalinmitra.accounts.models import User

REMINDER_DAYS = (30, 60)  # nearest first: an agreement first seen within 30 days gets one email


def agreement_addresses(agreement: Agreement) -> dict[str, set[str]]:
    """Where the parties read mail, by language: their members' own addresses in each one's
    language, then the businesses' own addresses in their owners' (an address once)."""
    small, large = agreement.small_party_id, agreement.large_party_id
    found = mail_addresses(business_ids=[small, large])
    return merge_addresses(found.get(small, {}), found.get(large, {}))


def _send_reminder(agreement: Agreement, days: int, to: dict[str, set[str]]) -> None:
    from django.conf import settings
    from django.urls import reverse

    link = f"{settings.SITE_URL}{reverse('agreements:detail', args=[agreement.pk])}"

    def text() -> tuple[str, str]:
        subject = _("Perjanjian %(number)s berakhir dalam %(days)s hari") % {
            "number": agreement,
            "days": days,
        }
        body = _(
            "Yth. %(small)s dan %(large)s,\n\n"
            "Perjanjian kemitraan %(number)s berakhir pada %(end)s. Bila kemitraan "
            "akan dilanjutkan, ajukan adendum atau perjanjian baru sebelum tanggal itu:\n"
            "%(link)s\n\nSalam,\nJalinMitra"
        ) % {
            "small": agreement.small_party.name,
            "large": agreement.large_party.name,
            "number": agreement,
            "end": format_tanggal(agreement.end_date),
            "link": link,
        }
        return subject, body

    send_mail_by_language_after_commit(to=to, text=text, what="agreement reminder")


@transaction.atomic
def agreement_remind_ending(*, agreement: Agreement, days: int) -> bool:
    """Email the parties that the agreement ends within ``days`` days, once per threshold.
    Returns whether a reminder went out."""
    if days not in REMINDER_DAYS:
        raise ValueError(days)
    agreement = (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("small_party", "large_party")
        .get(pk=agreement.pk)
    )
    field = f"reminded_{days}_at"
    if getattr(agreement, field) is not None or agreement.status != Status.ACTIVE:
        return False
    addresses = agreement_addresses(agreement)
    recipients = sum(len(v) for v in addresses.values())
    now = timezone.now()
    setattr(agreement, field, now)
    updated = [field]
    if days == 30 and agreement.reminded_60_at is None:
        # Too late for the 60-day notice; it would only repeat this one.
        agreement.reminded_60_at = now
        updated.append("reminded_60_at")
    agreement.save(update_fields=updated)
    if recipients:
        _send_reminder(agreement, days, addresses)
    _ending_notify(agreement, days)
    audit_record(
        actor=None,
        action="agreement.reminder",
        obj=agreement,
        business=agreement.small_party,
        changes={"days": [None, days], "recipients": [None, recipients]},
    )
    return True


def agreements_remind_ending(*, today: datetime.date | None = None) -> list[tuple[Agreement, int]]:
    """Remind the parties of every active agreement ending within 60 or 30 days."""
    today = today or timezone.localdate()
    sent = []
    for days in REMINDER_DAYS:
        due = Agreement.objects.filter(
            status=Status.ACTIVE,
            end_date__gte=today,
            end_date__lte=today + datetime.timedelta(days=days),
            **{f"reminded_{days}_at__isnull": True},
        ).order_by("end_date", "pk")
        for agreement in due:
            if agreement_remind_ending(agreement=agreement, days=days):
                sent.append((agreement, days))
    return sent


def agreement_ready_notify(*, agreement: Agreement, actor: User | None = None) -> None:
    """Both parties' members: the agreement is approved and ready to sign (inbox, email,
    WhatsApp by their preferences; required, so it cannot be stopped)."""
    from django.urls import reverse

    from jalinmitra.notifications.services import notify

    parties = [agreement.small_party, agreement.large_party]
    members = list(
        Membership.objects.filter(business__in=parties, user__is_active=True)
        .select_related("user", "business")
        .order_by("pk")
    )
    notify(
        event="agreement.ready_to_sign",
        recipients=[m.user for m in members],
        context={
            "number": agreement.number or str(agreement),
            "small": agreement.small_party.name,
            "large": agreement.large_party.name,
        },
        url=reverse("agreements:detail", args=[agreement.pk]),
        actor=actor,
        target=agreement,
        phones={m.user_id: m.business.whatsapp for m in members if m.business.whatsapp},
    )


def _ending_notify(agreement: Agreement, days: int) -> None:
    """Both parties' members: the inbox (and consenting WhatsApp); the mail goes as before."""
    from django.urls import reverse

    from jalinmitra.notifications.services import notify

    members = list(
        Membership.objects.filter(
            business__in=[agreement.small_party, agreement.large_party], user__is_active=True
        ).select_related("user", "business")
    )
    notify(
        event="agreement.ending",
        recipients=[m.user for m in members],
        context={
            "number": agreement.number or str(agreement),
            "days": days,
            "end": format_tanggal(agreement.end_date),
        },
        url=reverse("agreements:detail", args=[agreement.pk]),
        target=agreement,
        phones={m.user_id: m.business.whatsapp for m in members if m.business.whatsapp},
        email=False,
    )

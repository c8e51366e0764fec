"""Demo data of notifications for `python manage.py demo` (issue 11).

The demo's events, agreements, realisation and catalogue already notify through their real
services while the demo is built. Here the business logins agree to WhatsApp (through their
preferences, with their business's number), and the waiting meeting requests and the
agreements ready to sign notify them again through the apps' own wiring, so the officer's
"Kirim WhatsApp" page has click-to-chat buttons (the gateway is off). Idempotent: nothing is
added when WhatsApp messages exist already."""

from __future__ import annotations

import datetime as dt

from jalinmitra.agreements.choices import Status as AgreementStatus
from jalinmitra.agreements.models import Agreement
from jalinmitra.agreements.services.notices import agreement_ready_notify
from jalinmitra.businesses.models import Membership
from jalinmitra.events.choices import RequestStatus
from jalinmitra.events.models import MeetingRequest
from jalinmitra.events.services.notices import _request_created_notify
from jalinmitra.notifications.choices import Channel
from jalinmitra.notifications.models import Delivery, Notification
from jalinmitra.notifications.services import preference_save


def notifications_demo_create(*, officer) -> dict[str, int]:
    if Delivery.objects.filter(channel=Channel.WHATSAPP).exists():
        return {"notifications": Notification.objects.count(), "whatsapp": 0}
    members = (
        Membership.objects.filter(user__is_active=True, user__role="usaha")
        .exclude(business__whatsapp="")
        .select_related("user", "business")
        .order_by("pk")
    )
    consented = set()
    for m in members:
        if m.user_id in consented:
            continue
        preference_save(
            actor=m.user,
            email=True,
            whatsapp=True,
            whatsapp_number=m.business.whatsapp,
            whatsapp_consent=True,
            stopped=[],
            digest=False,
            quiet_start=dt.time(21, 0),
            quiet_end=dt.time(7, 0),
        )
        consented.add(m.user_id)
    for request in MeetingRequest.objects.filter(status=RequestStatus.PENDING).select_related(
        "event", "from_participant__business", "to_participant__business"
    )[:20]:
        _request_created_notify(request)
    for agreement in Agreement.objects.filter(status=AgreementStatus.READY).select_related(
        "small_party", "large_party"
    )[:10]:
        agreement_ready_notify(agreement=agreement, actor=officer)
    return {
        "notifications": Notification.objects.count(),
        "whatsapp": Delivery.objects.filter(channel=Channel.WHATSAPP).count(),
    }

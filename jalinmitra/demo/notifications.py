"""Demo data of notifications for `python manage.py demo` (issue 11).

The demo's events, agreements, realisation and catalogue already notify through their real
services while the demo is built. Here the business logins agree to WhatsApp (through their
preferences, with their business's number), and the waiting meeting requests and the
agreements ready to sign notify them again through the apps' own wiring, so the officer's
"Kirim WhatsApp" page has click-to-chat buttons (the gateway is off); a few agreements whose
parties both have logins get a short conversation. Idempotent: nothing is added when WhatsApp
messages exist already."""

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
from jalinmitra.notifications.services import message_post, preference_save

CONVERSATION = (
    ("small", "Selamat siang, Bapak/Ibu. Pengiriman bulan ini bisa kami majukan ke hari Senin."),
    ("large", "Baik, Senin pagi kami terima di gudang. Mohon sertakan nota pengiriman."),
    ("small", "Siap, nota kami lampirkan saat barang tiba. Terima kasih."),
)


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
    # A short conversation on a few agreements, written by a member of each party.
    talked = 0
    for agreement in Agreement.objects.select_related("small_party", "large_party").order_by("pk"):
        if talked == 3:
            break
        writers = {}
        for side, business in (("small", agreement.small_party), ("large", agreement.large_party)):
            m = Membership.objects.filter(business=business, user__is_active=True).first()
            if m is not None:
                writers[side] = m.user
        if len(writers) < 2:
            continue
        talked += 1
        url = f"/pemberitahuan/percakapan/agreements.agreement/{agreement.pk}/"
        for side, body in CONVERSATION:
            message_post(actor=writers[side], target=agreement, body=body, url=url)
    return {
        "notifications": Notification.objects.count(),
        "whatsapp": Delivery.objects.filter(channel=Channel.WHATSAPP).count(),
    }

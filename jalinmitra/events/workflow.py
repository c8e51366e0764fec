"""The event workflow in one table: `event_set_status`, the schedule run and publishing check it,
and the event page's status buttons come from it.

draft -open-> open -schedule-> scheduled -publish-> published -finish-> finished; an open event
may go back to draft, and a finished one be opened again.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from jalinmitra.core.workflow import Transition, Workflow
from jalinmitra.events.choices import EventStatus


def _officer(user: Any, event: Any) -> Any:
    if user is None or not getattr(user, "is_officer", False):
        return _("Hanya petugas yang dapat mengubah status acara.")
    return None


def _wrong_state(event: Any) -> Any:
    return _("Tindakan ini tidak dapat dilakukan pada acara berstatus %(s)s.") % {
        "s": event.get_status_display()
    }


EVENT_FLOW = Workflow(
    "event",
    [
        Transition(
            "open",
            src=frozenset({EventStatus.DRAFT}),
            dst=EventStatus.OPEN,
            label=_("Buka pendaftaran"),
            refuse=_officer,
        ),
        Transition(
            "draft",
            src=frozenset({EventStatus.OPEN}),
            dst=EventStatus.DRAFT,
            label=_("Kembalikan ke draf"),
            refuse=_officer,
            style="secondary",
        ),
        Transition(
            "schedule",  # a schedule run that found meetings
            src=frozenset({EventStatus.OPEN}),
            dst=EventStatus.SCHEDULED,
            label=_("Jadwal disusun"),
            refuse=_officer,
            button=False,
        ),
        Transition(
            "publish",  # from the schedule page, with the meetings
            src=frozenset({EventStatus.OPEN, EventStatus.SCHEDULED}),
            dst=EventStatus.PUBLISHED,
            label=_("Terbitkan jadwal"),
            refuse=_officer,
            button=False,
        ),
        Transition(
            "finish",
            src=frozenset({EventStatus.OPEN, EventStatus.SCHEDULED, EventStatus.PUBLISHED}),
            dst=EventStatus.FINISHED,
            label=_("Tandai selesai"),
            refuse=_officer,
            style="danger",
        ),
        Transition(
            "reopen",
            src=frozenset({EventStatus.FINISHED}),
            dst=EventStatus.OPEN,
            label=_("Buka kembali"),
            refuse=_officer,
            style="secondary",
        ),
    ],
    wrong_state=_wrong_state,
)


def transition_to(current: str, status: str) -> str | None:
    """The name of the button that moves an event from `current` to `status`, or None."""
    for t in EVENT_FLOW.buttons():
        if current in t.src and t.dst == status:
            return t.name
    return None

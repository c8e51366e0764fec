"""What the parts of the events services share: who may act, and the limits."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from jalinmitra.businesses.choices import LARGE_SIZES, SMALL_SIZES
from jalinmitra.businesses.models import Business
from jalinmitra.businesses.selectors import is_member
from jalinmitra.events.choices import EventStatus, Role
from jalinmitra.events.models import Participant

if TYPE_CHECKING:
    from jalinmitra.accounts.models import User

logger = logging.getLogger("jalinmitra.events.services")

_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")

MAX_SESSIONS = 12


# Scheduling runs in the request up to this many participants; bigger events go to the worker.
SYNC_MAX_PARTICIPANTS = 300

SCHEDULE_TIME_LIMIT = 30.0


def _require_actor_for(actor: User, participant: Participant) -> None:
    """Officers act for anyone; a business user only for its own participant."""
    if actor is not None and actor.is_officer:
        return
    if not is_member(actor, participant.business_id):
        raise PermissionDenied(_("Anda hanya dapat bertindak untuk usaha Anda sendiri."))


def _require_officer(actor: User, message: str | None = None) -> None:
    if actor is None or not actor.is_officer:
        raise PermissionDenied(message or _("Hanya petugas yang dapat melakukan ini."))


def _is_officer(actor: User) -> bool:
    return actor is not None and actor.is_authenticated and actor.is_officer


# Events in these states take no meeting requests.
CLOSED_FOR_REQUESTS = {EventStatus.DRAFT, EventStatus.FINISHED}


def role_for(business: Business) -> str | None:
    if business.size_class in SMALL_SIZES:
        return Role.SELLER
    if business.size_class in LARGE_SIZES:
        return Role.BUYER
    return None

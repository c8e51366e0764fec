import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from jalinmitra.agreements.choices import Status
from jalinmitra.agreements.models import Agreement
from jalinmitra.matching.models import MeetingInvitation

RUNNING = [Status.READY, Status.SIGNED, Status.WITNESSED, Status.ACTIVE]


def agreement_qs() -> QuerySet[Agreement]:
    return Agreement.objects.select_related("small_party", "large_party")


def agreements_visible_to(user) -> QuerySet[Agreement]:
    qs = agreement_qs()
    if user.is_officer:
        return qs
    return qs.filter(
        Q(small_party__memberships__user=user) | Q(large_party__memberships__user=user)
    ).distinct()


def agreements_filter(user, params: dict) -> QuerySet[Agreement]:
    """The register: pattern, status, ending within 60 days, text (number, party name)."""
    qs = agreements_visible_to(user)
    if params.get("pattern"):
        qs = qs.filter(pattern=params["pattern"])
    if params.get("status"):
        qs = qs.filter(status=params["status"])
    if params.get("ending"):
        today = timezone.localdate()
        qs = qs.filter(
            status__in=RUNNING,
            end_date__gte=today,
            end_date__lte=today + datetime.timedelta(days=60),
        )
    q = (params.get("q") or "").strip()
    if q:
        qs = qs.filter(
            Q(number__icontains=q)
            | Q(code__iexact=q)
            | Q(small_party__name__icontains=q)
            | Q(large_party__name__icontains=q)
        )
    return qs.order_by("-created_at", "-id")


def agreement_for_user(user, pk: int) -> Agreement:
    agreement = get_object_or_404(agreement_qs(), pk=pk)
    if user.is_officer:
        return agreement
    if agreements_visible_to(user).filter(pk=pk).exists():
        return agreement
    raise PermissionDenied


def agreement_by_code(code: str) -> Agreement:
    return get_object_or_404(agreement_qs(), code=code.strip().upper())


def invitation_for_agreement(pk) -> MeetingInvitation | None:
    if not str(pk or "").isdigit():
        return None
    return (
        MeetingInvitation.objects.select_related("need__business", "offer__business")
        .filter(pk=int(pk))
        .first()
    )

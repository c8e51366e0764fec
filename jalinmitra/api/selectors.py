"""Reads of the API: a token from its secret, and what each token may see."""

from __future__ import annotations

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from jalinmitra.agreements.choices import Status as AgreementStatus
from jalinmitra.agreements.models import Agreement
from jalinmitra.api.choices import Institution
from jalinmitra.api.models import ApiToken
from jalinmitra.api.services import hash_secret
from jalinmitra.businesses.choices import VerificationStatus as BusinessStatus
from jalinmitra.businesses.models import Business, BusinessKbli, Need, Offer
from jalinmitra.events.choices import EventStatus
from jalinmitra.events.models import Event, Meeting


def token_from_secret(secret: str) -> ApiToken | None:
    """The live token with this secret, or None (unknown, revoked or expired)."""
    if not secret or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user", "business", "bank")
        .filter(key_hash=hash_secret(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.is_live(timezone.now()):
        return None
    return token


def is_city(token: ApiToken) -> bool:
    return token.institution == Institution.CITY


def businesses_for(token: ApiToken) -> QuerySet[Business]:
    """Verified businesses for everyone; the city's tokens also those being registered."""
    primary = BusinessKbli.objects.filter(business=OuterRef("pk"), is_primary=True).values(
        "kbli__code"
    )[:1]
    qs = Business.objects.select_related("region").annotate(api_kbli=Subquery(primary))
    if not is_city(token):
        qs = qs.filter(status=BusinessStatus.VERIFIED)
    return qs


def offers_for(token: ApiToken) -> QuerySet[Offer]:
    return Offer.objects.filter(
        is_active=True, business__status=BusinessStatus.VERIFIED
    ).select_related("business", "kbli")


def needs_for(token: ApiToken) -> QuerySet[Need]:
    return Need.objects.filter(business__status=BusinessStatus.VERIFIED).select_related(
        "business", "kbli"
    )


def events_for(token: ApiToken) -> QuerySet[Event]:
    """Events whose schedule is out (published or finished)."""
    return Event.objects.filter(status__in=[EventStatus.PUBLISHED, EventStatus.FINISHED])


def meetings_for(token: ApiToken, event: Event) -> QuerySet[Meeting]:
    """A published schedule's meetings: all for the city, the token's own business's otherwise."""
    qs = Meeting.objects.filter(event=event, published=True).select_related(
        "seller__business", "buyer__business"
    )
    if is_city(token):
        return qs
    if token.business_id is None:
        return qs.none()
    return qs.filter(
        Q(seller__business_id=token.business_id) | Q(buyer__business_id=token.business_id)
    )


def agreements_for(token: ApiToken) -> QuerySet[Agreement]:
    """The city sees every agreement past its draft; a business its own; others none."""
    qs = Agreement.objects.select_related("small_party", "large_party")
    if is_city(token):
        return qs.exclude(status=AgreementStatus.DRAFT)
    if token.business_id is None:
        return qs.none()
    return qs.filter(Q(small_party_id=token.business_id) | Q(large_party_id=token.business_id))

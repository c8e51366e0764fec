from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from jalinmitra.businesses.choices import MembershipRole, NeedStatus
from jalinmitra.businesses.models import (
    Business,
    BusinessKbli,
    Certification,
    Membership,
    Need,
    Offer,
)
from jalinmitra.businesses.workflow import BUSINESS_FLOW
from jalinmitra.core.actors import Actor
from jalinmitra.core.notify import mail_language


def business_list_qs() -> QuerySet[Business]:
    return Business.objects.select_related("region", "region__parent").prefetch_related(
        Prefetch("kbli_links", queryset=BusinessKbli.objects.select_related("kbli")),
        "certifications",
    )


def businesses_filter(*, params: dict) -> QuerySet[Business]:
    """The officers' list: size class, kecamatan, KBLI category, state, certification, text."""
    qs = business_list_qs()
    q = (params.get("q") or "").strip()
    if q:
        digits = q.replace(" ", "")
        cond = Q(name__icontains=q) | Q(owner_name__icontains=q)
        if digits.isdigit():
            cond |= Q(nib__startswith=digits)
        qs = qs.filter(cond)
    if params.get("size"):
        qs = qs.filter(size_class=params["size"])
    if params.get("kecamatan"):
        qs = qs.filter(region__parent_id=params["kecamatan"])
    if params.get("status"):
        qs = qs.filter(status=params["status"])
    if params.get("kategori"):
        qs = qs.filter(
            Exists(
                BusinessKbli.objects.filter(
                    business=OuterRef("pk"), kbli__category=params["kategori"]
                )
            )
        )
    if params.get("cert"):
        qs = qs.filter(
            Exists(
                Certification.objects.filter(business=OuterRef("pk"), kind=params["cert"]).filter(
                    Q(expires_on__isnull=True) | Q(expires_on__gte=timezone.localdate())
                )
            )
        )
    return qs.order_by("name", "id")


# The columns a row of the officers' list shows (views.list_rows_html), read as plain tuples: no
# model instances for a page of 25 (with their regions, KBLI links and certificates, ~150 of
# them), no wide columns (descriptions, addresses).
LIST_ROW_FIELDS = (
    "id",
    "name",
    "owner_name",
    "nib",
    "size_class",
    "status",
    "region__name",
    "region__parent__name",
)


def business_list_rows(*, qs: QuerySet[Business]) -> QuerySet[Business]:
    """A ``businesses_filter`` queryset for paging the list: no joins or prefetches, so the
    paginator's COUNT reads the businesses table alone (the region joins made it 5 ms at
    10,000 businesses). Read a page's rows with ``business_list_page``."""
    return qs.select_related(None).prefetch_related(None)


def business_list_page(*, page_qs: QuerySet[Business]) -> list[tuple]:
    """A page of ``business_list_rows`` (sliced) as the list's row tuples (``LIST_ROW_FIELDS``),
    in its order."""
    return list(page_qs.values_list(*LIST_ROW_FIELDS))


def business_list_extras(
    *, ids: list[int]
) -> tuple[dict[int, str], dict[int, list[tuple[str, date | None]]]]:
    """For a page of the list: each business's primary KBLI code(s), and its certificates'
    (kind, expiry) in their usual order. Two queries, however many rows."""
    codes: dict[int, str] = {}
    for business_id, code in BusinessKbli.objects.filter(
        business_id__in=ids, is_primary=True
    ).values_list("business_id", "kbli__code"):
        codes[business_id] = codes.get(business_id, "") + code
    certificates: dict[int, list[tuple[str, date | None]]] = {}
    for business_id, kind, expires_on in Certification.objects.filter(
        business_id__in=ids
    ).values_list("business_id", "kind", "expires_on"):
        certificates.setdefault(business_id, []).append((kind, expires_on))
    return codes, certificates


def is_member(user: Actor, business_id: int) -> bool:
    """Whether the user belongs to the business (owner or staff). The one membership check."""
    return bool(
        user is not None
        and user.is_authenticated
        and Membership.objects.filter(user_id=user.pk, business_id=business_id).exists()
    )


def business_access_check(*, user: Actor, business_id: int) -> None:
    """PermissionDenied unless the user may act on this (existing) business: officers any,
    members their own. No query for an officer, one for anyone else; nothing loaded (the need
    page already holds its business)."""
    if user.is_officer or is_member(user, business_id):
        return
    raise PermissionDenied


def business_for_user(user: Actor, pk: int) -> Business:
    """A business the user may act on: officers any, members their own; 403 for anyone else."""
    business = get_object_or_404(business_list_qs(), pk=pk)
    business_access_check(user=user, business_id=business.pk)
    return business


def businesses_of_user(user: Actor) -> QuerySet[Business]:
    return (
        business_list_qs()
        .filter(memberships__user_id=user.pk)
        .annotate(
            offer_count=Count("offers", distinct=True), need_count=Count("needs", distinct=True)
        )
    )


def verification_queue() -> QuerySet[Business]:
    return business_list_qs().filter(status="submitted").order_by("submitted_at", "id")


def offers_of(*, business: Business) -> QuerySet[Offer]:
    return business.offers.select_related("kbli").prefetch_related("photos", "certifications")


def need_open_q(*, prefix: str = "") -> Q:
    """Needs open for matching and meetings: status open and the deadline, if any, not passed
    (a need past its deadline is shown as closed everywhere: ``Need.is_open``)."""
    return Q(**{f"{prefix}status": NeedStatus.OPEN}) & (
        Q(**{f"{prefix}deadline__isnull": True})
        | Q(**{f"{prefix}deadline__gte": timezone.localdate()})
    )


def needs_open() -> QuerySet[Need]:
    return Need.objects.filter(need_open_q())


def needs_of(*, business: Business) -> QuerySet[Need]:
    return business.needs.select_related("kbli", "delivery_region")


def available_transitions(*, business: Business, user: Actor) -> list:
    """The verification buttons this user sees on the business page (the services decide)."""
    return BUSINESS_FLOW.available(business, user)


# --- where a business reads mail, and in which language ------------------------------------


def mail_addresses(*, business_ids) -> dict[int, dict[str, set[str]]]:
    """For each business, its addresses by the language of the mail: each active member's
    own address in that member's language, and the business's own address (which no account
    reads) in its first active owner's language, else Indonesian (an owner registered at the
    counter). An address that is both goes once, in the member's language. Two queries for
    any number of businesses."""
    ids = list(business_ids)
    found: dict[int, dict[str, str]] = {pk: {} for pk in ids}
    owner_language: dict[int, str] = {}
    members = (
        Membership.objects.filter(business_id__in=ids, user__is_active=True)
        .order_by("created_at", "pk")
        .values_list("business_id", "role", "user__email", "user__language")
    )
    for business_id, role, email, language in members:
        if role == MembershipRole.OWNER:
            owner_language.setdefault(business_id, mail_language(language))
        if email:
            found[business_id].setdefault(email, mail_language(language))
    for business_id, email in Business.objects.filter(pk__in=ids).values_list("pk", "email"):
        if email:
            found[business_id].setdefault(
                email, owner_language.get(business_id, mail_language(None))
            )
    by_language: dict[int, dict[str, set[str]]] = {}
    for business_id, addresses in found.items():
        for email, language in addresses.items():
            by_language.setdefault(business_id, {}).setdefault(language, set()).add(email)
    return by_language


def business_mail_language(*, business: Business) -> str:
    """The language of mail to the business's own address: its first active owner login's
    language, else Indonesian."""
    return mail_language(
        Membership.objects.filter(
            business=business, role=MembershipRole.OWNER, user__is_active=True
        )
        .order_by("created_at", "pk")
        .values_list("user__language", flat=True)
        .first()
    )


def merge_addresses(*groups: dict[str, set[str]]) -> dict[str, set[str]]:
    """Several businesses' addresses by language as one mapping (an address once)."""
    merged: dict[str, set[str]] = {}
    seen: set[str] = set()
    for group in groups:
        for language in sorted(group):
            for email in sorted(group[language] - seen):
                merged.setdefault(language, set()).add(email)
                seen.add(email)
    return merged

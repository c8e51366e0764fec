"""Reads of the public catalogue: which offers are public, the search with its filters and
counts, a product's and a business's public page, the owner's inbox, and lead counts.

Public means: an active offer of a verified micro or small business. Contact details only with
the owner's live consent to the current statement (`contact_consent_live`)."""

from __future__ import annotations

import hashlib
from array import array
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from jalinmitra.businesses.choices import SMALL_SIZES, CertificationKind, VerificationStatus
from jalinmitra.businesses.models import (
    Business,
    BusinessKbli,
    Certification,
    Offer,
    OfferPhoto,
)
from jalinmitra.businesses.selectors import is_member
from jalinmitra.catalogue import search as typo
from jalinmitra.catalogue.choices import (
    CONTACT_CONSENT_VERSION,
    PRICE_BANDS,
    EnquiryStatus,
    Sort,
)
from jalinmitra.catalogue.models import ContactConsent, Enquiry, SignatureProduct, Thumbnail
from jalinmitra.core import pagecache
from jalinmitra.core.models import City, KbliCode, Region
from jalinmitra.core.selectors import DEFAULT_KBLI_VERSION
from jalinmitra.matching.selectors import offer_index

if TYPE_CHECKING:
    from jalinmitra.accounts.models import User

PAGE_SIZE = 24
SEARCH_DEPTH = 400  # ranked matches asked of the engine (about 17 pages of cards)
MIN_SCORE = 0.2  # below this a match is only a loose relative of the words asked
QUERY_MAX = 100
# One printed catalogue is made while the person waits (about 3 s per 100 products here).
PRINT_MAX = 300


def public_business_q(*, prefix: str = "") -> Q:
    return Q(
        **{
            f"{prefix}status": VerificationStatus.VERIFIED,
            f"{prefix}size_class__in": list(SMALL_SIZES),
        }
    )


def public_offer_q() -> Q:
    return Q(is_active=True) & public_business_q(prefix="business__")


def valid_certification_q(*, prefix: str = "", today: date | None = None) -> Q:
    today = today or timezone.localdate()
    return Q(**{f"{prefix}expires_on__isnull": True}) | Q(**{f"{prefix}expires_on__gte": today})


def _photos_prefetch() -> Prefetch:
    return Prefetch(
        "photos",
        queryset=OfferPhoto.objects.only("id", "offer_id", "image", "width", "height")
        .order_by("id")
        .prefetch_related(
            Prefetch("thumbnails", queryset=Thumbnail.objects.only("photo_id", "width", "image"))
        ),
    )


def public_offers() -> QuerySet[Offer]:
    return Offer.objects.filter(public_offer_q())


def contact_consent_live(*, business: Business) -> ContactConsent | None:
    """The owner's consent to show contact details, if given to the current statement and not
    withdrawn."""
    return (
        ContactConsent.objects.filter(
            business=business, withdrawn_at__isnull=True, version=CONTACT_CONSENT_VERSION
        )
        .order_by("-given_at")
        .first()
    )


def contact_consent_history(*, business: Business) -> QuerySet[ContactConsent]:
    return ContactConsent.objects.filter(business=business).select_related(
        "given_by", "withdrawn_by"
    )


# --- the catalogue list ------------------------------------------------------------------


@dataclass
class CatalogueQuery:
    q: str = ""
    family: str = ""  # a KBLI golongan (3 digits)
    cert: str = ""  # a certification kind, valid today
    kecamatan: str = ""  # a kecamatan code, e.g. 18.72.01
    price: str = ""  # a PRICE_BANDS key
    sort: str = ""
    page: int = 1

    @classmethod
    def from_params(cls, params) -> CatalogueQuery:
        """From a query string; anything not understood is dropped, never an error page."""
        q = " ".join((params.get("q") or "").split())[:QUERY_MAX]
        family = (params.get("golongan") or "").strip()
        cert = (params.get("sertifikat") or "").strip()
        kec = (params.get("kecamatan") or "").strip()
        price = (params.get("harga") or "").strip()
        sort = (params.get("urut") or "").strip()
        try:
            page = max(1, min(int(params.get("hal") or 1), 10_000))
        except ValueError:
            page = 1
        return cls(
            q=q,
            family=family if family.isdigit() and len(family) == 3 else "",
            cert=cert if cert in CertificationKind.values else "",
            kecamatan=kec if len(kec) == 8 and kec.replace(".", "").isdigit() else "",
            price=price if price in {b[0] for b in PRICE_BANDS} else "",
            sort=sort if sort in Sort.values else "",
            page=page,
        )

    @property
    def sort_used(self) -> str:
        if self.sort == Sort.RELEVANCE and not self.q:
            return Sort.NEWEST
        return self.sort or (Sort.RELEVANCE if self.q else Sort.NEWEST)

    def params(self, **change) -> dict[str, str]:
        """This query as query-string parameters, with `change` applied (page back to 1)."""
        values = {
            "q": self.q,
            "golongan": self.family,
            "sertifikat": self.cert,
            "kecamatan": self.kecamatan,
            "harga": self.price,
            "urut": self.sort,
            "hal": "",
        }
        values.update({k: str(v) for k, v in change.items()})
        return {k: v for k, v in values.items() if v}


@dataclass
class FacetOption:
    key: str
    label: str
    count: int
    selected: bool = False


@dataclass
class CataloguePage:
    query: CatalogueQuery
    items: list[Offer]
    total: int
    page: int
    pages: int
    facets: dict[str, list[FacetOption]] = field(default_factory=dict)
    searched_for: str = ""  # the words searched, after typo correction, when it changed them
    signature_ids: set[int] = field(default_factory=set)


def _ranked_ids(q: str) -> tuple[list[int], str]:
    """Offer ids for the words `q`, best first, through the matching engine's text pipeline
    (spelling variants, stemming) with unknown words corrected to the nearest known ones."""
    matcher = offer_index()
    lexicon = matcher.lexicon
    tokens = lexicon.tokens(q)
    if not tokens:
        return [], ""
    fixed, changed = typo.corrected(tokens, matcher.index.df)
    text = " ".join(fixed) if changed else q
    matches = matcher.search(text, SEARCH_DEPTH)
    ids = [int(m.offer_id) for m in matches if m.score >= MIN_SCORE]
    return ids, (" ".join(fixed) if changed else "")


# A backstop only: the stamp below changes with every write the catalogue can see.
CACHE_SECONDS = 600

# What the catalogue's public pages (list, product, business) show: each save or delete of these
# renews core.pagecache's stamp (audit rows cover writes that send no signal). Watched in
# CatalogueConfig.ready, so in every process, the task worker included.
PUBLIC_MODELS = (
    Offer, Business, BusinessKbli, OfferPhoto, Thumbnail, Certification, SignatureProduct,
    ContactConsent, City, Region, KbliCode,
)  # fmt: skip


def catalogue_version() -> str:
    """A key that changes with every write that can change what the catalogue lists or counts
    (core.pagecache.stamp: a token renewed by every save of the models above, the newest audit
    row, today's date). Two small reads, no count over the offers."""
    return pagecache.stamp()


def _cached(key_parts: list[str], make):
    """`make()` kept in Django's cache under `key_parts` (which include catalogue_version())."""
    key = "catalogue:" + hashlib.sha256("|".join(key_parts).encode()).hexdigest()[:40]
    try:
        found = cache.get(key)
    except DatabaseError:  # no cache table yet: work it out every time
        return make()
    if found is None:
        found = make()
        try:
            cache.set(key, found, CACHE_SECONDS)
        except DatabaseError:
            pass
    return found


ORDERING: dict[str, list] = {
    Sort.NEWEST: ["-updated_at", "-id"],
    Sort.PRICE_LOW: [F("price_min").asc(nulls_last=True), "id"],  # no price: last, any database
    Sort.PRICE_HIGH: [F("price_max").desc(nulls_last=True), "-id"],
    Sort.NAME: ["title", "id"],
}


def _card_qs() -> QuerySet[Offer]:
    return Offer.objects.select_related("business", "business__region__parent").only(
        "id",
        "is_active",
        "business__status",
        "business__size_class",
        "title",
        "unit",
        "price_min",
        "price_max",
        "business__id",
        "business__name",
        "business__region__code",
        "business__region__name",
        "business__region__parent_id",
        "business__region__parent__name",
    )


def _price_band(price_min) -> str:
    if price_min is None:
        return ""
    for band, low, high, _label in PRICE_BANDS:
        if (low is None or price_min >= low) and (high is None or price_min < high):
            return band
    return ""


def _listing(query: CatalogueQuery) -> dict:
    """What a list page needs besides its cards: the ordered ids of every offer it lists, the
    filter counts, the words searched after correction, the live signature products.

    Two reads of the offers in question (their sort keys, KBLI code, kelurahan and price; their
    valid certificate kinds) and one pass over them: each filter's counts are those of the
    other filters applied (a facet's own choice does not shrink its list), the ids those of
    all of them, ordered. No query per facet, none per offer."""
    base = public_offers()
    searched_for = ""
    ranked: list[int] | None = None
    if query.q:
        ranked, searched_for = _ranked_ids(query.q)
        base = base.filter(pk__in=ranked)
    sort = query.sort_used
    # Read in the page's order (the database sorts; relevance is the engine's order, below).
    ordering = ORDERING[Sort.NEWEST if sort == Sort.RELEVANCE else Sort(sort)]
    rows = list(
        base.order_by(*ordering).values_list("pk", "price_min", "kbli__code", "business__region_id")
    )
    links = Offer.certifications.through.objects.filter(
        valid_certification_q(prefix="certification__"), offer_id__in=base.values("pk")
    ).values_list("offer_id", "certification__kind")
    kinds: dict[int, set[str]] = {}
    for offer_id, kind in links:
        kinds.setdefault(offer_id, set()).add(kind)
    fam_counts: dict[str, int] = {}
    kec_counts: dict[str, int] = {}
    cert_counts: dict[str, int] = {}
    price_counts: dict[str, int] = {}
    chosen = []
    none: set[str] = set()
    for row in rows:
        pk, price_min, kbli, region = row
        family = kbli[:3] if kbli else ""
        kec = region[:8] if region else ""
        band = _price_band(price_min)
        have = kinds.get(pk, none)
        f_ok = not query.family or family == query.family
        k_ok = not query.kecamatan or kec == query.kecamatan
        c_ok = not query.cert or query.cert in have
        p_ok = not query.price or band == query.price
        # A facet counts the offers that pass every other filter.
        if family and k_ok and c_ok and p_ok:
            fam_counts[family] = fam_counts.get(family, 0) + 1
        if kec and f_ok and c_ok and p_ok:
            kec_counts[kec] = kec_counts.get(kec, 0) + 1
        if have and f_ok and k_ok and p_ok:
            for kind in have:
                cert_counts[kind] = cert_counts.get(kind, 0) + 1
        if band and f_ok and k_ok and c_ok:
            price_counts[band] = price_counts.get(band, 0) + 1
        if f_ok and k_ok and c_ok and p_ok:
            chosen.append(row)
    if ranked is not None and sort == Sort.RELEVANCE:
        position = {pk: i for i, pk in enumerate(ranked)}
        chosen.sort(key=lambda r: position[r[0]])
    fam_titles = dict(
        KbliCode.objects.filter(
            version=DEFAULT_KBLI_VERSION, level="golongan", code__in=list(fam_counts)
        ).values_list("code", "title")
    )
    kec_names = dict(Region.objects.filter(code__in=list(kec_counts)).values_list("code", "name"))
    labels = dict(CertificationKind.choices)
    facets = {
        "total": len(chosen),
        "family": sorted(
            (
                FacetOption(g, fam_titles.get(g, g), n, g == query.family)
                for g, n in fam_counts.items()
            ),
            key=lambda o: (-o.count, o.label),
        ),
        "cert": [
            FacetOption(k, str(labels.get(k, k)), n, k == query.cert)
            for k, n in sorted(cert_counts.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "kecamatan": sorted(
            (
                FacetOption(k, kec_names.get(k, k), n, k == query.kecamatan)
                for k, n in kec_counts.items()
            ),
            key=lambda o: o.label,
        ),
        "price": [
            FacetOption(key, str(label), price_counts.get(key, 0), key == query.price)
            for key, _low, _high, label in PRICE_BANDS
            if price_counts.get(key) or key == query.price
        ],
    }
    signature = set(
        SignatureProduct.objects.filter(withdrawn_at__isnull=True).values_list(
            "offer_id", flat=True
        )
    )
    return {
        # 8 bytes an id (array "q"): a page slices its 24 without unpacking 50,000 ints.
        "ids": array("q", [r[0] for r in chosen]).tobytes(),
        "facets": facets,
        "searched_for": searched_for,
        "signature": signature,
    }


def catalogue_search(*, query: CatalogueQuery) -> CataloguePage:
    """One page of the catalogue. The ordered ids, the counts and the search are worked out once
    per words+filters+sort and kept under catalogue_version(), so a repeat costs one query for
    the version, one cache read and the page's cards (one query, and one for their photos)."""
    parts = [
        catalogue_version(),
        " ".join(query.q.casefold().split()),
        query.family,
        query.cert,
        query.kecamatan,
        query.price,
        query.sort_used,
    ]
    listing = _cached(parts, lambda: _listing(query))
    ids = listing["ids"]
    size = array("q").itemsize
    total = len(ids) // size
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(query.page, pages)
    page_ids = array("q", ids[(page - 1) * PAGE_SIZE * size : page * PAGE_SIZE * size]).tolist()
    items = cards_by_ids(page_ids)
    return CataloguePage(
        query=query,
        items=items,
        total=total,
        page=page,
        pages=pages,
        facets=listing["facets"],
        searched_for=listing["searched_for"],
        signature_ids={pk for pk in page_ids if pk in listing["signature"]},
    )


@dataclass
class CardPhoto:
    """An offer's first photo for a card: the original and its thumbnails (width, name)."""

    image: str
    thumbs: list[tuple[int, str]]


def photos_of(offer_ids: list[int]) -> dict[int, list[CardPhoto]]:
    """Each offer's photos (oldest first) with their thumbnails, in one query."""
    rows = (
        OfferPhoto.objects.filter(offer_id__in=offer_ids)
        .order_by("offer_id", "id", "thumbnails__width")
        .values_list("offer_id", "id", "image", "thumbnails__width", "thumbnails__image")
    )
    out: dict[int, list[CardPhoto]] = {}
    by_photo: dict[int, CardPhoto] = {}
    for offer_id, photo_id, image, width, thumb in rows:
        photo = by_photo.get(photo_id)
        if photo is None:
            photo = by_photo[photo_id] = CardPhoto(image=image, thumbs=[])
            out.setdefault(offer_id, []).append(photo)
        if width and thumb:
            photo.thumbs.append((width, thumb))
    return out


def _is_public(offer: Offer) -> bool:
    """public_offer_q() for an offer read with its business's status and size."""
    business = offer.business
    return (
        offer.is_active
        and business.status == VerificationStatus.VERIFIED
        and business.size_class in SMALL_SIZES
    )


def cards_by_ids(ids: list[int]) -> list[Offer]:
    """The offers `ids` (public ones only, in that order) with what a card shows, each with
    `card_photos` (CardPhoto list): two queries."""
    if not ids:
        return []
    # From the ids (public_offer_q in SQL makes SQLite start from the verified businesses and
    # read their offers: 100 ms at 50,000 offers); whether each is public is checked here.
    found = _card_qs().filter(pk__in=ids).order_by()
    rows = {o.pk: o for o in found if _is_public(o)}
    photos = photos_of(list(rows))
    items = []
    for pk in ids:
        offer = rows.get(pk)
        if offer is not None:
            offer.card_photos = photos.get(pk, [])  # type: ignore[attr-defined]
            items.append(offer)
    return items


# --- one product, one business ---------------------------------------------------------------


def offer_public(*, pk: int) -> Offer:
    """A public offer with what its page shows; 404 for anything not public. The offer carries
    `card_photos`, `consent_live` (the owner's live contact consent) and `signature_story` (its
    live signature designation's story, or None): three queries in all."""
    live_signature = SignatureProduct.objects.filter(
        offer=OuterRef("pk"), withdrawn_at__isnull=True
    ).order_by("-designated_at")
    offer = (
        public_offers()
        .select_related("business", "business__region__parent", "kbli")
        .prefetch_related(
            Prefetch(
                "certifications", queryset=Certification.objects.order_by("kind", "expires_on")
            ),
        )
        .annotate(
            consent_live=Exists(
                ContactConsent.objects.filter(
                    business=OuterRef("business_id"),
                    withdrawn_at__isnull=True,
                    version=CONTACT_CONSENT_VERSION,
                )
            ),
            signature_story=Subquery(live_signature.values("story")[:1]),
        )
        .filter(pk=pk)
        .first()
    )
    if offer is None:
        raise Http404
    offer.card_photos = photos_of([offer.pk]).get(offer.pk, [])  # type: ignore[attr-defined]
    return offer


def business_public(*, pk: int) -> Business:
    business = Business.objects.filter(public_business_q(), pk=pk).select_related("region__parent")
    found = business.first()
    if found is None:
        raise Http404
    return found


def offers_of_public(
    *, business: Business, exclude: int | None = None, limit: int = 24
) -> list[Offer]:
    """The business's public offers for cards (with `card_photos`): two queries."""
    qs = _card_qs().filter(public_offer_q(), business=business).order_by("title", "id")
    if exclude:
        qs = qs.exclude(pk=exclude)
    offers = list(qs[:limit])
    photos = photos_of([o.pk for o in offers])
    for o in offers:
        o.card_photos = photos.get(o.pk, [])  # type: ignore[attr-defined]
    return offers


def certifications_shown(*, business: Business) -> list[Certification]:
    return list(business.certifications.order_by("kind", "expires_on"))


def signature_live(*, offer: Offer) -> SignatureProduct | None:
    return SignatureProduct.objects.filter(offer=offer, withdrawn_at__isnull=True).first()


def signature_products() -> list[SignatureProduct]:
    """The showcase: live designations of offers that are still public."""
    return list(
        SignatureProduct.objects.filter(withdrawn_at__isnull=True)
        .filter(Exists(Offer.objects.filter(public_offer_q(), pk=OuterRef("offer_id"))))
        .select_related("offer", "offer__business", "offer__business__region__parent")
        .prefetch_related(Prefetch("offer__photos", queryset=_photos_prefetch().queryset))
        .order_by("offer__title", "id")
    )


def signature_review_due() -> QuerySet[SignatureProduct]:
    return SignatureProduct.objects.filter(
        withdrawn_at__isnull=True, review_on__lte=timezone.localdate()
    ).select_related("offer", "offer__business")


# --- the owner's inbox and the programme's figures -------------------------------------------


def enquiries_for(*, user: User, business: Business) -> QuerySet[Enquiry]:
    """The business's enquiries, for its members and officers only."""
    if not (user.is_authenticated and (user.is_officer or is_member(user, business.pk))):
        raise PermissionDenied
    return Enquiry.objects.filter(business=business).select_related("offer")


def enquiry_thread_parties(*, obj: Enquiry) -> list:
    """Who writes in an enquiry's conversation with an account: the business's active members
    and its officer (the verifier, else the officer who registered it); officers read every
    thread anyway. The buyer takes part through the private link (enquiry_by_token)."""
    from jalinmitra.businesses.models import Membership

    business = obj.business
    users = [
        m.user
        for m in Membership.objects.filter(business=business, user__is_active=True).select_related(
            "user"
        )
    ]
    officer = business.verified_by or business.created_by
    if officer is not None and officer.is_officer and officer.is_active:
        users.append(officer)
    return users


TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def enquiry_by_token(*, token: str) -> Enquiry:
    """The enquiry whose private link this is; 404 for any other token (never a hint which)."""
    if not (20 <= len(token) <= 64) or not set(token) <= TOKEN_CHARS:
        raise Http404
    enquiry = Enquiry.objects.select_related("offer", "business").filter(token=token).first()
    if enquiry is None:
        raise Http404
    return enquiry


@dataclass
class ThreadEntry:
    side: str  # "buyer", "business" or "officer"
    name: str  # what the reader sees as the writer
    body: str
    at: datetime
    attachment_id: int | None = None  # a notifications Message with an attachment


def enquiry_conversation(*, enquiry: Enquiry, reader: User | None = None) -> list[ThreadEntry]:
    """The enquiry's conversation, oldest first: the buyer's first message, then the enquiry's
    notifications Thread: the business's and the officer's messages and the buyer's replies
    (guest messages). The buyer (`reader` None) sees the business's name and "petugas",
    never a person's name. Two queries."""
    from django.contrib.auth.models import AnonymousUser
    from django.utils.translation import gettext as _

    from jalinmitra.notifications.selectors import thread_messages

    entries = [
        ThreadEntry("buyer", enquiry.name, enquiry.message, enquiry.created_at),
    ]
    # The buyer has no account: an anonymous reader (thread_messages only reads).
    anonymous: Any = AnonymousUser()
    messages, _last = thread_messages(user=reader or anonymous, target=enquiry)
    business = enquiry.business
    for m in messages:
        if m.by_guest:  # the buyer's replies through the private link
            entries.append(ThreadEntry("buyer", m.guest_name, m.body, m.created_at))
            continue
        officer = bool(getattr(m.author, "is_officer", False))
        if reader is None:
            name = _("Petugas pendamping") if officer else business.name
        else:
            name = getattr(m.author, "display_name", "") or str(m.author or "")
        entries.append(
            ThreadEntry(
                "officer" if officer else "business",
                name,
                m.body,
                m.created_at,
                m.pk if m.attachment and reader is not None else None,
            )
        )
    return entries


def enquiry_unread_count(*, business: Business) -> int:
    return Enquiry.objects.filter(business=business, read_at__isnull=True).count()


def enquiry_counts(
    *, start: date | None = None, end: date | None = None, business_ids=None
) -> dict[str, int]:
    """Leads for the programme's figures: enquiries received (optionally between two dates,
    inclusive, for some businesses), by status, and how many businesses received one."""
    qs = Enquiry.objects.all()
    if start:
        qs = qs.filter(created_at__date__gte=start)
    if end:
        qs = qs.filter(created_at__date__lte=end)
    if business_ids is not None:
        qs = qs.filter(business_id__in=list(business_ids))
    agg = qs.aggregate(
        total=Count("pk"),
        businesses=Count("business", distinct=True),
        **{s.value: Count("pk", filter=Q(status=s.value)) for s in EnquiryStatus},
    )
    return {k: int(v or 0) for k, v in agg.items()}


def sitemap_offers() -> QuerySet[Offer]:
    return public_offers().only("id", "title", "updated_at").order_by("id")


def sitemap_businesses() -> QuerySet[Business]:
    return (
        Business.objects.filter(public_business_q())
        .filter(Exists(Offer.objects.filter(business=OuterRef("pk"), is_active=True)))
        .only("id", "name", "updated_at")
        .order_by("id")
    )


def catalogue_offers_for_print(*, ids=None, signature_only: bool = False) -> list[Offer]:
    qs = (
        public_offers()
        .select_related("business", "business__region__parent")
        .prefetch_related(
            _photos_prefetch(),
            Prefetch(
                "certifications",
                queryset=Certification.objects.filter(valid_certification_q()),
            ),
        )
        .order_by("business__name", "title", "id")
    )
    if ids:
        qs = qs.filter(pk__in=list(ids))
    if signature_only:
        qs = qs.filter(
            Exists(SignatureProduct.objects.filter(offer=OuterRef("pk"), withdrawn_at__isnull=True))
        )
    return list(qs[:PRINT_MAX])


def consented_business_ids(*, business_ids) -> set[int]:
    return set(
        ContactConsent.objects.filter(
            business_id__in=list(business_ids),
            withdrawn_at__isnull=True,
            version=CONTACT_CONSENT_VERSION,
        ).values_list("business_id", flat=True)
    )

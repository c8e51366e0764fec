"""Reads for matching: the registry's offers and needs turned into engine records, and an
in-process offer index kept in step with the database without rebuilding it."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, defaultdict
from dataclasses import astuple, dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from django.db import DatabaseError, connection
from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from jalinmitra.businesses.choices import Period, VerificationStatus
from jalinmitra.businesses.models import Business, Certification, Need, Offer
from jalinmitra.businesses.selectors import business_access_check, need_open_q
from jalinmitra.core import tokens
from jalinmitra.core.reference import region_names_of_city
from jalinmitra.matching import engine
from jalinmitra.matching.engine.learning import FEEDBACK_GRADES, check_weights, preference_pairs
from jalinmitra.matching.engine.units import UnitError
from jalinmitra.matching.models import MeetingInvitation, PairFeedback, Shortlist, SignalWeights

if TYPE_CHECKING:
    from jalinmitra.accounts.models import User

ENGINE_PERIOD: dict[str, str] = {
    Period.DAY: "day",
    Period.WEEK: "week",
    Period.MONTH: "month",
    Period.YEAR: "year",
}


def _quantity(amount, unit: str, per: str | None) -> engine.Quantity | None:
    if not amount:
        return None
    try:
        return engine.Quantity(float(amount), unit, per)
    except UnitError:
        return None  # a unit the engine cannot convert ("kali layanan") gives no capacity signal


def _price(low, high, unit: str) -> engine.Price | None:
    if low is None and high is None:
        return None
    try:
        return engine.Price(
            low if low is not None else high, high if high is not None else low, unit
        )
    except (UnitError, ValueError):
        return None


def offers_for_index():
    return (
        Offer.objects.filter(is_active=True)
        .select_related("kbli", "business")
        .prefetch_related(
            Prefetch(
                "certifications",
                queryset=Certification.objects.only("kind", "number", "expires_on"),
            )
        )
        .only(
            "id",
            "title",
            "description",
            "kbli__code",
            "unit",
            "price_min",
            "price_max",
            "capacity_per_month",
            "updated_at",
            "business__region_id",
            "business__id",
        )
    )


def offer_to_engine(*, offer: Offer) -> engine.Offer:
    return engine.Offer(
        id=str(offer.pk),
        title=offer.title,
        description=offer.description,
        kbli=(offer.kbli.code,) if offer.kbli is not None else (),
        certifications=tuple(
            engine.Certification(c.kind, c.number, c.expires_on) for c in offer.certifications.all()
        ),
        capacity=_quantity(offer.capacity_per_month, offer.unit, "month"),
        region=offer.business.region_id,
        price=_price(offer.price_min, offer.price_max, offer.unit),
    )


_ENGINE_COLUMNS = (
    "id",
    "title",
    "description",
    "kbli__code",
    "unit",
    "price_min",
    "price_max",
    "capacity_per_month",
    "business__region_id",
    "is_active",
)


def engine_offers(*, offers: QuerySet[Offer]) -> list[tuple[engine.Offer, bool]]:
    """(engine record, is active) for each offer, in the queryset's order: what
    ``offer_to_engine`` gives, read as plain rows. Model instances with their prefetched
    certificates took 6 of the 10 CPU seconds of building the index at 50,000 offers."""
    rows = list(offers.values_list(*_ENGINE_COLUMNS))
    certificates: dict[int, list[engine.Certification]] = defaultdict(list)
    link = Offer.certifications.through
    # The certificates' own order (Certification.Meta.ordering), as the prefetch gave them.
    for offer_id, kind, number, expires_on in (
        link.objects.filter(offer__in=offers.order_by().values("pk"))
        .order_by("offer_id", "certification__kind", "certification__expires_on", "id")
        .values_list(
            "offer_id", "certification__kind", "certification__number", "certification__expires_on"
        )
    ):
        certificates[offer_id].append(engine.Certification(kind, number, expires_on))
    return [
        (
            engine.Offer(
                id=str(pk),
                title=title,
                description=description,
                kbli=(kbli,) if kbli is not None else (),
                certifications=tuple(certificates.get(pk, ())),
                capacity=_quantity(capacity, unit, "month"),
                region=region,
                price=_price(low, high, unit),
            ),
            active,
        )
        for pk, title, description, kbli, unit, low, high, capacity, region, active in rows
    ]


def need_to_engine(*, need: Need, local_only: bool = False) -> engine.Need:
    return engine.Need(
        id=str(need.pk),
        title=need.title,
        description=need.description,
        kbli=(need.kbli.code,) if need.kbli is not None else (),
        requires=tuple(need.required_certifications or ()),
        quantity=_quantity(need.quantity, need.unit, ENGINE_PERIOD.get(need.period)),
        region=need.delivery_region_id or need.business.region_id,
        target_price=_price(need.target_price, need.target_price, need.unit),
        local_only=local_only,
    )


@dataclass
class _OfferIndex:
    matcher: engine.Matcher = field(default_factory=engine.Matcher)
    synced_to: datetime | None = None
    # (added-or-deleted token, highest id) when the ids were last compared with the index: a
    # change means an offer was added or deleted since.
    shape: tuple[str | None, int | None] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    weights_read: float | None = None  # time.monotonic() of the last read of the weights
    # Bumped whenever the matcher's offers or weights change: the key of the kept matches.
    generation: int = 0
    # (need as the engine sees it, how many, day, generation) -> the engine's matches, so a need
    # page shown again is not matched again while no offer changed (a few ms of engine time).
    matches: OrderedDict[tuple, list[engine.Match]] = field(default_factory=OrderedDict)


_INDEX = _OfferIndex()


def _as_datetime(value) -> datetime | None:
    """A raw query's timestamp as the ORM would give it (SQLite returns naive UTC text)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


# Renewed whenever an offer is added or deleted (``offers_added_or_deleted``): the index
# compares its ids with the table's when it differs from the one it last compared under.
OFFERS_TOKEN_KEY = "matching:offers-added-or-deleted"


def offers_added_or_deleted(**kwargs) -> None:
    """post_save / post_delete of an offer (connected in MatchingConfig.ready): a new token, now
    (the database cache writes in the writer's transaction, so it shows with the offer) and
    again once committed (a cache outside the database: an index that compared its ids in
    between, before the offer was visible, compares again)."""
    if kwargs.get("raw") or not kwargs.get("created", True):
        return  # fixtures; a saved existing offer is seen through its updated_at
    tokens.renew(OFFERS_TOKEN_KEY)


def _offers_token() -> str | None:
    try:
        return tokens.read(OFFERS_TOKEN_KEY)
    except DatabaseError:
        return None  # never equal to a shape: the ids are compared


def _offers_state() -> tuple[str | None, int | None, datetime | None]:
    """(added-or-deleted token, highest id, last change of any offer), asked on every need page.

    No COUNT(*) of the offers (a scan of the table on PostgreSQL: 2-4 ms at 50,000 offers with
    a fresh visibility map, 17-22 ms without): an added or deleted offer renews the token
    (read first, so a change committed after it is seen next time), and a bulk-created one
    (no signal) raises the highest id. MAX of the primary key is an index look-up, and the last
    change is read from the (is_active, updated_at) index once per value of is_active,
    `is_active IN (...)` rather than the ORM's bare boolean, which SQLite does not use as an
    index key."""
    token = _offers_token()
    table = connection.ops.quote_name(Offer._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MAX(id) FROM {table}),"
            f" (SELECT MAX(updated_at) FROM {table} WHERE is_active IN (%s)),"
            f" (SELECT MAX(updated_at) FROM {table} WHERE is_active IN (%s))",
            [True, False],
        )
        top, last_active, last_inactive = cursor.fetchone()
    changes = [d for d in (_as_datetime(last_active), _as_datetime(last_inactive)) if d]
    return token, top, max(changes, default=None)


def offer_index() -> engine.Matcher:
    """The offer index, brought up to date: changed offers re-indexed, deactivated and deleted
    ones dropped.

    A cache read and one query of index look-ups when nothing changed (``_offers_state``); the
    offers changed since the last sync when an offer was saved (a deactivation saves it too); a
    full id comparison only when an offer was added or deleted."""
    index = _INDEX
    with index.lock:
        token, top, last = _offers_state()
        matcher = index.matcher
        if index.synced_to is None:
            index.matcher = matcher = engine.Matcher(
                record for record, _ in engine_offers(offers=offers_for_index())
            )
            matcher.warm()  # build the search arrays now, not on the first person's page
            index.shape = (token, top)
            _index_changed(index)
        else:
            if last and last > index.synced_to:
                # is_active IN (both): the (is_active, updated_at) index serves the range.
                changed = Offer.objects.filter(
                    is_active__in=[True, False], updated_at__gt=index.synced_to
                ).order_by("-updated_at", "id")
                for record, active in engine_offers(offers=changed):
                    if active:
                        matcher.update(record)
                    elif record.id in matcher:
                        matcher.remove(record.id)
                _index_changed(index)
            if token is None or (token, top) != index.shape:
                live = {
                    str(pk)
                    for pk in Offer.objects.filter(is_active=True).values_list("pk", flat=True)
                }
                for offer_id in [oid for oid in matcher.ids() if oid not in live]:
                    matcher.remove(offer_id)
                missing = [int(pk) for pk in live if pk not in matcher]
                for record, _ in engine_offers(offers=offers_for_index().filter(pk__in=missing)):
                    matcher.add(record)
                index.shape = (token, top)
                _index_changed(index)
        index.synced_to = last or timezone.now()
        # The active weights are read with the index and then at most every ten minutes (no
        # query per page); an activation in this process applies at once
        # (``offer_index_weights_reload``), in other worker processes within ten minutes.
        now = time.monotonic()
        if index.weights_read is None or now - index.weights_read > WEIGHTS_REREAD_SECONDS:
            weights = active_weights()
            if weights != matcher.weights:
                _index_changed(index)
            matcher.weights = weights
            index.weights_read = now
        return matcher


MATCHES_KEPT = 512


def _index_changed(index: _OfferIndex) -> None:
    """The matcher's offers or weights changed: every kept match list is stale."""
    index.generation += 1
    index.matches.clear()


def need_matches(
    *, matcher: engine.Matcher, need: engine.Need, top: int, today
) -> list[engine.Match]:
    """``matcher.match_need`` for the index ``offer_index`` just synced, kept per process
    until an offer or the weights change (``_index_changed``), the day turns or the need
    itself changes (its engine record is part of the key). Callers must not change the
    returned matches."""
    index = _INDEX
    with index.lock:
        if matcher is not index.matcher:
            key = None  # a matcher other than the shared index: nothing kept
        else:
            key = (astuple(need), top, today, index.generation)
            kept = index.matches.get(key)
            if kept is not None:
                index.matches.move_to_end(key)
                return kept
        generation = index.generation
    found = matcher.match_need(need, top, today=today, region_names=region_names())
    if key is not None:
        with index.lock:
            # Kept only if no sync changed the index while the engine ran.
            if index.generation == generation and index.matcher is matcher:
                index.matches[key] = found
                while len(index.matches) > MATCHES_KEPT:
                    index.matches.popitem(last=False)
    return found


WEIGHTS_REREAD_SECONDS = 600


def offer_index_weights_reload() -> None:
    """Read the active weights again at the next ``offer_index`` (after an activation)."""
    with _INDEX.lock:
        _INDEX.weights_read = None


def active_weights() -> dict[str, float]:
    """The signal weights in use: the active learnt version, else the hand weights."""
    active = SignalWeights.objects.filter(is_active=True).only("weights").first()
    if active is not None:
        try:
            return check_weights(active.weights)
        except ValueError:
            pass  # a damaged row falls back to the hand weights rather than a 500
    return dict(engine.WEIGHTS)


def offer_index_reset() -> None:
    """Forget the in-process index (tests, or after a bulk load)."""
    with _INDEX.lock:
        _INDEX.matcher = engine.Matcher()
        _INDEX.synced_to = None
        _INDEX.shape = None
        _INDEX.weights_read = None
        _index_changed(_INDEX)


def region_names() -> dict[str, str]:
    return region_names_of_city()  # reference data, kept per process


def _offers_by_id(*, ids: list[int]):
    """The active offers among the index's matches, looked up by primary key. No ordering and
    no filter on another table: either lets the database start from the status or
    (is_active, updated_at) index and read tens of thousands of offers for a page of thirty
    (SQLite does; 90 ms at 50,000 offers). Callers check the business's status in Python."""
    return Offer.objects.order_by().filter(pk__in=ids, is_active=True)


RANKED_OFFER_FIELDS = (
    "id",
    "title",
    "unit",
    "price_min",
    "price_max",
    "business__name",
    "business__status",
    "business__region__name",
)


@dataclass
class RankedOffer:
    offer: Offer
    score: float
    reasons: list[str]
    shortlisted: bool = False
    invited: bool = False


def suppliers_for_need(*, need: Need, top: int = 10, local_only: bool = False) -> list[RankedOffer]:
    """The best verified micro/small suppliers for a need, with reasons."""
    matcher = offer_index()
    matches = need_matches(
        matcher=matcher,
        need=need_to_engine(need=need, local_only=local_only),
        top=top * 3,
        today=timezone.localdate(),
    )
    offers = {
        o.pk: o
        for o in _offers_by_id(ids=[int(m.offer_id) for m in matches])
        .exclude(business_id=need.business_id)
        .exclude(pk__in=not_relevant_offer_ids(need=need))
        .select_related("business", "business__region")
        # What a card shows (matching_tags.supplier_cards); anything else loads when read.
        .only(*RANKED_OFFER_FIELDS)
        # Whether each is on the need's shortlist or invited, in the same query.
        .annotate(
            jm_shortlisted=Exists(Shortlist.objects.filter(need=need, offer=OuterRef("pk"))),
            jm_invited=Exists(MeetingInvitation.objects.filter(need=need, offer=OuterRef("pk"))),
        )
        if o.business.status == VerificationStatus.VERIFIED
    }
    ranked = [
        RankedOffer(
            offer, m.score, list(m.reasons), bool(offer.jm_shortlisted), bool(offer.jm_invited)
        )
        for m in matches
        if (offer := offers.get(int(m.offer_id))) is not None
    ]
    return ranked[:top]


def not_relevant_offer_ids(*, need: Need):
    """The offers marked "tidak relevan" for this need (they leave its list)."""
    return PairFeedback.objects.filter(need=need, kind="not_relevant").values("offer_id")


@dataclass
class Opportunity:
    need: Need
    offer: Offer
    score: float
    reasons: list[str]


def opportunities_for(*, business: Business, top: int = 10) -> list[Opportunity]:
    """ "Peluang untuk Anda": the open needs this supplier's offers can serve, best first."""
    needs = list(
        Need.objects.filter(need_open_q(), business__status=VerificationStatus.VERIFIED)
        .exclude(business=business)
        .select_related("business", "kbli", "delivery_region")
    )
    if not needs:
        return []
    engine_needs = [need_to_engine(need=n) for n in needs]
    by_id = {str(n.pk): n for n in needs}
    # The shared offer index: its corpus statistics make a pair score here exactly what the
    # buyer sees on the need's page.
    matcher = offer_index()
    today = timezone.localdate()
    names = region_names()
    best: dict[str, Opportunity] = {}
    for offer in offers_for_index().filter(business=business):
        for m in matcher.match_offer(
            offer_to_engine(offer=offer), engine_needs, top, today=today, region_names=names
        ):
            if m.need_id not in best or m.score > best[m.need_id].score:
                best[m.need_id] = Opportunity(by_id[m.need_id], offer, m.score, m.reasons)
    return sorted(best.values(), key=lambda o: (-o.score, o.need.pk))[:top]


def offers_search(*, query: str, top: int = 20) -> list[RankedOffer]:
    """Search over offers through the matching pipeline (stemming, variants, related terms)."""
    if not query.strip():
        return []
    matches = offer_index().search(query, top * 2)
    offers = {
        o.pk: o
        for o in _offers_by_id(ids=[int(m.offer_id) for m in matches]).select_related(
            "business", "business__region"
        )
        if o.business.status == VerificationStatus.VERIFIED
    }
    return [
        RankedOffer(offers[int(m.offer_id)], m.score, m.reasons)
        for m in matches
        if int(m.offer_id) in offers
    ][:top]


def need_for_user(*, user: User, pk: int) -> Need:
    # The business (its name, its region's code) and the KBLI code: what the need page and the
    # engine read. The regions' names are not shown there (two more joins; this read took 2.0
    # against 1.8 ms in a shell loop on the load benchmark's PostgreSQL database).
    need = Need.objects.select_related("business", "kbli").get(pk=pk)
    business_access_check(user=user, business_id=need.business_id)
    return need


def pair_signal_values(*, need: Need, offer: Offer) -> dict[str, float]:
    """The pair's signal values as the shared index scores them (empty: no match)."""
    values = offer_index().signal_values(
        need_to_engine(need=need), offer_to_engine(offer=offer), today=timezone.localdate()
    )
    return values or {}


def feedback_pairs() -> list[tuple[dict[str, float], dict[str, float]]]:
    """(preferred, other) signal values from the recorded feedback, shortlists and
    invitations: per need, the highest grade each offer reached."""
    graded: dict[str, dict[int, tuple[int, dict[str, float]]]] = {}

    def note(need_id: int, offer_id: int, grade: int, values: dict[str, float]) -> None:
        known = graded.setdefault(str(need_id), {}).get(offer_id)
        if values and (known is None or grade > known[0]):
            graded[str(need_id)][offer_id] = (grade, values)

    for fb in PairFeedback.objects.order_by("id"):
        note(fb.need_id, fb.offer_id, FEEDBACK_GRADES[fb.kind], fb.values)
    pending = [
        (s.need, s.offer, FEEDBACK_GRADES["shortlisted"])
        for s in Shortlist.objects.select_related("need", "offer").order_by("id")
    ] + [
        (i.need, i.offer, FEEDBACK_GRADES["invited"])
        for i in MeetingInvitation.objects.select_related("need", "offer").order_by("id")
    ]
    for need, offer, grade in pending:
        if offer.pk not in graded.get(str(need.pk), {}):
            note(need.pk, offer.pk, grade, pair_signal_values(need=need, offer=offer))
    return preference_pairs({k: list(v.values()) for k, v in graded.items()})


@dataclass
class WeightsOverview:
    hand: dict[str, float]
    versions: list[SignalWeights]
    active: SignalWeights | None
    counts: dict[str, int]
    recent_not_relevant: list[PairFeedback]


def signal_weights_overview(*, versions: int = 5) -> WeightsOverview:
    """The officer's page on learnt weights: the hand weights, the latest versions with their
    held-out figures, the active one, and the feedback they are learnt from."""
    rows = list(SignalWeights.objects.order_by("-version")[:versions])
    active = next((w for w in rows if w.is_active), None) or (
        SignalWeights.objects.filter(is_active=True).first()
    )
    counts = dict(PairFeedback.objects.order_by().values_list("kind").annotate(n=Count("id")))
    counts["shortlisted"] = counts.get("shortlisted", 0) + Shortlist.objects.count()
    counts["invited"] = counts.get("invited", 0) + MeetingInvitation.objects.count()
    recent = list(
        PairFeedback.objects.filter(kind="not_relevant")
        .select_related("need", "offer", "created_by")
        .order_by("-created_at", "-id")[:20]
    )
    return WeightsOverview(dict(engine.WEIGHTS), rows, active, counts, recent)

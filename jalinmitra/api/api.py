"""/api/v1/: the REST API for other systems (django-ninja: the OpenAPI schema comes from the
type hints below). Every operation needs a bearer token (models.ApiToken) with the scope it
names; the token acts as its user, so writes go through the same services and rules as the
pages. Errors are RFC 9457 problem details (application/problem+json) in Indonesian or English
(Accept-Language)."""

from __future__ import annotations

import datetime as dt
import math
import time
from typing import Annotated, Any, Literal

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from jalinmitra.api import selectors
from jalinmitra.api.choices import Scope
from jalinmitra.api.models import ApiToken
from jalinmitra.api.services import token_use_record
from jalinmitra.api.stats import statistics_for_year
from jalinmitra.core.ratelimit import parse_limit

PROBLEM = "application/problem+json"
# A row id in a path: positive and within the database's integer, or 422 (never a 500).
DbId = Annotated[int, Field(ge=1, le=2**31 - 1)]


def request_language(request: HttpRequest) -> str:
    """English when the caller's Accept-Language puts it before Indonesian, else Indonesian."""
    header = request.headers.get("Accept-Language", "")
    for part in header.split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in ("id", "en"):
            return code
    return settings.LANGUAGE_CODE


class Throttled(Exception):
    def __init__(self, retry_after: int):
        self.retry_after = retry_after


def token_rate_limited(token: ApiToken) -> int:
    """Count one request of this token in a fixed window (the shared cache, as
    core.ratelimit does per address); 0 when allowed, else the seconds until the window ends."""
    count, seconds = parse_limit(token.rate_limit)
    now = time.time()
    window = int(now // seconds * seconds)
    key = f"rl:api:{token.pk}:{window}"
    try:
        if cache.add(key, 1, timeout=seconds + 1):
            used = 1
        else:
            try:
                used = cache.incr(key)
            except ValueError:
                cache.add(key, 1, timeout=seconds + 1)
                used = 1
    except DatabaseError:
        return 0
    if used <= count:
        return 0
    return max(1, math.ceil(window + seconds - now))


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        translation.activate(request_language(request))
        found = selectors.token_from_secret(token)
        if found is None:
            return None
        request.api_token = found  # type: ignore[attr-defined]
        retry_after = token_rate_limited(found)
        if retry_after:
            raise Throttled(retry_after)
        return found


class JalinMitraAPI(NinjaAPI):
    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        token = getattr(request, "api_token", None)
        if token is not None:
            token_use_record(
                token=token,
                method=request.method or "",
                path=request.path,
                status=response.status_code,
            )
        return response

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        # Errors are problem details: say so in the schema, for clients and schemathesis.
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                for code, response in operation.get("responses", {}).items():
                    content = response.get("content")
                    if int(code) >= 400 and content and "application/json" in content:
                        response["content"] = {PROBLEM: content.pop("application/json")}
        return schema


api = JalinMitraAPI(
    title="JalinMitra API",
    version="1",
    description=(
        "API program kemitraan JalinMitra. Setiap permintaan memakai token Bearer dari "
        "pemerintah kota. Galat dalam format RFC 9457 (application/problem+json)."
    ),
    auth=TokenAuth(),
    urls_namespace="api",
)


# --- problem details --------------------------------------------------------------------


class Problem(Schema):
    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""
    errors: dict[str, list[str]] | None = None


ERRORS: dict[int, Any] = {
    400: Problem,
    401: Problem,
    403: Problem,
    404: Problem,
    422: Problem,
    429: Problem,
}


def problem(
    request: HttpRequest, status: int, title: str, detail: str = "", errors=None
) -> HttpResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    body["detail"] = detail
    if errors:
        body["errors"] = errors
    response = api.create_response(request, body, status=status)
    response["Content-Type"] = PROBLEM
    response["Content-Language"] = translation.get_language() or settings.LANGUAGE_CODE
    return response


def _in_language(request, build):
    with translation.override(request_language(request)):
        return build()


@api.exception_handler(AuthenticationError)
def _unauthorised(request, exc):
    def build():
        response = problem(
            request,
            401,
            _("Token tidak dikenal"),
            _("Kirim token yang berlaku: Authorization: Bearer <token>."),
        )
        response["WWW-Authenticate"] = "Bearer"
        return response

    return _in_language(request, build)


@api.exception_handler(Throttled)
def _throttled(request, exc: Throttled):
    def build():
        response = problem(
            request,
            429,
            _("Terlalu banyak permintaan"),
            _("Coba lagi setelah %(s)d detik.") % {"s": exc.retry_after},
        )
        response["Retry-After"] = str(exc.retry_after)
        return response

    return _in_language(request, build)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _in_language(
        request,
        lambda: problem(
            request, 403, _("Tidak diizinkan"), str(exc) or _("Di luar cakupan token.")
        ),
    )


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _in_language(
        request, lambda: problem(request, 404, _("Tidak ditemukan"), _("Data tidak ditemukan."))
    )


@api.exception_handler(DjangoValidationError)
def _invalid(request, exc: DjangoValidationError):
    def build():
        errors = (
            {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
            if hasattr(exc, "error_dict")
            else None
        )
        detail = "; ".join(str(m) for m in exc.messages)
        return problem(request, 400, _("Permintaan ditolak"), detail, errors)

    return _in_language(request, build)


@api.exception_handler(NinjaValidationError)
def _unprocessable(request, exc: NinjaValidationError):
    def build():
        errors: dict[str, list[str]] = {}
        for e in exc.errors:
            key = ".".join(str(p) for p in e.get("loc", ()))
            errors.setdefault(key or "body", []).append(str(e.get("msg", "")))
        return problem(request, 422, _("Masukan tidak sah"), _("Periksa parameter."), errors)

    return _in_language(request, build)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return _in_language(request, lambda: problem(request, exc.status_code, str(exc)))


def need(request: HttpRequest, scope: str) -> ApiToken:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    if scope not in token.scopes:
        raise PermissionDenied(_("Token ini tidak punya cakupan %(scope)s.") % {"scope": scope})
    return token


# --- schemas --------------------------------------------------------------------------------


class PageParams(Schema):
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=1_000_000)


class BusinessOut(Schema):
    id: int
    name: str
    legal_form: str
    size_class: str
    status: str
    kecamatan: str | None
    kbli: str | None
    description: str
    # Only for the city's tokens (None for everyone else); NIK never.
    nib: str | None = None
    owner_name: str | None = None
    address: str | None = None
    email: str | None = None
    whatsapp: str | None = None


class BusinessPage(Schema):
    count: int
    items: list[BusinessOut]


class BusinessFilter(PageParams):
    q: str | None = Field(None, max_length=100, description="bagian dari nama usaha")
    size_class: Literal["mikro", "kecil", "menengah", "besar"] | None = None
    ordering: Literal["id", "-id", "name", "-name"] = "id"


class ListingOut(Schema):
    id: int
    business_id: int
    business_name: str
    title: str
    kbli: str | None
    unit: str
    description: str


class ListingPage(Schema):
    count: int
    items: list[ListingOut]


class ListingFilter(PageParams):
    business_id: int | None = Field(None, ge=1, le=2**31 - 1)
    kbli: str | None = Field(None, max_length=10)
    q: str | None = Field(None, max_length=100)
    ordering: Literal["id", "-id", "title", "-title"] = "id"


class EventOut(Schema):
    id: int
    name: str
    date: dt.date
    venue: str
    status: str


class EventPage(Schema):
    count: int
    items: list[EventOut]


class EventFilter(PageParams):
    ordering: Literal["date", "-date", "id", "-id"] = "-date"


class MeetingOut(Schema):
    id: int
    slot: str
    table: int
    status: str
    seller_business_id: int
    seller: str
    buyer_business_id: int
    buyer: str


class MeetingPage(Schema):
    count: int
    items: list[MeetingOut]


class AgreementOut(Schema):
    """The public fields of the /v/ verification page."""

    id: int
    code: str
    number: str | None
    status: str
    small_party: str
    large_party: str
    start_date: dt.date
    end_date: dt.date
    witnessed_at: dt.datetime | None
    signed_sha256: str
    small_party_id: int
    large_party_id: int


class AgreementPage(Schema):
    count: int
    items: list[AgreementOut]


class AgreementFilter(PageParams):
    status: (
        Literal[
            "submitted",
            "returned",
            "ready",
            "signed",
            "witnessed",
            "active",
            "completed",
            "terminated",
            "amended",
            "draft",
        ]
        | None
    ) = None
    ordering: Literal["id", "-id", "start_date", "-start_date"] = "id"


class RealisationOut(Schema):
    agreement_id: int
    health: str
    delivered: int
    paid: int
    expected: int
    late_days: int
    outstanding: int


class EntryIn(Schema):
    kind: Literal["delivery", "payment"]
    date: dt.date
    value: int = Field(ge=1, le=10**13, description="nilai (Rp)")
    quantity: float | None = Field(None, gt=0, le=10**9)
    unit: str = Field("", max_length=10)
    product: str = Field("", max_length=200)
    method: Literal["tunai", "transfer", "giro", "lainnya", ""] = ""


class EntryOut(Schema):
    id: int
    agreement_id: int
    kind: str
    party: str
    date: dt.date
    value: int
    status: str


class StatRow(Schema):
    label: str
    delivered: int | None
    businesses: int | None


class StatisticsOut(Schema):
    city: str
    city_code: str
    year: int
    period_start: dt.date
    period_end: dt.date
    delivered: int | None
    transacting: int | None
    active_agreements: int | None
    micro_total: int | None
    micro_active: int | None
    registered: int | None
    verified: int | None
    events: int
    meetings_held: int
    months: list[StatRow]
    sectors: list[StatRow]
    kecamatan: list[StatRow]


# --- operations ----------------------------------------------------------------------------


def _page(qs, params: PageParams, ordering: str, convert) -> dict:
    """A page: the count, then the page's ids alone (an index walk), then those rows with
    their joins and annotations, so a deep offset costs no more than the first page."""
    order = [ordering] if ordering.lstrip("-") in ("id", "pk") else [ordering, "pk"]
    qs = qs.order_by(*order)
    ids = list(qs.values_list("pk", flat=True)[params.offset : params.offset + params.limit])
    rows = {o.pk: o for o in qs.filter(pk__in=ids)} if ids else {}
    return {"count": qs.count(), "items": [convert(rows[i]) for i in ids if i in rows]}


def _business(o, city: bool) -> dict:
    out = {
        "id": o.pk,
        "name": o.name,
        "legal_form": o.legal_form,
        "size_class": o.size_class,
        "status": o.status,
        "kecamatan": o.region.name if o.region_id else None,
        "kbli": o.api_kbli,
        "description": o.description,
    }
    if city:
        out.update(
            nib=o.nib, owner_name=o.owner_name, address=o.address, email=o.email,
            whatsapp=o.whatsapp,
        )  # fmt: skip
    return out


@api.get("/businesses", response={200: BusinessPage, **ERRORS}, tags=["usaha"])
def businesses(request, filters: Query[BusinessFilter]):
    """Usaha terverifikasi (token kota: semua, dengan kontak; tanpa NIK)."""
    token = need(request, Scope.READ_BUSINESSES)
    qs = selectors.businesses_for(token)
    if filters.q:
        qs = qs.filter(name__icontains=filters.q)
    if filters.size_class:
        qs = qs.filter(size_class=filters.size_class)
    city = selectors.is_city(token)
    return _page(qs, filters, filters.ordering, lambda o: _business(o, city))


@api.get("/businesses/{business_id}", response={200: BusinessOut, **ERRORS}, tags=["usaha"])
def business(request, business_id: DbId):
    token = need(request, Scope.READ_BUSINESSES)
    o = get_object_or_404(selectors.businesses_for(token), pk=business_id)
    return _business(o, selectors.is_city(token))


def _listing(o) -> dict:
    return {
        "id": o.pk,
        "business_id": o.business_id,
        "business_name": o.business.name,
        "title": o.title,
        "kbli": o.kbli.code if o.kbli_id else None,
        "unit": o.unit,
        "description": o.description,
    }


def _filter_listings(qs, filters: ListingFilter):
    if filters.business_id:
        qs = qs.filter(business_id=filters.business_id)
    if filters.kbli:
        qs = qs.filter(kbli__code=filters.kbli)
    if filters.q:
        qs = qs.filter(title__icontains=filters.q)
    return qs


@api.get("/offers", response={200: ListingPage, **ERRORS}, tags=["usaha"])
def offers(request, filters: Query[ListingFilter]):
    """Penawaran aktif usaha terverifikasi."""
    token = need(request, Scope.READ_BUSINESSES)
    qs = _filter_listings(selectors.offers_for(token), filters)
    return _page(qs, filters, filters.ordering, _listing)


@api.get("/needs", response={200: ListingPage, **ERRORS}, tags=["usaha"])
def needs(request, filters: Query[ListingFilter]):
    """Kebutuhan usaha terverifikasi."""
    token = need(request, Scope.READ_BUSINESSES)
    qs = _filter_listings(selectors.needs_for(token), filters)
    return _page(qs, filters, filters.ordering, _listing)


@api.get("/events", response={200: EventPage, **ERRORS}, tags=["temu usaha"])
def events(request, filters: Query[EventFilter]):
    """Temu usaha yang jadwalnya sudah terbit."""
    token = need(request, Scope.READ_EVENTS)
    return _page(
        selectors.events_for(token),
        filters,
        filters.ordering,
        lambda e: {
            "id": e.pk,
            "name": e.name,
            "date": e.date,
            "venue": e.venue,
            "status": e.status,
        },
    )


@api.get("/events/{event_id}/meetings", response={200: MeetingPage, **ERRORS}, tags=["temu usaha"])
def meetings(request, filters: Query[PageParams], event_id: DbId):
    """Jadwal pertemuan yang terbit: untuk token usaha hanya pertemuan usahanya sendiri."""
    token = need(request, Scope.READ_EVENTS)
    event = get_object_or_404(selectors.events_for(token), pk=event_id)
    return _page(
        selectors.meetings_for(token, event),
        filters,
        "slot",
        lambda m: {
            "id": m.pk,
            "slot": m.slot,
            "table": m.table,
            "status": m.status,
            "seller_business_id": m.seller.business_id,
            "seller": m.seller.business.name,
            "buyer_business_id": m.buyer.business_id,
            "buyer": m.buyer.business.name,
        },
    )


def _agreement(a) -> dict:
    return {
        "id": a.pk,
        "code": a.code,
        "number": a.number,
        "status": a.status,
        "small_party": a.small_party.name,
        "large_party": a.large_party.name,
        "start_date": a.start_date,
        "end_date": a.end_date,
        "witnessed_at": a.witnessed_at,
        "signed_sha256": a.signed_sha256 or "",
        "small_party_id": a.small_party_id,
        "large_party_id": a.large_party_id,
    }


@api.get("/agreements", response={200: AgreementPage, **ERRORS}, tags=["perjanjian"])
def agreements(request, filters: Query[AgreementFilter]):
    """Perjanjian (kolom publik halaman /v/): token usaha hanya perjanjiannya sendiri."""
    token = need(request, Scope.READ_AGREEMENTS)
    qs = selectors.agreements_for(token)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return _page(qs, filters, filters.ordering, _agreement)


@api.get(
    "/agreements/{agreement_id}/realisation",
    response={200: RealisationOut, **ERRORS},
    tags=["perjanjian"],
)
def realisation(request, agreement_id: DbId):
    """Ringkasan realisasi (pengiriman dan pembayaran yang dikonfirmasi) dan kesehatannya."""
    from jalinmitra.monitoring.selectors import agreement_health, entry_totals

    token = need(request, Scope.READ_AGREEMENTS)
    agreement = get_object_or_404(selectors.agreements_for(token), pk=agreement_id)
    totals = entry_totals(agreement)
    health = agreement_health(agreement)
    return {
        "agreement_id": agreement.pk,
        "health": health.status,
        "delivered": totals["delivery"],
        "paid": totals["payment"],
        "expected": health.expected,
        "late_days": health.late_days,
        "outstanding": health.outstanding,
    }


@api.post(
    "/agreements/{agreement_id}/entries",
    response={201: EntryOut, **ERRORS},
    tags=["perjanjian"],
)
def entry_create(request, data: EntryIn, agreement_id: DbId):
    """Catat pengiriman atau pembayaran pada perjanjian berjalan milik usaha token ini
    (aturan yang sama dengan halaman pemantauan: pihak lain mengonfirmasi)."""
    from jalinmitra.agreements.choices import Party
    from jalinmitra.monitoring.services import entry_record

    token = need(request, Scope.WRITE_ENTRIES)
    agreement = get_object_or_404(selectors.agreements_for(token), pk=agreement_id)
    party = Party.SMALL if agreement.small_party_id == token.business_id else Party.LARGE
    entry = entry_record(
        actor=token.user,
        agreement=agreement,
        kind=data.kind,
        party=party,
        data={
            "date": data.date,
            "value": data.value,
            "quantity": data.quantity,
            "unit": data.unit,
            "product": data.product,
            "method": data.method,
        },
    )
    return 201, {
        "id": entry.pk,
        "agreement_id": agreement.pk,
        "kind": entry.kind,
        "party": entry.party,
        "date": entry.date,
        "value": entry.value,
        "status": entry.status,
    }


@api.get("/statistics", response={200: StatisticsOut, **ERRORS}, tags=["statistik"])
def statistics(request, year: int | None = Query(None, ge=2000, le=2100)):
    """Statistik publik program (tanpa nama; angka dari kurang dari 3 usaha disembunyikan)."""
    need(request, Scope.READ_STATISTICS)
    today = timezone.localdate()
    year = year or today.year
    if year > today.year:
        raise HttpError(404, _("Tahun belum berjalan."))
    return statistics_for_year(year)


# --- a bank's referrals ---------------------------------------------------------------------


class ReferralOut(Schema):
    id: int
    status: str
    business: str
    forwarded_at: dt.datetime
    approved_amount: int | None
    tenor_months: int | None
    scheme: str


class ReferralPage(Schema):
    count: int
    items: list[ReferralOut]


class ReferralFilter(PageParams):
    status: (
        Literal["menunggu", "diproses", "perlu_dokumen", "disetujui", "ditolak", "dicairkan"] | None
    ) = None
    ordering: Literal["id", "-id", "forwarded_at", "-forwarded_at"] = "-forwarded_at"


class ReferralMove(Schema):
    """One move of the bank's own workflow (financing.workflow BANK_FLOW), as on its pages."""

    action: Literal["claim", "ask_documents", "approve", "reject", "disburse"]
    amount: int | None = Field(None, ge=1, le=10**13)
    tenor_months: int | None = Field(None, ge=1, le=600)
    scheme: Literal["kur_super_mikro", "kur_mikro", "kur_kecil", "kur_klaster", ""] = ""
    reason: str = Field("", max_length=20)
    text: str = Field("", max_length=2000)
    request: str = Field("", max_length=2000)
    on: dt.date | None = None


def _referral(case) -> dict:
    return {
        "id": case.pk,
        "status": case.status,
        "business": case.referral.business.name,
        "forwarded_at": case.forwarded_at,
        "approved_amount": case.approved_amount,
        "tenor_months": case.tenor_months,
        "scheme": case.scheme,
    }


@api.get("/referrals", response={200: ReferralPage, **ERRORS}, tags=["pembiayaan"])
def referrals(request, filters: Query[ReferralFilter]):
    """Rujukan KUR yang diteruskan ke bank token ini, selama persetujuan pemilik berlaku."""
    from jalinmitra.financing.selectors import cases_for_bank

    token = need(request, Scope.WRITE_REFERRALS)
    qs = cases_for_bank(user=token.user)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return _page(qs, filters, filters.ordering, _referral)


@api.post(
    "/referrals/{referral_id}/status",
    response={200: ReferralOut, **ERRORS},
    tags=["pembiayaan"],
)
def referral_move(request, data: ReferralMove, referral_id: DbId):
    """Perbarui status rujukan bank ini melalui layanan pembiayaan (aturan yang sama)."""
    from jalinmitra.financing import services as financing
    from jalinmitra.financing.selectors import case_for_bank

    token = need(request, Scope.WRITE_REFERRALS)
    case = case_for_bank(user=token.user, pk=referral_id)
    actor = token.user
    if data.action == "claim":
        case = financing.case_claim(actor=actor, case=case)
    elif data.action == "ask_documents":
        case = financing.case_ask_documents(actor=actor, case=case, request=data.request)
    elif data.action == "approve":
        case = financing.case_approve(
            actor=actor,
            case=case,
            amount=data.amount,
            tenor_months=data.tenor_months,
            scheme=data.scheme,
        )
    elif data.action == "reject":
        case = financing.case_reject(actor=actor, case=case, reason=data.reason, text=data.text)
    else:
        case = financing.case_disburse(actor=actor, case=case, amount=data.amount, on=data.on)
    return _referral(case)

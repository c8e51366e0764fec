"""Pages of the monitoring app: one service call per user action; a GET writes nothing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jalinmitra.agreements.choices import Party
from jalinmitra.businesses.choices import SMALL_SIZES
from jalinmitra.businesses.models import Business, Offer
from jalinmitra.core.forms import form_errors
from jalinmitra.core.permissions import officer_required
from jalinmitra.monitoring import caching, selectors, services, worklist_html
from jalinmitra.monitoring.choices import EntryKind, EntryStatus
from jalinmitra.monitoring.forms import (
    DeliveryForm,
    DisputeForm,
    GrowthReportForm,
    InterventionForm,
    PaymentForm,
    ResolveForm,
    WorklistFilterForm,
)
from jalinmitra.monitoring.models import Entry

WORKLIST_PAGE_SIZE = 100
KIND_SLUGS = {"pengiriman": EntryKind.DELIVERY, "pembayaran": EntryKind.PAYMENT}


def _may_record(user, agreement) -> bool:
    return agreement.status in selectors.MONITORED and (
        selectors.side_of(user=user, agreement=agreement) is not None
        or selectors.is_neutral_officer(user=user, agreement=agreement)
    )


@login_required
@require_GET
def home(request):
    """The running agreements the user records on, each with its health and what waits."""
    if not (request.user.is_officer or request.user.is_business_user):
        raise PermissionDenied
    agreements = list(selectors.agreements_for_recording(user=request.user))
    results = selectors.health_for_agreements(agreements)
    waiting = selectors.waiting_counts(user=request.user, agreements=agreements)
    rows = [
        {
            "agreement": a,
            "health": results[a.pk],
            "label": selectors.health_label(results[a.pk].status),
            "waiting": waiting.get(a.pk, 0),
        }
        for a in agreements
    ]
    growth_businesses = Business.objects.filter(
        pk__in=selectors.member_business_ids(user=request.user), size_class__in=SMALL_SIZES
    ).order_by("name")
    return render(
        request, "monitoring/home.html", {"rows": rows, "growth_businesses": growth_businesses}
    )


@login_required
@require_GET
def agreement_view(request, pk: int):
    agreement = selectors.agreement_for_monitoring(user=request.user, pk=pk)
    result = (
        selectors.agreement_health(agreement) if agreement.status in selectors.MONITORED else None
    )
    user = request.user
    neutral = selectors.is_neutral_officer(user=user, agreement=agreement)
    return render(
        request,
        "monitoring/agreement.html",
        {
            "agreement": agreement,
            "health": result,
            "health_label": selectors.health_label(result.status) if result else "",
            "entries": selectors.entries_of(agreement=agreement),
            "waiting": {e.pk for e in selectors.waiting_for(user=user, agreement=agreement)},
            "side": selectors.side_of(user=user, agreement=agreement),
            "may_record": _may_record(user, agreement),
            "neutral_officer": neutral,
            "interventions": selectors.interventions_of(agreement=agreement),
            "intervention_form": InterventionForm() if neutral else None,
            "totals": selectors.entry_totals(agreement),
        },
    )


def _products(agreement) -> list[str]:
    return list(
        Offer.objects.filter(business=agreement.small_party)
        .order_by("id")
        .values_list("title", flat=True)[:10]
    )


@login_required
@require_http_methods(["GET", "POST"])
def record(request, pk: int, kind: str):
    """One short form: a delivery or a payment, on the user's own side (or, for an officer, on
    a party's behalf). `?koreksi=<entry>` records a correction of a confirmed entry."""
    if kind not in KIND_SLUGS:
        raise Http404
    entry_kind = KIND_SLUGS[kind]
    agreement = selectors.agreement_for_monitoring(user=request.user, pk=pk)
    user = request.user
    by_officer = selectors.side_of(user=user, agreement=agreement) is None and user.is_officer
    corrects = None
    if request.GET.get("koreksi"):
        try:
            corrects = get_object_or_404(Entry, pk=int(request.GET["koreksi"]), agreement=agreement)
        except ValueError:
            raise Http404 from None
    form_class = DeliveryForm if entry_kind == EntryKind.DELIVERY else PaymentForm
    extra = (
        {"units": services.agreement_units(agreement), "products": _products(agreement)}
        if entry_kind == EntryKind.DELIVERY
        else {}
    )
    initial = {}
    if corrects is not None:
        initial = {
            f: getattr(corrects, f)
            for f in ("date", "product", "quantity", "unit", "value", "method")
            if getattr(corrects, f) not in (None, "")
        }
        if by_officer:
            initial["party"] = corrects.party
    form = form_class(
        request.POST or None,
        request.FILES or None,
        party_choice=by_officer,
        initial=initial,
        **extra,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            entry = services.entry_record(
                actor=user,
                agreement=agreement,
                kind=entry_kind,
                data=data,
                proof=data.get("proof") or None,
                party=data.get("party") if by_officer else None,
                by_officer=by_officer,
                corrects=corrects,
            )
        except ValidationError as e:
            form_errors(form, e)
        else:
            messages.success(
                request,
                _("%(kind)s dicatat. Menunggu konfirmasi %(other)s.")
                % {
                    "kind": entry.get_kind_display(),
                    "other": agreement.large_party.name
                    if entry.party == Party.SMALL
                    else agreement.small_party.name,
                },
            )
            return redirect("monitoring:agreement", pk=agreement.pk)
    return render(
        request,
        "monitoring/record.html",
        {
            "agreement": agreement,
            "form": form,
            "kind": entry_kind,
            "kind_label": EntryKind(entry_kind).label,
            "corrects": corrects,
            "by_officer": by_officer,
            "products": extra.get("products", []),
        },
        status=400 if request.method == "POST" else 200,
    )


def _answer_roles(user, entry) -> dict:
    """Which answers the user may give: as the other party, or as an officer on its behalf."""
    side = selectors.side_of(user=user, agreement=entry.agreement)
    pending = entry.status == EntryStatus.PENDING
    as_party = pending and side is not None and side != entry.party
    as_officer = (
        pending
        and side is None
        and selectors.is_neutral_officer(user=user, agreement=entry.agreement)
        and entry.recorded_by_id != user.pk
    )
    return {"as_party": as_party, "as_officer": as_officer}


@login_required
@require_GET
def entry_view(request, pk: int):
    entry = selectors.entry_for_user(user=request.user, pk=pk)
    roles = _answer_roles(request.user, entry)
    return render(
        request,
        "monitoring/entry.html",
        {
            "entry": entry,
            "agreement": entry.agreement,
            "dispute_form": DisputeForm(),
            "corrections": list(entry.corrections.select_related("recorded_by")),
            "may_correct": entry.status == EntryStatus.CONFIRMED
            and _may_record(request.user, entry.agreement),
            "may_resolve": entry.status == EntryStatus.DISPUTED
            and selectors.is_neutral_officer(user=request.user, agreement=entry.agreement),
            **roles,
        },
    )


@login_required
@require_POST
def entry_confirm(request, pk: int):
    entry = selectors.entry_for_user(user=request.user, pk=pk)
    try:
        services.entry_confirm(
            actor=request.user, entry=entry, by_officer=request.POST.get("by_officer") == "1"
        )
    except ValidationError as e:
        for m in e.messages:
            messages.error(request, m)
        return redirect("monitoring:entry", pk=entry.pk)
    messages.success(request, _("Catatan dikonfirmasi dan dihitung sebagai realisasi."))
    return redirect("monitoring:agreement", pk=entry.agreement_id)


@login_required
@require_http_methods(["GET", "POST"])
def entry_dispute(request, pk: int):
    entry = selectors.entry_for_user(user=request.user, pk=pk)
    form = DisputeForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.entry_dispute(
                    actor=request.user,
                    entry=entry,
                    reason=form.cleaned_data["reason"],
                    by_officer=request.POST.get("by_officer") == "1",
                )
            except ValidationError as e:
                form_errors(form, e)
            else:
                messages.success(
                    request, _("Sanggahan dicatat; petugas akan menghubungi kedua pihak.")
                )
                return redirect("monitoring:agreement", pk=entry.agreement_id)
    return render(
        request,
        "monitoring/entry.html",
        {
            "entry": entry,
            "agreement": entry.agreement,
            "dispute_form": form,
            "corrections": list(entry.corrections.all()),
            **_answer_roles(request.user, entry),
        },
        status=400 if request.method == "POST" else 200,
    )


@officer_required
@require_http_methods(["GET", "POST"])
def entry_resolve(request, pk: int):
    entry = selectors.entry_for_user(user=request.user, pk=pk)
    form = ResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_resolve(
                actor=request.user,
                entry=entry,
                outcome=form.cleaned_data["outcome"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as e:
            form_errors(form, e)
        else:
            messages.success(request, _("Sanggahan diselesaikan."))
            return redirect("monitoring:worklist")
    return render(
        request,
        "monitoring/resolve.html",
        {"entry": entry, "agreement": entry.agreement, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def entry_proof(request, pk: int):
    """The proof file, for the two parties and officers only (never public)."""
    entry = selectors.entry_for_user(user=request.user, pk=pk)
    if not entry.proof:
        raise Http404
    response = FileResponse(entry.proof.open("rb"), filename=services.proof_filename(entry))
    response["Cache-Control"] = "private, no-store"
    return response


@officer_required
@require_POST
def intervention(request, pk: int):
    agreement = selectors.agreement_for_monitoring(user=request.user, pk=pk)
    form = InterventionForm(request.POST)
    if form.is_valid():
        try:
            services.intervention_record(
                actor=request.user, agreement=agreement, **form.cleaned_data
            )
        except ValidationError as e:
            form_errors(form, e)
        else:
            messages.success(request, _("Tindakan pembinaan dicatat."))
            return redirect(reverse("monitoring:agreement", args=[agreement.pk]) + "#pembinaan")
    for errors in form.errors.values():
        for m in errors:
            messages.error(request, m)
    return redirect(reverse("monitoring:agreement", args=[agreement.pk]) + "#pembinaan")


@officer_required
@require_GET
def worklist(request):
    # Thousands of rows and a page of them rendered: many short-lived objects (caching.py).
    with caching.collector_paused():
        choices = selectors.worklist_filter_choices()
        form = WorklistFilterForm(request.GET or None, choices=choices)
        params = form.cleaned_data if form.is_valid() else {}
        items = selectors.worklist_rows(params=params)
        # Pages of rows keep the page light (≤150 KB) with thousands of running agreements;
        # the history of late payments is read for the rows shown only.
        page = Paginator(items, WORKLIST_PAGE_SIZE).get_page(request.GET.get("page"))
        selectors.worklist_details(page.object_list)
        return render(
            request,
            "monitoring/worklist.html",
            {
                "form": form,
                "items": page.object_list,
                # the rows made in Python: the template loop was most of the page's time
                "rows": worklist_html.rows(page.object_list),
                "page": page,
                "total": len(items),
            },
        )


@login_required
@require_http_methods(["GET", "POST"])
def growth(request, pk: int):
    """A micro or small business's quarterly self-report next to the registry's baseline."""
    business = get_object_or_404(Business, pk=pk)
    user = request.user
    if not (user.is_officer or business.pk in selectors.member_business_ids(user=user)):
        raise PermissionDenied
    form = GrowthReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.growth_report_save(actor=user, business=business, **form.cleaned_data)
        except ValidationError as e:
            form_errors(form, e)
        else:
            messages.success(request, _("Laporan perkembangan disimpan."))
            return redirect("monitoring:growth", pk=business.pk)
    return render(
        request,
        "monitoring/growth.html",
        {
            "business": business,
            "form": form,
            "reports": selectors.growth_reports_of(business=business),
            "baseline": selectors.growth_baseline(business=business),
        },
        status=400 if request.method == "POST" else 200,
    )

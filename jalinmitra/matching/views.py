from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jalinmitra.businesses.models import Need, Offer
from jalinmitra.businesses.selectors import business_for_user
from jalinmitra.core import pagecache
from jalinmitra.core.htmx import is_htmx
from jalinmitra.core.permissions import officer_required
from jalinmitra.matching import selectors, services
from jalinmitra.matching.choices import FeedbackKind
from jalinmitra.matching.engine.learning import SIGNALS
from jalinmitra.matching.models import SignalWeights
from jalinmitra.matching.templatetags.matching_tags import csrf_input, supplier_cards_html

# Where each card's CSRF field goes in the kept cards (need_suppliers).
CSRF_PLACEHOLDER = "@@jm-csrf-field@@"


def _need(request, pk: int) -> Need:
    try:
        return selectors.need_for_user(user=request.user, pk=pk)
    except Need.DoesNotExist as e:
        raise Http404 from e


@login_required
@require_GET
def need_suppliers(request, pk: int):
    need = _need(request, pk)  # who may see this need: checked before anything kept is read
    local_only = request.GET.get("lokal") == "1"
    need_url = reverse("matching:need", args=[need.pk])

    def make() -> tuple[list, str]:
        ranked = selectors.suppliers_for_need(need=need, top=20, local_only=local_only)
        cards = supplier_cards_html(
            ranked,
            need_open=need.is_open,
            need_url=need_url,
            csrf=CSRF_PLACEHOLDER,
            text_max=services.NOT_RELEVANT_TEXT_MAX,
        )
        return ranked, cards

    # The suggestions and their cards are the same for everyone who may see the need: kept
    # per need, filter, language and open/closed until anything written changes the stamp
    # (core.pagecache: offers, businesses and certificates renew its token; the need,
    # shortlists, invitations, "tidak relevan" and weights are written by audited services,
    # and a new audit row changes it too). The cards' CSRF fields are each visitor's own.
    ranked, cards = pagecache.kept(
        pagecache.key_for(f"matching:need:{need.pk}:{need.is_open}", request), make, request=request
    )
    cards = mark_safe(cards.replace(CSRF_PLACEHOLDER, csrf_input(get_token(request))))
    return render(
        request,
        "matching/need.html",
        {
            "need": need,
            "ranked": ranked,
            "cards": cards,
            "local_only": local_only,
        },
    )


@login_required
@require_POST
def not_relevant_view(request, pk: int, offer_pk: int):
    """ "Tidak relevan" on the need's list: recorded as feedback, and the pair leaves the list."""
    need = _need(request, pk)
    offer = get_object_or_404(Offer, pk=offer_pk)
    try:
        services.pair_not_relevant(
            actor=request.user,
            need=need,
            offer=offer,
            choice=request.POST.get("choice", ""),
            text=request.POST.get("text", ""),
        )
    except ValidationError as e:
        for m in e.messages:
            messages.error(request, m)
    else:
        messages.success(
            request,
            _("%(title)s ditandai tidak relevan dan tidak ditampilkan lagi untuk kebutuhan ini.")
            % {"title": offer.title},
        )
    return redirect("matching:need", pk=need.pk)


@login_required
@require_POST
def shortlist_toggle_view(request, pk: int, offer_pk: int):
    need = _need(request, pk)
    offer = get_object_or_404(Offer, pk=offer_pk)
    on = services.shortlist_toggle(
        actor=request.user, need=need, offer=offer, score=float(request.POST.get("score") or 0)
    )
    if is_htmx(request):
        return render(
            request, "matching/_shortlist_button.html", {"need": need, "offer": offer, "on": on}
        )
    messages.success(request, _("Daftar pendek diperbarui."))
    return redirect("matching:need", pk=need.pk)


@login_required
@require_POST
def invite_view(request, pk: int, offer_pk: int):
    need = _need(request, pk)
    offer = get_object_or_404(Offer, pk=offer_pk)
    ranked = {r.offer.pk: r for r in selectors.suppliers_for_need(need=need, top=50)}
    hit = ranked.get(offer.pk)
    try:
        services.meeting_invitation_create(
            actor=request.user,
            need=need,
            offer=offer,
            message=request.POST.get("message", ""),
            score=hit.score if hit else 0.0,
            reasons=hit.reasons if hit else [],
        )
    except ValidationError as e:
        for m in e.messages:
            messages.error(request, m)
    else:
        messages.success(
            request, _("Ajakan bertemu dikirim kepada %(name)s.") % {"name": offer.business.name}
        )
    return redirect("matching:need", pk=need.pk)


@login_required
@require_GET
def opportunities(request, pk: int):
    business = business_for_user(request.user, pk)
    if not business.is_small:
        raise PermissionDenied
    found = selectors.opportunities_for(business=business, top=20)
    return render(request, "matching/opportunities.html", {"business": business, "found": found})


@login_required
@require_GET
def search(request):
    query = request.GET.get("q", "")
    results = selectors.offers_search(query=query) if query else []
    return render(request, "matching/search.html", {"query": query, "results": results})


SIGNAL_LABELS = {
    "text": gettext_lazy("Teks (nama dan uraian produk)"),
    "kbli": gettext_lazy("KBLI"),
    "capacity": gettext_lazy("Kapasitas"),
    "region": gettext_lazy("Wilayah"),
    "price": gettext_lazy("Harga"),
}


@officer_required
@require_http_methods(["GET", "POST"])
def weights_page(request):
    """Learnt signal weights against the hand weights, their held-out evaluation, and the
    switch (each change audited by the services)."""
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "train":
                learnt = services.signal_weights_train(actor=request.user)
                messages.success(
                    request, _("Versi %(v)d dilatih (belum aktif).") % {"v": learnt.version}
                )
            elif action == "activate":
                weights = get_object_or_404(SignalWeights, pk=request.POST.get("version"))
                services.signal_weights_activate(actor=request.user, weights=weights)
                messages.success(request, _("Bobot versi %(v)d aktif.") % {"v": weights.version})
            elif action == "hand":
                services.signal_weights_activate(actor=request.user, weights=None)
                messages.success(request, _("Kembali memakai bobot awal."))
        except ValidationError as e:
            for m in e.messages:
                messages.error(request, m)
        return redirect("matching:weights")
    overview = selectors.signal_weights_overview()
    rows = [
        {
            "signal": SIGNAL_LABELS[name],
            "hand": overview.hand[name],
            "versions": [v.weights.get(name) for v in overview.versions],
        }
        for name in SIGNALS
    ]
    return render(
        request,
        "matching/weights.html",
        {
            "overview": overview,
            "rows": rows,
            "kinds": [(k, label, overview.counts.get(k, 0)) for k, label in FeedbackKind.choices],
        },
    )

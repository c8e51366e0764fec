from html import escape

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.signals import setting_changed
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jalinmitra.businesses import selectors, services
from jalinmitra.businesses.choices import LARGE_SIZES
from jalinmitra.businesses.forms import (
    AssistedBusinessForm,
    BusinessFilterForm,
    BusinessForm,
    CertificationForm,
    NeedForm,
    OfferForm,
    ReturnForm,
)
from jalinmitra.businesses.models import Business, Certification, Need, Offer
from jalinmitra.core import pagecache
from jalinmitra.core.forms import form_errors
from jalinmitra.core.htmx import is_htmx
from jalinmitra.core.permissions import officer_required
from jalinmitra.core.reference import kbli_category_choices, kecamatan_choices
from jalinmitra.core.selectors import (
    DEFAULT_KBLI_VERSION,
    audit_for_business,
)
from jalinmitra.core.sizeclass import classify

PAGE_SIZE = 25
# The business service names the main KBLI code 'kbli'; the form calls it 'kbli_primary'.
BUSINESS_FIELDS = {"kbli": "kbli_primary"}


def filter_form(request):
    # Reference data kept per process: no query for the choices.
    return BusinessFilterForm(
        request.GET or None,
        kecamatan_choices=kecamatan_choices(),
        kategori_choices=kbli_category_choices(version=DEFAULT_KBLI_VERSION),
    )


# The unfiltered list's filter fields (the form unbound), by language, URL prefix and the
# kecamatan and KBLI category choices: the same for every officer.
_FILTERS: dict[tuple, str] = {}


def filters_html(form) -> str:
    """The filter form's fields (``businesses/_filters.html``). An unbound form's are kept per
    process: six labels and a text input rendered through templates were ~15 % of the page."""
    if form.is_bound:
        return render_to_string("businesses/_filters.html", {"form": form})
    key = (
        translation.get_language(),
        get_script_prefix(),
        tuple(kecamatan_choices()),
        tuple(kbli_category_choices(version=DEFAULT_KBLI_VERSION)),
    )
    html = _FILTERS.get(key)
    if html is None:
        if len(_FILTERS) > 32:  # the reference choices changed many times: start afresh
            _FILTERS.clear()
        html = _FILTERS[key] = render_to_string("businesses/_filters.html", {"form": form})
    return html


# (model, field, language) -> {value: its label, translated and escaped}: a row looks its
# labels up instead of translating and escaping them (75 per page).
_LABELS: dict[tuple, dict] = {}


def _labels_forget(**_kwargs: object) -> None:
    """A setting changed (tests, override_settings): translations may read differently."""
    _LABELS.clear()
    _FILTERS.clear()


setting_changed.connect(_labels_forget, dispatch_uid="businesses_list_labels_forget")


def _labels(model, field_name: str) -> dict:
    key = (model, field_name, translation.get_language())
    labels = _LABELS.get(key)
    if labels is None:
        labels = _LABELS[key] = {
            value: escape(str(label))
            for value, label in model._meta.get_field(field_name).flatchoices
        }
    return labels


def _list_row(row, list_url: str, today, codes, certificates, labels) -> str:
    """One row's HTML: the same as ``format_html`` over the values gave, with every value
    escaped once by ``html.escape`` (Django's ``escape``) instead of through ``format_html``'s
    per-argument checks (~80 calls a page)."""
    pk, name, owner_name, nib, size_class, status, region, kecamatan = row
    sizes, statuses, kinds = labels
    place = (
        f'{escape(str(region))}<br><span class="muted">{escape(str(kecamatan or ""))}</span>'
        if region is not None
        else "–"
    )
    badges = "".join(
        f'<span class="badge {"expired" if expires_on is not None and expires_on < today else "ok"}">'
        f"{kinds[kind] if kind in kinds else escape(str(kind))}</span> "
        for kind, expires_on in certificates.get(pk, ())
    )
    size = sizes[size_class] if size_class in sizes else escape(str(size_class or ""))
    return (
        "\n<tr>\n"
        f'  <td><a href="{list_url}{pk}/">{escape(str(name))}</a><br>'
        f'<span class="muted">{escape(str(owner_name))}</span></td>\n'
        f"  <td>{escape(str(nib)) if nib else '–'}</td>\n"
        f"  <td>{size or '–'}</td>\n"
        f"  <td>{place}</td>\n"
        f"  <td>{escape(str(codes.get(pk, '')))}</td>\n"
        f"  <td>{badges}</td>\n"
        f'  <td><span class="badge {escape(str(status))}">'
        f"{statuses[status] if status in statuses else escape(str(status))}</span></td>\n"
        "</tr>\n"
    )


def list_rows_html(page) -> str:
    """The officers' list page's rows (``selectors.business_list_page``) as HTML, built in
    Python: as template nodes over model instances (~15 variables, two inner loops and three
    choice labels a row) they were most of the page's time. A row links to the list's URL +
    pk (the detail URL: one reverse() a page)."""
    rows = selectors.business_list_page(page_qs=page.object_list)
    codes, certificates = selectors.business_list_extras(ids=[row[0] for row in rows])
    list_url = escape(reverse("businesses:list"))
    today = timezone.localdate()
    labels = (
        _labels(Business, "size_class"),
        _labels(Business, "status"),
        _labels(Certification, "kind"),
    )
    return mark_safe(
        "".join(_list_row(row, list_url, today, codes, certificates, labels) for row in rows)
    )


@officer_required
@require_GET
def business_list(request):
    form = filter_form(request)
    params = form.cleaned_data if form.is_valid() else {}
    qs = selectors.business_list_rows(qs=selectors.businesses_filter(params=params))
    number = request.GET.get("page")

    def make() -> tuple[int, str]:
        page = Paginator(qs, PAGE_SIZE).get_page(number)
        return page.paginator.count, list_rows_html(page)

    # The same for every officer: the count and the rows are kept per query and language
    # until anything they show is written (core.pagecache; BusinessesConfig.ready watches the
    # models), instead of counting, reading and building them on every visit.
    total, rows = pagecache.kept(
        pagecache.key_for("businesses:list", request), make, request=request
    )
    paginator = Paginator(qs, PAGE_SIZE)
    paginator.count = total  # known: no second COUNT
    page = paginator.get_page(number)
    context = {"form": form, "page": page, "rows": rows, "total": total}
    if is_htmx(request):
        return render(request, "businesses/_list_table.html", context)
    return render(request, "businesses/list.html", context | {"filters": filters_html(form)})


@officer_required
@require_GET
def verification_queue(request):
    page = Paginator(selectors.verification_queue(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "businesses/queue.html", {"page": page})


@login_required
@require_GET
def my_businesses(request):
    return render(
        request, "businesses/mine.html", {"businesses": selectors.businesses_of_user(request.user)}
    )


def _business_kwargs(data: dict) -> dict:
    fields = {f: data.get(f) for f in services.BUSINESS_FIELDS if f in data}
    fields["region"] = services.region_get(data.get("region"))
    return fields


@officer_required
@require_http_methods(["GET", "POST"])
def business_create(request):
    form = AssistedBusinessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            business = services.business_create(
                actor=request.user,
                data=_business_kwargs(data),
                kbli_primary=data["kbli_primary"] or None,
                kbli_others=data["kbli_others"],
                privacy_consent=data["privacy_consent"],
                assisted=True,
            )
        except ValidationError as e:
            form_errors(form, e, aliases=BUSINESS_FIELDS)
        else:
            messages.success(request, _("Usaha %(name)s didaftarkan.") % {"name": business.name})
            return redirect("businesses:detail", pk=business.pk)
    return render(
        request, "businesses/form.html", {"form": form, "creating": True, "consent": True}
    )


@login_required
@require_http_methods(["GET", "POST"])
def business_edit(request, pk: int):
    business = selectors.business_for_user(request.user, pk)
    primary = business.primary_kbli
    initial = {
        f: getattr(business, f)
        for f in services.BUSINESS_FIELDS
        if f not in ("region", "owner_nik")
    }
    initial.update(
        {
            "region": business.region_id or "",
            "kbli_primary": primary.code if primary else "",
            "kbli_others": ", ".join(
                link.kbli.code for link in business.kbli_links.all() if not link.is_primary
            ),
            # Nobody sees the stored NIK in the form: officers reveal it on the business page,
            # which is audited (UU PDP); a blank field keeps it.
            "owner_nik": "",
        }
    )
    initial["version"] = business.version
    nik_hint = business.masked_nik
    form = BusinessForm(
        request.POST or None,
        initial=initial,
        nik_hint=nik_hint,
        business=business,
        ask_consent=services.business_consent_needed(business),
        by_officer=request.user.is_officer,
    )
    stale = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            kwargs = _business_kwargs(data)
            if not data.get("owner_nik"):
                # The stored NIK is never printed in the form, so a blank field means "unchanged".
                kwargs["owner_nik"] = business.owner_nik
            services.business_update(
                actor=request.user,
                business=business,
                data=kwargs,
                kbli_primary=data["kbli_primary"] or None,
                kbli_others=data["kbli_others"],
                expected_version=data.get("version"),
                privacy_consent=data.get("privacy_consent", False),
            )
        except ValidationError as e:
            stale = form_errors(form, e, aliases=BUSINESS_FIELDS)
        else:
            messages.success(request, _("Data usaha disimpan."))
            return redirect("businesses:detail", pk=business.pk)
    return render(
        request,
        "businesses/form.html",
        {
            "form": form,
            "business": business,
            "stale": stale,
            "consent": "privacy_consent" in form.fields,
        },
    )


@login_required
@require_GET
def business_detail(request, pk: int):
    business = selectors.business_for_user(request.user, pk)
    context = {
        "business": business,
        "classification": classify(business.modal_usaha, business.hasil_penjualan),
        "offers": selectors.offers_of(business=business),
        "needs": selectors.needs_of(business=business),
        "is_large": business.size_class in LARGE_SIZES,
        "missing": services.business_missing_for_submission(business),
        "actions": selectors.available_transitions(business=business, user=request.user),
        "return_form": ReturnForm(),
        "cert_form": CertificationForm(),
        "show_personal": request.user.is_officer,
        "history": audit_for_business(business=business)[:50] if request.user.is_officer else None,
    }
    return render(request, "businesses/detail.html", context)


def _act(request, pk: int, action, success: str, **kwargs):
    business = selectors.business_for_user(request.user, pk)
    try:
        action(actor=request.user, business=business, **kwargs)
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect("businesses:detail", pk=business.pk)


@login_required
@require_POST
def business_submit(request, pk: int):
    return _act(
        request, pk, services.business_submit, _("Data diajukan untuk diverifikasi petugas.")
    )


@officer_required
@require_POST
def business_verify(request, pk: int):
    response = _act(request, pk, services.business_verify, _("Usaha terverifikasi."))
    if request.POST.get("next") == "queue":
        return redirect("businesses:queue")
    return response


@officer_required
@require_POST
def business_return(request, pk: int):
    form = ReturnForm(request.POST)
    reason = form.data.get("reason", "")
    return _act(
        request,
        pk,
        services.business_return,
        _("Pengajuan dikembalikan kepada pemilik."),
        reason=reason,
    )


@login_required
@require_POST
def certification_add(request, pk: int):
    business = selectors.business_for_user(request.user, pk)
    form = CertificationForm(request.POST)
    if form.is_valid():
        services.certification_add(actor=request.user, business=business, **form.cleaned_data)
        messages.success(request, _("Sertifikat ditambahkan."))
    else:
        for field, errs in form.errors.items():
            for e in errs:
                messages.error(
                    request, f"{form.fields[field].label if field in form.fields else ''}: {e}"
                )
    return redirect("businesses:detail", pk=business.pk)


@login_required
@require_POST
def certification_delete(request, pk: int, cert_pk: int):
    business = selectors.business_for_user(request.user, pk)
    cert = get_object_or_404(Certification, pk=cert_pk, business=business)
    services.certification_delete(actor=request.user, certification=cert)
    messages.success(request, _("Sertifikat dihapus."))
    return redirect("businesses:detail", pk=business.pk)


@login_required
@require_http_methods(["GET", "POST"])
def offer_edit(request, pk: int, offer_pk: int | None = None):
    business = selectors.business_for_user(request.user, pk)
    if business.size_class in LARGE_SIZES:
        messages.error(
            request, _("Penawaran untuk usaha mikro dan kecil. Usaha ini mencatat kebutuhan.")
        )
        return redirect("businesses:detail", pk=business.pk)
    offer = get_object_or_404(Offer, pk=offer_pk, business=business) if offer_pk else None
    form = OfferForm(request.POST or None, request.FILES or None, instance=offer, business=business)
    stale = False
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in services.OFFER_FIELDS if f in form.cleaned_data}
        certs = list(form.cleaned_data["certifications"])
        try:
            offer = services.offer_save(
                actor=request.user,
                business=business,
                offer=offer,
                data=data,
                certifications=certs,
                photo=form.cleaned_data.get("photo"),
                expected_version=form.cleaned_data.get("version"),
            )
        except ValidationError as e:
            if offer_pk is None:
                offer = None
            stale = form_errors(form, e)
        else:
            messages.success(request, _("Penawaran disimpan."))
            return redirect("businesses:detail", pk=business.pk)
    return render(
        request,
        "businesses/offer_form.html",
        {"form": form, "business": business, "offer": offer, "stale": stale},
    )


@login_required
@require_POST
def offer_delete(request, pk: int, offer_pk: int):
    business = selectors.business_for_user(request.user, pk)
    offer = get_object_or_404(Offer, pk=offer_pk, business=business)
    services.offer_delete(actor=request.user, offer=offer)
    messages.success(request, _("Penawaran dihapus."))
    return redirect("businesses:detail", pk=business.pk)


@login_required
@require_http_methods(["GET", "POST"])
def need_edit(request, pk: int, need_pk: int | None = None):
    business = selectors.business_for_user(request.user, pk)
    if business.size_class and business.size_class not in LARGE_SIZES:
        messages.error(request, _("Kebutuhan dicatat oleh usaha menengah dan besar."))
        return redirect("businesses:detail", pk=business.pk)
    need = get_object_or_404(Need, pk=need_pk, business=business) if need_pk else None
    form = NeedForm(request.POST or None, instance=need)
    stale = False
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in services.NEED_FIELDS if f in form.cleaned_data}
        try:
            if need is None:
                services.need_create(actor=request.user, business=business, data=data)
            else:
                services.need_update(
                    actor=request.user,
                    need=need,
                    data=data,
                    expected_version=form.cleaned_data.get("version"),
                )
        except ValidationError as e:
            stale = form_errors(form, e)
        else:
            messages.success(request, _("Kebutuhan disimpan."))
            return redirect("businesses:detail", pk=business.pk)
    return render(
        request,
        "businesses/need_form.html",
        {"form": form, "business": business, "need": need, "stale": stale},
    )


@login_required
@require_POST
def need_close(request, pk: int, need_pk: int):
    business = selectors.business_for_user(request.user, pk)
    need = get_object_or_404(Need, pk=need_pk, business=business)
    services.need_close(actor=request.user, need=need)
    messages.success(request, _("Kebutuhan ditutup."))
    return redirect("businesses:detail", pk=business.pk)

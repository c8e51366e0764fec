from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jalinmitra.businesses.models import Business
from jalinmitra.core.forms import form_errors
from jalinmitra.core.htmx import render_htmx
from jalinmitra.core.permissions import officer_required
from jalinmitra.privacy import selectors, services
from jalinmitra.privacy.forms import DeletionRequestForm, RecordForm, RefuseForm
from jalinmitra.privacy.models import DeletionRequest

HANDLED_SHOWN = 30


# --- the owner's page ----------------------------------------------------------------------


@login_required
@never_cache
@require_GET
def my_data(request):
    user = request.user
    return render(
        request,
        "privacy/mine.html",
        {
            # The owner's own page: the full NIK is theirs to see, so no masking here. Only the
            # businesses they own: a staff member does not see the owner's NIK.
            "businesses": selectors.businesses_owned_by(user=user).select_related("region"),
            "pending": selectors.deletion_request_pending_for(user=user),
            "past": selectors.deletion_requests_of(user=user).exclude(status="pending")[:10],
        },
    )


@login_required
@never_cache
@require_GET
def my_data_download(request):
    content = services.personal_data_export(actor=request.user)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="data-saya-{stamp}.zip"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def deletion_request_create(request):
    pending = selectors.deletion_request_pending_for(user=request.user)
    if pending is not None:
        messages.info(request, _("Permintaan hapus data Anda sedang diproses petugas."))
        return redirect("privacy:mine")
    form = DeletionRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.deletion_request_create(actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as e:
            form_errors(form, e)
        else:
            messages.success(
                request,
                _("Permintaan hapus data terkirim. Petugas menanganinya paling lambat 3 × 24 jam."),
            )
            return redirect("privacy:mine")
    return render(
        request,
        "privacy/request_confirm.html",
        {"form": form, "businesses": selectors.businesses_owned_by(user=request.user)},
    )


# --- the officers' queue -------------------------------------------------------------------


@officer_required
@require_GET
def request_queue(request):
    return render(
        request,
        "privacy/queue.html",
        {
            "pending": selectors.deletion_requests_pending(),
            "handled": selectors.deletion_requests_handled()[:HANDLED_SHOWN],
            "now": timezone.now(),
        },
    )


def _request_context(deletion_request: DeletionRequest) -> dict:
    owned = selectors.businesses_of_request(request=deletion_request)
    return {
        "req": deletion_request,
        "businesses": owned,
        "agreements": selectors.agreements_of(businesses=owned),
    }


@officer_required
@require_GET
def request_detail(request, pk: int):
    deletion_request = get_object_or_404(DeletionRequest, pk=pk)
    context = _request_context(deletion_request) | {"refuse_form": RefuseForm()}
    return render(request, "privacy/detail.html", context)


@officer_required
@require_http_methods(["GET", "POST"])
def request_anonymise(request, pk: int):
    deletion_request = get_object_or_404(DeletionRequest, pk=pk)
    if request.method == "POST":
        try:
            result = services.deletion_request_anonymise(
                actor=request.user, request=deletion_request
            )
        except ValidationError as e:
            for message in e.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _(
                    "Data pribadi pemohon sudah dianonimkan (%(b)s usaha). %(a)s perjanjian "
                    "tetap tersimpan tanpa identitas pribadinya."
                )
                % {"b": result.businesses, "a": result.agreements_kept},
            )
        return redirect("privacy:detail", pk=deletion_request.pk)
    if not deletion_request.is_pending:
        return redirect("privacy:detail", pk=deletion_request.pk)
    return render(request, "privacy/anonymise_confirm.html", _request_context(deletion_request))


@officer_required
@require_POST
def request_refuse(request, pk: int):
    deletion_request = get_object_or_404(DeletionRequest, pk=pk)
    form = RefuseForm(request.POST)
    if form.is_valid():
        try:
            services.deletion_request_refuse(
                actor=request.user, request=deletion_request, reason=form.cleaned_data["reason"]
            )
        except ValidationError as e:
            form_errors(form, e)
        else:
            messages.success(request, _("Permintaan ditolak; alasannya terlihat oleh pemohon."))
            return redirect("privacy:detail", pk=deletion_request.pk)
    context = _request_context(deletion_request) | {"refuse_form": form}
    return render(request, "privacy/detail.html", context, status=400)


@officer_required
@require_GET
def business_privacy(request, business_pk: int):
    """An officer serves an owner at the counter: a copy of their data, or a deletion request."""
    business = get_object_or_404(Business, pk=business_pk)
    return render(
        request,
        "privacy/business.html",
        {
            "business": business,
            "pending": selectors.deletion_request_pending_for_business(business=business),
            "owners": selectors.owner_logins_of(business=business),
        },
    )


@officer_required
@never_cache
@require_GET
def business_download(request, business_pk: int):
    business = get_object_or_404(Business, pk=business_pk)
    content = services.business_owner_data_export(actor=request.user, business=business)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="data-usaha-{business.pk}-{stamp}.zip"'
    return response


@officer_required
@require_http_methods(["GET", "POST"])
def request_record(request, business_pk: int):
    """An officer records the request of an owner who asked at the counter."""
    business = get_object_or_404(Business, pk=business_pk)
    pending = selectors.deletion_request_pending_for_business(business=business)
    if pending is not None:
        messages.info(request, _("Permintaan hapus data untuk usaha ini sedang diproses."))
        return redirect("privacy:detail", pk=pending.pk)
    form = RecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            deletion_request = services.deletion_request_record(
                actor=request.user, business=business, reason=form.cleaned_data["reason"]
            )
        except ValidationError as e:
            form_errors(form, e)
        else:
            messages.success(
                request,
                _("Permintaan dicatat. Batas waktu penanganannya 3 × 24 jam sejak sekarang."),
            )
            return redirect("privacy:detail", pk=deletion_request.pk)
    return render(request, "privacy/record_confirm.html", {"form": form, "business": business})


# --- an officer looks at a full NIK ----------------------------------------------------------


@officer_required
@never_cache
@require_POST
def nik_reveal(request, business_pk: int):
    business = get_object_or_404(Business, pk=business_pk)
    nik = services.business_nik_reveal(actor=request.user, business=business)
    return render_htmx(
        request,
        "privacy/nik.html",
        "privacy/_nik.html",
        {"business": business, "nik": nik},
    )

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jalinmitra.core import hooks, pagecache, selectors, services
from jalinmitra.core.forms import CityForm, OfficeForm, OfficialForm
from jalinmitra.core.htmx import render_htmx
from jalinmitra.core.jobs import job_shown
from jalinmitra.core.models import Job, Office, Official
from jalinmitra.core.permissions import admin_required

PICKER_QUERY_MAX = 100  # characters of a type-ahead search; longer text cannot name a place


@require_GET
@pagecache.anonymous_page
def home(request):
    user = request.user
    if user.is_authenticated:
        if user.is_officer:
            return redirect("businesses:list")
        if user.is_business_user:
            return redirect("businesses:mine")
        url = hooks.home_for(user=user)  # a bank user: the bank's queue (financing)
        if url:
            return redirect(url)
    return render(request, "core/home.html")


@require_GET
def privacy_notice(request):
    """The privacy notice (pemberitahuan privasi), public, linked wherever consent is asked."""
    from django.conf import settings

    city = selectors.city_current()
    return render(
        request,
        "core/privacy.html",
        {
            "notice_version": city.privacy_notice_version if city else "",
            "offices": list(city.offices.all()) if city else [],
            "retention_months": max(1, round(settings.PRIVACY_RETENTION_UNVERIFIED_DAYS / 30.4)),
            "enquiry_retention_months": max(
                1, round(settings.PRIVACY_RETENTION_ENQUIRY_DAYS / 30.4)
            ),
        },
    )


@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@admin_required
@require_http_methods(["GET", "POST"])
def city_settings(request):
    city = selectors.city_current()
    if city is None:
        raise Http404
    form = CityForm(request.POST or None, request.FILES or None, instance=city)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in form.changed_data}
        city.refresh_from_db()
        services.city_update(actor=request.user, city=city, data=data)
        messages.success(request, _("Pengaturan daerah disimpan."))
        return redirect("core:city")
    return render(request, "core/city.html", {"form": form, "city_obj": city})


@admin_required
@require_http_methods(["GET", "POST"])
def official_edit(request, pk: int | None = None):
    city = selectors.city_current()
    official = get_object_or_404(Official, pk=pk, city=city) if pk else Official(city=city)
    form = OfficialForm(request.POST or None, instance=official)
    office_field = form.fields["office"]
    if isinstance(office_field, forms.ModelChoiceField):  # only this city's offices
        office_field.queryset = Office.objects.filter(city=city)
    if request.method == "POST" and form.is_valid():
        services.official_save(actor=request.user, official=form.save(commit=False))
        messages.success(request, _("Data pejabat disimpan."))
        return redirect("core:city")
    return render(request, "core/official_form.html", {"form": form, "official": official})


@admin_required
@require_POST
def official_delete_view(request, pk: int):
    official = get_object_or_404(Official, pk=pk)
    services.official_delete(actor=request.user, official=official)
    messages.success(request, _("Pejabat dihapus."))
    return redirect("core:city")


@admin_required
@require_http_methods(["GET", "POST"])
def office_edit(request, pk: int):
    office = get_object_or_404(Office, pk=pk)
    form = OfficeForm(request.POST or None, instance=office)
    if request.method == "POST" and form.is_valid():
        services.office_save(actor=request.user, office=form.save(commit=False))
        messages.success(request, _("Data perangkat daerah disimpan."))
        return redirect("core:city")
    return render(request, "core/office_form.html", {"form": form, "office": office})


@login_required
@require_GET
def kbli_picker(request):
    """Type-ahead: the options fragment for an htmx request, JSON otherwise."""
    query = request.GET.get("q", "")[:PICKER_QUERY_MAX]
    level = request.GET.get("level", "kelompok")
    results = selectors.kbli_search(query=query, levels=[level] if level else None)
    if request.headers.get("HX-Request"):
        return render(
            request,
            "core/_picker_options.html",
            {
                "options": [(k.code, f"{k.code} {k.title}") for k in results],
                "query": query,
            },
        )
    return JsonResponse({"results": [{"code": k.code, "title": k.title} for k in results]})


@login_required
@require_GET
def region_picker(request):
    query = request.GET.get("q", "")[:PICKER_QUERY_MAX]
    levels = [lv for lv in request.GET.get("levels", "").split(",") if lv] or None
    within = request.GET.get("within", "")
    results = selectors.regions_search(query=query, levels=levels, within=within)
    if request.headers.get("HX-Request"):
        return render(
            request,
            "core/_picker_options.html",
            {
                "options": [
                    (r.code, f"{r} — {r.parent.name if r.parent else ''}") for r in results
                ],
                "query": query,
            },
        )
    return JsonResponse(
        {
            "results": [
                {
                    "code": r.code,
                    "name": r.name,
                    "level": r.level,
                    "parent": r.parent.name if r.parent else "",
                }
                for r in results
            ]
        }
    )


@login_required
@require_GET
def job_progress(request, pk: int):
    job = get_object_or_404(Job, pk=pk)
    if job.owner_id != request.user.pk and not request.user.is_officer:
        raise Http404
    job = job_shown(job)  # a job whose worker died shows as failed (computed, not saved)
    return render_htmx(request, "core/job.html", "core/_job.html", {"job": job})


@require_GET
def favicon(request):
    """Browsers and bots ask for /favicon.ico whatever the page links; send them to the SVG."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))

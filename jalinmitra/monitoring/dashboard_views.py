"""Beranda Pimpinan (the programme dashboard, for officers and the city's leaders, who sign in
as officers or admins: there is no separate read-only leader role), its XLSX and quarterly PDF,
and the public programme statistics. Every page only reads."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from jalinmitra.core.permissions import officer_required
from jalinmitra.monitoring import charts, hooks
from jalinmitra.monitoring.dashboard import (
    MAX_PERIOD_DAYS,
    Period,
    dashboard_figures,
    recent_quarters,
)
from jalinmitra.monitoring.reports import (
    MIN_GROUP,
    figure_charts,
    figures_xlsx,
    public_stats,
    report_pdf,
)


class PeriodForm(forms.Form):
    dari = forms.DateField(
        label=_("Dari tanggal"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    sampai = forms.DateField(
        label=_("Sampai tanggal"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("dari"), data.get("sampai")
        if start and end:
            if end < start:
                raise ValidationError(
                    _("Tanggal akhir tidak boleh sebelum tanggal awal."), code="period_order"
                )
            if (end - start).days > MAX_PERIOD_DAYS:
                raise ValidationError(
                    _("Periode paling panjang sepuluh tahun."), code="period_length"
                )
        return data


def period_from(request, today: dt.date) -> tuple[Period, PeriodForm]:
    """The period asked for in the query string, or the current quarter (also when the asked
    period is invalid: the form then carries the reason)."""
    default = Period.quarter_of(today)
    if "dari" in request.GET or "sampai" in request.GET:
        form = PeriodForm(request.GET)
        if form.is_valid():
            return Period(form.cleaned_data["dari"], form.cleaned_data["sampai"]), form
        return default, form
    return default, PeriodForm(initial={"dari": default.start, "sampai": default.end})


def worklist_url() -> str | None:
    """The officers' worklist (realisasi's page), if it is installed."""
    try:
        return reverse("monitoring:worklist")
    except NoReverseMatch:
        return None


@require_GET
@officer_required
def dashboard(request):
    today = timezone.localdate()
    period, form = period_from(request, today)
    figures = dashboard_figures(period, today=today)
    return render(
        request,
        "monitoring/dashboard.html",
        {
            "f": figures,
            "form": form,
            "charts": figure_charts(figures),
            "quarters": recent_quarters(today),
            "this_year": Period.year(today.year),
            "worklist_url": worklist_url(),
            # Figures of the apps above monitoring (financing's KUR referrals), by hook.
            "programme_figures": hooks.figures_for(start=period.start, end=period.end),
        },
    )


@require_GET
@officer_required
def dashboard_xlsx(request):
    today = timezone.localdate()
    period, _form = period_from(request, today)
    data = figures_xlsx(dashboard_figures(period, today=today))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"beranda-pimpinan-{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@officer_required
def report(request):
    today = timezone.localdate()
    period, _form = period_from(request, today)
    data = report_pdf(dashboard_figures(period, today=today))
    response = HttpResponse(data, content_type="application/pdf")
    name = f"laporan-program-kemitraan-{period.start:%Y%m%d}-{period.end:%Y%m%d}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@require_GET
def stats(request):
    """Public: the programme's results for a year, with no names and no figure from fewer
    than three businesses."""
    today = timezone.localdate()
    try:
        year = int(request.GET.get("tahun", today.year))
    except ValueError:
        year = today.year
    if not 2000 <= year <= today.year:
        year = today.year
    period = Period.year(year)
    s = public_stats(dashboard_figures(period, today=today, health=False))
    shown_months = [r for r in s.months if r.delivered is not None]
    chart = (
        charts.bar_chart(
            [r.label[:3] for r in s.months],
            [r.delivered or 0 for r in s.months],
            title=str(_("Nilai penjualan UMK per bulan")),
            fmt=charts.rupiah_short,
        )
        if shown_months
        else ""
    )
    return render(
        request,
        "monitoring/stats.html",
        {
            "s": s,
            "chart": chart,
            "min_group": MIN_GROUP,
            "years": list(range(today.year, max(today.year - 5, 1999), -1)),
            "year": year,
        },
    )

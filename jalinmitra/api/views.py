"""The open data files (public, no token) and the province's roll-up page."""

from __future__ import annotations

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from jalinmitra.api import opendata
from jalinmitra.api.stats import statistics_for_year
from jalinmitra.core.permissions import officer_required


def _year(request) -> int:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("tahun", today.year))
    except ValueError:
        year = today.year
    return year if 2000 <= year <= today.year else today.year


@require_GET
def open_data_index(request):
    year = _year(request)
    datasets = [
        {
            "name": name,
            "title": spec["title"],
            "json": reverse("opendata:dataset", args=[name, "json"]) + f"?tahun={year}",
            "csv": reverse("opendata:dataset", args=[name, "csv"]) + f"?tahun={year}",
        }
        for name, spec in opendata.DATASETS.items()
    ]
    return render(request, "api/open_data.html", {"datasets": datasets, "year": year})


@require_GET
def open_data(request, name: str, fmt: str):
    if name not in opendata.DATASETS or fmt not in ("json", "csv"):
        raise Http404
    year = _year(request)
    stats = statistics_for_year(year)
    urls = {
        f: request.build_absolute_uri(reverse("opendata:dataset", args=[name, f]))
        + f"?tahun={year}"
        for f in ("json", "csv")
    }
    if fmt == "csv":
        response = HttpResponse(
            opendata.as_csv(name, stats), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'inline; filename="{name}-{year}.csv"'
        response["Link"] = f'<{urls["json"]}>; rel="describedby"; type="application/json"'
        return response
    body = {
        "metadata": opendata.metadata(name, stats, urls=urls),
        "data": [
            dict(zip(opendata.DATASETS[name]["columns"], row, strict=True))
            for row in opendata.rows_of(name, stats)
        ],
    }
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False, "indent": 1})


@officer_required
@require_GET
def rollup(request):
    """The province's table: every configured city's figures for a year (read live)."""
    from jalinmitra.api.rollup import rollup as do_rollup

    year = _year(request)
    result = do_rollup(year=year)
    return render(request, "api/rollup.html", {"result": result, "year": year})

"""Operations pages: start again a job whose worker died, and the metrics page for the city's
admins (jobs queued and failed, the last backup, the last periodic run)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from jalinmitra.core import jobs
from jalinmitra.core.models import Job
from jalinmitra.core.ops import ops_metrics
from jalinmitra.core.permissions import admin_required, officer_required


@officer_required
@require_POST
def job_restart(request, pk: int):
    job = get_object_or_404(Job, pk=pk)
    try:
        jobs.job_restart(actor=request.user, job=job)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("Pekerjaan dijalankan lagi."))
    return redirect("core:job", pk=pk)


@admin_required
@require_GET
def metrics(request):
    data = ops_metrics()
    if request.GET.get("format") == "json":
        return JsonResponse(data)
    return render(request, "core/metrics.html", {"m": data})

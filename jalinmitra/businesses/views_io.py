"""Spreadsheet import and export of the business registry (officers only)."""

from django import forms
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from jalinmitra.businesses import exports, selectors
from jalinmitra.businesses.imports import (
    KINDS,
    read_table,
    template_csv,
    template_xlsx,
)
from jalinmitra.businesses.tasks import import_job_run
from jalinmitra.businesses.views import filter_form
from jalinmitra.core.jobs import job_enqueue, job_start
from jalinmitra.core.permissions import officer_required
from jalinmitra.core.services import audit_event
from jalinmitra.core.spreadsheets import MAX_BYTES, ImportFileError

# Up to this many rows the import runs in the request; the officer lands on a
# finished job page. Larger files go to the task worker.
SYNC_MAX_ROWS = 200

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Jenis data"),
        choices=[
            ("usaha", gettext_lazy("Usaha")),
            ("penawaran", gettext_lazy("Penawaran (produk usaha mikro/kecil)")),
            ("kebutuhan", gettext_lazy("Kebutuhan (usaha menengah/besar)")),
        ],
    )
    file = forms.FileField(
        label=gettext_lazy("Berkas XLSX atau CSV"),
        allow_empty_file=True,
        help_text=gettext_lazy(
            "Paling besar 5 MB dan 5.000 baris; baris 1 berisi judul kolom seperti templat."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean(self):
        cleaned = super().clean()
        upload, kind = cleaned.get("file"), cleaned.get("kind")
        if upload is None or kind is None:
            return cleaned
        if upload.size > MAX_BYTES:
            self.add_error(
                "file",
                _("Berkas terlalu besar (%(size).1f MB); paling besar 5 MB.")
                % {"size": upload.size / 1024 / 1024},
            )
            return cleaned
        try:
            cleaned["rows"] = read_table(filename=upload.name, data=upload.read(), kind=kind)
        except ImportFileError as e:
            self.add_error("file", str(e))
        return cleaned


@officer_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        kind, rows = form.cleaned_data["kind"], form.cleaned_data["rows"]
        filename = form.cleaned_data["file"].name
        background = len(rows) > SYNC_MAX_ROWS
        with transaction.atomic():
            # The rows wait in the database, not on disk, so a worker on
            # another machine can read them.
            job = job_start(
                kind="import",
                owner=request.user,
                title=(
                    _("Impor %(kind)s: %(file)s")
                    % {"kind": KINDS[kind].label.lower(), "file": filename}
                ),
                total=2 * len(rows),
                message=ngettext(
                    "%(n)s baris menunggu diproses.",
                    "%(n)s baris menunggu diproses.",
                    len(rows),
                )
                % {"n": len(rows)},
                result={"pending": {"kind": kind, "filename": filename, "rows": rows}},
            )
            if background:
                job_enqueue(job, "jalinmitra.businesses.tasks.run_import", job.pk)
        if not background:
            import_job_run(job.pk)
        return redirect("core:job", job.pk)
    return render(
        request,
        "businesses/import.html",
        {"form": form, "kinds": list(KINDS.values()), "sync_max_rows": SYNC_MAX_ROWS},
    )


@officer_required
@require_GET
def import_template(request, kind: str, fmt: str):
    if kind not in KINDS or fmt not in ("xlsx", "csv"):
        raise Http404
    if fmt == "xlsx":
        response = HttpResponse(template_xlsx(kind), content_type=XLSX_TYPE)
    else:
        response = HttpResponse(template_csv(kind), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="templat-impor-{kind}.{fmt}"'
    return response


@officer_required
@require_GET
def business_export(request):
    form = filter_form(request)
    params = form.cleaned_data if form.is_valid() else {}
    businesses = selectors.businesses_filter(params=params)
    # Officers may see NIK (they verify identities); the export is theirs only.
    content = exports.businesses_xlsx(businesses, include_nik=request.user.is_officer)
    # A bulk copy of personal data leaves the system: UU PDP wants a trace of it.
    audit_event(
        actor=request.user,
        action="business.export",
        subject="Ekspor daftar usaha (XLSX)",
        details={"filter": {k: v for k, v in params.items() if v}, "rows": businesses.count()},
    )
    response = HttpResponse(content, content_type=XLSX_TYPE)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="daftar-usaha-{stamp}.xlsx"'
    return response

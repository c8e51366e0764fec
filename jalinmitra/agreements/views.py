import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jalinmitra.agreements import selectors, services
from jalinmitra.agreements.choices import EndKind, Party, Status
from jalinmitra.agreements.forms import (
    AgreementCreateForm,
    ClausesEditForm,
    EndForm,
    FilterForm,
    NotesForm,
    ReasonForm,
    ScanForm,
    VerifyForm,
    WitnessForm,
)
from jalinmitra.agreements.models import CLAUSE_FIELDS
from jalinmitra.agreements.pdf import agreement_pdf
from jalinmitra.core import pagecache
from jalinmitra.core.dates import format_tanggal
from jalinmitra.core.forms import form_errors
from jalinmitra.core.htmx import render_htmx
from jalinmitra.core.models import Job, KbliCode
from jalinmitra.core.money import format_rupiah
from jalinmitra.core.permissions import officer_required
from jalinmitra.core.selectors import DEFAULT_KBLI_VERSION, city_current, kecamatan_of_city
from jalinmitra.core.spreadsheets import safe_row
from jalinmitra.events.models import Event


def _errors(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def may_create(user) -> bool:
    """Officers and business owners draft agreements; a bank user only reads."""
    return user.is_officer or user.is_business_user


def _filter_form(request) -> FilterForm:
    city = city_current()
    kategori = KbliCode.objects.filter(version=DEFAULT_KBLI_VERSION, level="kategori").order_by(
        "code"
    )
    return FilterForm(
        request.GET or None,
        sector_choices=[(k.code, f"{k.code} {k.title}") for k in kategori],
        kecamatan_choices=[(r.code, r.name) for r in kecamatan_of_city(city=city)] if city else [],
        event_choices=[(e.pk, f"{e.name} ({e.date:%d-%m-%Y})") for e in Event.objects.all()[:100]],
    )


@login_required
@require_GET
def agreement_list(request):
    form = _filter_form(request)
    params = form.cleaned_data if form.is_valid() else {}
    qs = selectors.agreements_filter(user=request.user, params=params)
    if request.GET.get("format") == "xlsx":
        return _xlsx(selectors.agreements_for_export(qs=qs))
    return render_htmx(
        request,
        "agreements/list.html",
        "agreements/_rows.html",
        {
            "form": form,
            "agreements": qs[:200],
            "query": request.GET.urlencode(),
            "can_create": may_create(request.user),
        },
    )


def _xlsx(qs) -> HttpResponse:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Perjanjian"
    ws.append(
        [
            "Nomor",
            "Kode",
            "Pola",
            "Pihak Pertama",
            "Pihak Kedua",
            "Mulai",
            "Berakhir",
            "Nilai (Rp)",
            "Tempo (hari)",
            "Status",
            "Sektor (KBLI)",
            "Kecamatan",
            "Temu usaha",
        ]
    )
    for a in qs:
        kbli = a.small_party.primary_kbli
        region = a.small_party.region
        ws.append(
            safe_row(
                [
                    a.number or "",
                    a.code,
                    a.get_pattern_display(),
                    a.small_party.name,
                    a.large_party.name,
                    a.start_date,
                    a.end_date,
                    a.estimated_value,
                    a.payment_term_days,
                    a.get_status_display(),
                    kbli.category if kbli else "",
                    region.parent.name if region and region.parent else "",
                    a.origin_meeting.event.name if a.origin_meeting else "",
                ]
            )
        )
    out = io.BytesIO()
    wb.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="perjanjian.xlsx"'
    return response


def _clauses_from(form) -> dict:
    return {k: form.cleaned_data[k] for k in CLAUSE_FIELDS if k in form.cleaned_data}


@login_required
@require_http_methods(["GET", "POST"])
def agreement_create(request):
    if not may_create(request.user):
        raise PermissionDenied(_("Peran Anda tidak dapat membuat perjanjian."))
    initial = {"payment_term_days": 14}
    invitation = selectors.invitation_for_agreement(user=request.user, pk=request.GET.get("ajakan"))
    if invitation is not None:
        # Drafted from an "ajak bertemu": the two businesses who met.
        initial.update(
            origin_invitation=invitation.pk,
            small_party=invitation.offer.business_id,
            large_party=invitation.need.business_id,
            subject=f'{invitation.offer.title} untuk kebutuhan "{invitation.need.title}".',
        )
    meeting = selectors.meeting_for_agreement(user=request.user, pk=request.GET.get("pertemuan"))
    if invitation is None and meeting is not None:
        # Drafted from a temu usaha meeting: the seller is the small party, the buyer the large.
        initial.update(
            origin_meeting=meeting.pk,
            small_party=meeting.seller.business_id,
            large_party=meeting.buyer.business_id,
        )
    form = AgreementCreateForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = _clauses_from(form)
        if not data.get("dispute_resolution"):
            data.pop("dispute_resolution", None)
        try:
            agreement = services.agreement_create(
                actor=request.user,
                small_party=form.cleaned_data["small_party"],
                large_party=form.cleaned_data["large_party"],
                data=data,
                origin_invitation=form.cleaned_data.get("origin_invitation"),
                origin_meeting=form.cleaned_data.get("origin_meeting"),
            )
        except ValidationError as e:
            form_errors(form, e)
        else:
            messages.success(request, _("Draf perjanjian dibuat."))
            return redirect("agreements:detail", pk=agreement.pk)
    return render(request, "agreements/form.html", {"form": form, "title": _("Perjanjian baru")})


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request, pk: int):
    agreement = selectors.agreement_for_user(user=request.user, pk=pk)
    if not (request.user.is_officer or services.is_party_member(request.user, agreement)):
        raise PermissionDenied
    initial = agreement.clauses() | {"version": agreement.version}
    form = ClausesEditForm(request.POST or None, initial=initial)
    stale = False
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_update(
                actor=request.user,
                agreement=agreement,
                data=_clauses_from(form),
                expected_version=form.cleaned_data.get("version"),
            )
        except ValidationError as e:
            stale = getattr(e, "code", None) == "stale"
            form_errors(form, e)
        else:
            messages.success(request, _("Perubahan disimpan sebagai versi baru."))
            return redirect("agreements:detail", pk=agreement.pk)
    return render(
        request,
        "agreements/form.html",
        {"form": form, "agreement": agreement, "title": str(agreement), "stale": stale},
    )


@login_required
@require_GET
def agreement_detail(request, pk: int):
    agreement = selectors.agreement_for_user(user=request.user, pk=pk)
    versions = list(agreement.versions.select_related("created_by"))
    diff = None
    if len(versions) >= 2:
        try:
            a = int(request.GET.get("dari", versions[-2].number))
            b = int(request.GET.get("ke", versions[-1].number))
        except ValueError:
            a, b = versions[-2].number, versions[-1].number
        by_number = {v.number: v for v in versions}
        if a in by_number and b in by_number:
            diff = {"from": a, "to": b, "lines": services.version_diff(by_number[a], by_number[b])}
    return render(
        request,
        "agreements/detail.html",
        {
            "agreement": agreement,
            "checks": services.agreement_checks(agreement),
            "versions": versions,
            "diff": diff,
            "actions": selectors.available_transitions(agreement=agreement, user=request.user),
            "value": format_rupiah(agreement.estimated_value),
            "start": format_tanggal(agreement.start_date),
            "end": format_tanggal(agreement.end_date),
            "notes_form": NotesForm(),
            "reason_form": ReasonForm(),
            "scan_form": ScanForm(),
            "witness_form": WitnessForm(),
            "is_officer": request.user.is_officer,
            "end_role": services.end_role(request.user, agreement),
            "witness_officials": list(agreement.witness_officials.all()),
        },
    )


@login_required
@require_GET
def agreement_pdf_view(request, pk: int):
    agreement = selectors.agreement_for_user(user=request.user, pk=pk)
    if agreement.signed_pdf:
        data = agreement.signed_pdf.read()
    else:
        data = agreement_pdf(agreement)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="perjanjian-{agreement.code}.pdf"'
    return response


def _sign(party: str):
    def call(request, user, agreement):
        return services.agreement_sign(
            actor=user, agreement=agreement, party=party, scan=request.FILES.get("scan")
        )

    return call


# The service behind each button of the agreement workflow (agreements/workflow.py) that posts
# here; "edit", "complete" and "terminate" open their own pages.
TRANSITION_CALLS = {
    "submit": lambda request, user, a: services.agreement_submit(actor=user, agreement=a),
    "approve": lambda request, user, a: services.agreement_approve(
        actor=user, agreement=a, notes=request.POST.get("notes", "")
    ),
    "return": lambda request, user, a: services.agreement_return(
        actor=user, agreement=a, notes=request.POST.get("notes", "")
    ),
    "sign_small": _sign(Party.SMALL),
    "sign_large": _sign(Party.LARGE),
    "witness": lambda request, user, a: services.agreement_witness(
        actor=user, agreement=a, witnesses=_witnesses_posted(request)
    ),
    "activate": lambda request, user, a: services.agreement_activate(actor=user, agreement=a),
    "amend": lambda request, user, a: services.agreement_amend(actor=user, agreement=a),
    "end_decline": lambda request, user, a: services.agreement_end_decline(actor=user, agreement=a),
}


@login_required
@require_POST
def agreement_transition(request, pk: int, action: str):
    agreement = selectors.agreement_for_user(user=request.user, pk=pk)
    user = request.user
    if action in {EndKind.COMPLETE, EndKind.TERMINATE}:
        # Ending has its own confirmation page.
        return redirect("agreements:end", pk=agreement.pk, kind=action)
    if action not in TRANSITION_CALLS:
        raise Http404
    try:
        result = TRANSITION_CALLS[action](request, user, agreement)
    except ValidationError as e:
        for m in _errors(e):
            messages.error(request, m)
        return redirect("agreements:detail", pk=agreement.pk)
    if action == "amend":
        messages.success(request, _("Draf adendum dibuat. Ubah isinya lalu ajukan."))
        return redirect("agreements:detail", pk=result.pk)
    if action == "end_decline":
        messages.success(
            request, _("Usulan pengakhiran dibatalkan. Perjanjian tetap berjalan seperti biasa.")
        )
        return redirect("agreements:detail", pk=agreement.pk)
    agreement.refresh_from_db()
    messages.success(
        request, _("Status perjanjian: %(s)s.") % {"s": agreement.get_status_display()}
    )
    return redirect("agreements:detail", pk=agreement.pk)


def _witnesses_posted(request) -> list:
    form = WitnessForm(request.POST)
    if not form.is_valid():
        raise ValidationError(
            [str(m) for errors in form.errors.values() for m in errors]
            or [_("Pilih pejabat yang benar-benar hadir dan menyaksikan.")]
        )
    return list(form.cleaned_data["witnesses"])


@login_required
@require_http_methods(["GET", "POST"])
def agreement_end(request, pk: int, kind: str):
    """The confirmation step before a party asks to end an agreement, confirms the other
    party's request, or an officer decides. Says what will happen; then the service decides."""
    agreement = selectors.agreement_for_user(user=request.user, pk=pk)
    if kind not in EndKind.values:
        raise Http404
    role = services.end_role(request.user, agreement)
    if role is None:
        raise PermissionDenied(_("Anda tidak berhak mengakhiri perjanjian ini."))
    form = EndForm(
        request.POST or None,
        kind=kind,
        reason_required=role == "officer" or (role == "propose" and kind == EndKind.TERMINATE),
    )
    if request.method == "POST" and form.is_valid():
        call = (
            services.agreement_complete
            if kind == EndKind.COMPLETE
            else services.agreement_terminate
        )
        try:
            result = call(
                actor=request.user, agreement=agreement, reason=form.cleaned_data["reason"]
            )
        except ValidationError as e:
            form_errors(form, e)
        else:
            if result.status in {Status.COMPLETED, Status.TERMINATED}:
                messages.success(
                    request,
                    _("Perjanjian kini berstatus %(s)s.") % {"s": result.get_status_display()},
                )
            else:
                messages.warning(
                    request,
                    _(
                        "Usulan Anda dicatat. Perjanjian BELUM berakhir: menunggu konfirmasi "
                        "pihak lain atau keputusan petugas."
                    ),
                )
            return redirect("agreements:detail", pk=agreement.pk)
    other = (
        agreement.large_party
        if services.party_of(request.user, agreement) == Party.SMALL
        else agreement.small_party
    )
    return render(
        request,
        "agreements/end.html",
        {
            "agreement": agreement,
            "form": form,
            "kind": EndKind(kind),
            "role": role,
            "other": other,
        },
    )


@require_http_methods(["GET", "POST"])
@pagecache.anonymous_page
def verify(request, code: str):
    """Public page: anyone with the QR code sees the status and may check a PDF. No personal data."""
    try:
        agreement = selectors.agreement_for_verification(code=code)
    except Http404:
        return render(request, "agreements/verify_404.html", {"code": code}, status=404)
    result = None
    status = 200
    form = VerifyForm()
    if request.method == "POST":
        form = VerifyForm(data=request.POST, files=request.FILES)
        form.is_valid()
        try:
            result = services.verify_upload(agreement=agreement, upload=request.FILES.get("file"))
        except ValidationError as e:
            form.add_error(None, e)
            status = 400
    return render(
        request,
        "agreements/verify.html",
        {
            "agreement": agreement,
            "form": form,
            "result": result,
            "start": format_tanggal(agreement.start_date),
            "end": format_tanggal(agreement.end_date),
            "witness_officials": selectors.verification_witnesses(agreement=agreement),
        },
        status=status,
    )


# --- signing ceremony at a temu usaha ---------------------------------------------------------


@officer_required
@require_GET
def ceremony(request, event_id: int):
    event = get_object_or_404(Event, pk=event_id)
    agreements = list(selectors.ceremony_agreements(event))
    return render(
        request,
        "agreements/ceremony.html",
        {
            "event": event,
            "agreements": agreements,
            "signed_count": sum(1 for a in agreements if a.status == Status.SIGNED),
            "witness_form": WitnessForm(),
        },
    )


@officer_required
@require_POST
def ceremony_sign(request, event_id: int, pk: int, party: str):
    event = get_object_or_404(Event, pk=event_id)
    agreement = selectors.agreement_for_user(user=request.user, pk=pk)
    if party not in Party.values:
        raise Http404
    try:
        services.agreement_sign_in_ceremony(
            actor=request.user, agreement=agreement, party=party, event=event
        )
    except ValidationError as e:
        for m in _errors(e):
            messages.error(request, m)
    else:
        messages.success(
            request,
            _("Tanda tangan %(party)s pada %(agreement)s dicatat.")
            % {"party": Party(party).label, "agreement": agreement},
        )
    return redirect("agreements:ceremony", event_id=event.pk)


@officer_required
@require_POST
def ceremony_witness(request, event_id: int):
    event = get_object_or_404(Event, pk=event_id)
    try:
        job = services.ceremony_witness_batch(
            actor=request.user, event=event, witnesses=_witnesses_posted(request)
        )
    except ValidationError as e:
        for m in _errors(e):
            messages.error(request, m)
        return redirect("agreements:ceremony", event_id=event.pk)
    messages.success(request, _("Perjanjian disaksikan dan berlaku. PDF sedang disusun."))
    return redirect("core:job", pk=job.pk)


@officer_required
@require_POST
def ceremony_print(request, event_id: int):
    event = get_object_or_404(Event, pk=event_id)
    try:
        job = services.agreement_pdfs_job_start(
            actor=request.user,
            agreements=list(selectors.ceremony_agreements(event)),
            title=_("Semua PDF perjanjian %(event)s") % {"event": event.name},
        )
    except ValidationError as e:
        for m in _errors(e):
            messages.error(request, m)
        return redirect("agreements:ceremony", event_id=event.pk)
    return redirect("core:job", pk=job.pk)


@officer_required
@require_GET
def job_zip(request, pk: int):
    job = get_object_or_404(Job, pk=pk, kind="agreement_pdfs", status=Job.Status.DONE)
    name = job.result.get("zip")
    if not name or not default_storage.exists(name):
        raise Http404
    return FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=True,
        filename=f"perjanjian-{job.pk}.zip",
        content_type="application/zip",
    )

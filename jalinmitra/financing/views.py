"""Pages of the financing app. The business and the officers work at /pembiayaan/; a bank
user works the bank's queue at /pembiayaan/bank/. A view calls one service per action;
refusals: ValidationError shows on the form, PermissionDenied is the 403 page."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jalinmitra.core.forms import form_errors
from jalinmitra.core.spreadsheets import safe_row
from jalinmitra.financing import kur, selectors, services
from jalinmitra.financing.choices import DataItem
from jalinmitra.financing.dossier import dossier_pdf
from jalinmitra.financing.forms import (
    CASE_FORMS,
    REFERRAL_FORMS,
    ConsentForm,
    DocumentForm,
    QueueFilterForm,
    ReferralForm,
)
from jalinmitra.financing.models import ReferralDocument
from jalinmitra.financing.workflow import BANK_FLOW, REFERRAL_FLOW, bank_of, is_business_member


def _not_bank(user) -> None:
    if user.is_bank:
        raise PermissionDenied(_("Halaman ini untuk pemohon dan petugas, bukan untuk bank."))


# --- the business and the officers ------------------------------------------------------------


@login_required
@require_GET
def referral_list(request):
    if request.user.is_bank:
        return redirect("financing:bank_queue")
    referrals = list(selectors.referrals_for(user=request.user)[:300])
    return render(
        request,
        "financing/list.html",
        {
            "referrals": referrals,
            "can_create": bool(selectors.businesses_for_request(user=request.user)),
            "tiers": kur.TIERS,
            "source": kur.SOURCE,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def referral_create(request):
    _not_bank(request.user)
    businesses = selectors.businesses_for_request(user=request.user)
    if not businesses:
        raise PermissionDenied(
            _("Pembiayaan KUR dapat diajukan oleh usaha mikro atau kecil yang sudah diverifikasi.")
        )
    initial = {}
    if request.GET.get("usaha", "").isdigit():
        initial["business"] = int(request.GET["usaha"])
    form = ReferralForm(request.POST or None, businesses=businesses, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        business = next((b for b in businesses if b.pk == d["business"]), None)
        if business is None:
            raise PermissionDenied
        banks = list(d["banks"])
        try:
            referral = services.referral_create(
                actor=request.user,
                business=business,
                amount=d["amount"],
                purpose=d["purpose"],
                description=d["description"],
                banks=banks,
                consent_items=d["items"] if banks and not request.user.is_officer else None,
            )
        except ValidationError as e:
            form_errors(form, e)
        else:
            messages.success(request, _("Pengajuan KUR terkirim. Petugas akan memeriksanya."))
            return redirect("financing:detail", referral.pk)
    return render(
        request,
        "financing/create.html",
        {"form": form, "tiers": kur.TIERS, "source": kur.SOURCE},
    )


def _detail_context(request, referral, forms=None):
    user = request.user
    consent = selectors.consent_of(referral=referral)
    forms = forms or {}
    actions = selectors.referral_actions(referral=referral, user=user)
    for a in actions:
        if a.name in REFERRAL_FORMS and a.name not in forms:
            initial = {}
            if a.name in {"forward", "choose_banks"}:
                initial["banks"] = list(referral.banks.all())
            forms[a.name] = REFERRAL_FORMS[a.name](initial=initial, prefix=a.name)
    cases = list(referral.bank_cases.select_related("bank").prefetch_related("documents"))
    member = is_business_member(user, referral)
    case_actions = {c.pk: selectors.case_actions(case=c, user=user) for c in cases}
    consent_form = forms.get("consent") or ConsentForm(
        initial={
            "banks": list(consent.banks.all()) if consent else list(referral.banks.all()),
            "items": consent.items if consent else list(DataItem.values),
        },
        prefix="consent",
    )
    chosen = list(referral.banks.all())
    consented = set(consent.banks.all()) if consent else set()
    return {
        "referral": referral,
        "chosen_banks": chosen,
        "missing_consent": [b for b in chosen if b not in consented],
        "tier": selectors.tier_of(referral=referral),
        "source": kur.SOURCE,
        "consent": consent,
        "consent_history": list(referral.consents.prefetch_related("banks")),
        "actions": [(a, forms.get(a.name)) for a in actions],
        "cases": [(c, case_actions[c.pk]) for c in cases],
        "may_consent": (member or user.is_officer) and referral.status != "ditarik",
        "consent_form": consent_form,
        "document_form": forms.get("document"),
        "blank_document_form": DocumentForm(prefix="document"),
        "may_upload": member or user.is_officer,
        "is_member": member,
    }


@login_required
@require_GET
def referral_detail(request, pk: int):
    _not_bank(request.user)
    referral = selectors.referral_for(user=request.user, pk=pk)
    return render(request, "financing/detail.html", _detail_context(request, referral))


@login_required
@require_http_methods(["GET", "POST"])
def referral_act(request, pk: int, action: str):
    _not_bank(request.user)
    referral = selectors.referral_for(user=request.user, pk=pk)
    if action not in REFERRAL_FLOW:
        raise Http404
    if request.method == "GET":
        if action != "withdraw":
            raise Http404
        REFERRAL_FLOW.check(action, actor=request.user, obj=referral)
        return render(request, "financing/withdraw.html", {"referral": referral})
    form_class = REFERRAL_FORMS.get(action)
    form = form_class(request.POST, prefix=action) if form_class else None
    try:
        if form is not None and not form.is_valid():
            REFERRAL_FLOW.check(action, actor=request.user, obj=referral)
            raise ValidationError(_("Periksa isian di bawah."), code="form")
        d = form.cleaned_data if form is not None else {}
        if action == "check":
            services.referral_check(
                actor=request.user, referral=referral, recommendation=d["recommendation"]
            )
        elif action == "return":
            services.referral_return(actor=request.user, referral=referral, notes=d["notes"])
        elif action == "choose_banks":
            services.referral_banks_choose(actor=request.user, referral=referral, banks=d["banks"])
        elif action == "forward":
            services.referral_forward(actor=request.user, referral=referral, banks=d["banks"])
        elif action == "resubmit":
            services.referral_resubmit(actor=request.user, referral=referral)
        elif action == "withdraw":
            services.referral_withdraw(actor=request.user, referral=referral)
    except ValidationError as e:
        if form is not None and getattr(e, "code", None) != "form":
            form_errors(form, e)
        elif form is None:
            messages.error(request, " ".join(e.messages))
            return redirect("financing:detail", referral.pk)
        context = _detail_context(request, referral, {action: form})
        return render(request, "financing/detail.html", context, status=400)
    messages.success(request, _("Tersimpan."))
    return redirect("financing:detail", referral.pk)


@login_required
@require_POST
def consent_give(request, pk: int):
    _not_bank(request.user)
    referral = selectors.referral_for(user=request.user, pk=pk)
    form = ConsentForm(request.POST, prefix="consent")
    if form.is_valid():
        try:
            services.consent_give(
                actor=request.user,
                referral=referral,
                banks=list(form.cleaned_data["banks"]),
                items=form.cleaned_data["items"],
                in_person=form.cleaned_data["in_person"],
            )
        except ValidationError as e:
            form_errors(form, e)
        else:
            messages.success(request, _("Persetujuan tercatat."))
            return redirect("financing:detail", referral.pk)
    context = _detail_context(request, referral, {"consent": form})
    return render(request, "financing/detail.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def consent_withdraw(request, pk: int):
    _not_bank(request.user)
    referral = selectors.referral_for(user=request.user, pk=pk)
    consent = selectors.consent_of(referral=referral)
    if request.method == "POST":
        try:
            services.consent_withdraw(actor=request.user, referral=referral)
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(
                request, _("Persetujuan ditarik. Bank tidak dapat lagi melihat data Anda.")
            )
        return redirect("financing:detail", referral.pk)
    if consent is None:
        raise Http404
    return render(
        request, "financing/consent_withdraw.html", {"referral": referral, "consent": consent}
    )


@login_required
@require_POST
def document_upload(request, pk: int):
    _not_bank(request.user)
    from jalinmitra.financing.models import BankReferral

    case = get_object_or_404(BankReferral.objects.select_related("referral", "bank"), pk=pk)
    referral = selectors.referral_for(user=request.user, pk=case.referral_id)
    form = DocumentForm(request.POST, request.FILES, prefix="document")
    if form.is_valid():
        try:
            services.document_upload(
                actor=request.user,
                case=case,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as e:
            form_errors(form, e)
        else:
            messages.success(request, _("Dokumen terunggah."))
            return redirect("financing:detail", referral.pk)
    context = _detail_context(request, referral, {"document": form})
    context["document_case"] = case.pk
    return render(request, "financing/detail.html", context, status=400)


@login_required
@require_GET
def document_download(request, pk: int):
    document = get_object_or_404(ReferralDocument.objects.select_related("case__referral"), pk=pk)
    user = request.user
    if user.is_bank:
        case = selectors.case_for_bank(user=user, pk=document.case_id)
        services.case_view_record(actor=user, case=case, what="document")
    else:
        selectors.referral_for(user=user, pk=document.case.referral_id)
    response = FileResponse(document.file.open("rb"), content_type=document.content_type)
    response["Cache-Control"] = "private, no-store"
    return response


# --- the bank ----------------------------------------------------------------------------------


def _bank_required(user):
    if not user.is_bank:
        raise PermissionDenied(_("Halaman ini untuk petugas bank mitra."))
    return bank_of(user)


@login_required
@require_GET
def bank_queue(request):
    bank = _bank_required(request.user)
    if bank is None:
        return render(request, "financing/bank_unlinked.html")
    form = QueueFilterForm(request.GET or None, sector_choices=selectors.sector_choices())
    params = form.cleaned_data if form.is_valid() else {}
    rows = selectors.bank_queue(user=request.user, params=params)
    return render(
        request,
        "financing/bank_queue.html",
        {
            "bank": bank,
            "form": form,
            "rows": rows,
            "sla_days": selectors.sla_days(),
            "totals": selectors.bank_totals(user=request.user),
            "query": request.GET.urlencode(),
        },
    )


def _case_context(request, case, forms=None):
    user = request.user
    referral = case.referral
    items = selectors.consented_items(case=case)
    agreements = selectors.running_agreements(business_id=referral.business_id)
    summary = (
        selectors.realisation_summary(agreements=agreements)
        if DataItem.REALISATION in items
        else None
    )
    forms = forms or {}
    actions = selectors.case_actions(case=case, user=user)
    for a in actions:
        if a.name in CASE_FORMS and a.name not in forms:
            initial = {"amount": referral.amount} if a.name == "approve" else {}
            forms[a.name] = CASE_FORMS[a.name](initial=initial, prefix=a.name)
    return {
        "case": case,
        "referral": referral,
        "business": referral.business,
        "tier": selectors.tier_of(referral=referral),
        "items": items,
        "agreements": agreements if DataItem.AGREEMENTS in items else [],
        "summary": summary,
        "actions": [(a, forms.get(a.name)) for a in actions],
        "documents": list(case.documents.all()),
        "sla_days": selectors.sla_days(),
    }


@login_required
@require_GET
def bank_case(request, pk: int):
    _bank_required(request.user)
    case = selectors.case_for_bank(user=request.user, pk=pk)
    # A read audit on a GET, on purpose (see services.case_view_record).
    services.case_view_record(actor=request.user, case=case, what="detail")
    return render(request, "financing/bank_case.html", _case_context(request, case))


@login_required
@require_GET
def bank_dossier(request, pk: int):
    _bank_required(request.user)
    case = selectors.case_for_bank(user=request.user, pk=pk)
    services.case_view_record(actor=request.user, case=case, what="dossier")
    response = HttpResponse(dossier_pdf(case), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="berkas-kur-{case.referral_id}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def case_act(request, pk: int, action: str):
    """A move of one bank's case: the bank's steps, or the business's "documents sent"."""
    from jalinmitra.financing.models import BankReferral

    if action not in BANK_FLOW or not BANK_FLOW[action].button:
        raise Http404
    user = request.user
    if user.is_bank:
        case = selectors.case_for_bank(user=user, pk=pk)
    else:
        case = get_object_or_404(BankReferral.objects.select_related("referral", "bank"), pk=pk)
        selectors.referral_for(user=user, pk=case.referral_id)
    form_class = CASE_FORMS.get(action)
    form = form_class(request.POST, prefix=action) if form_class else None
    try:
        if form is not None and not form.is_valid():
            BANK_FLOW.check(action, actor=user, obj=case)
            raise ValidationError(_("Periksa isian di bawah."), code="form")
        d = form.cleaned_data if form is not None else {}
        if action == "claim":
            services.case_claim(actor=user, case=case)
        elif action == "ask_documents":
            services.case_ask_documents(actor=user, case=case, request=d["request"])
        elif action == "documents_sent":
            services.case_documents_sent(actor=user, case=case)
        elif action == "approve":
            services.case_approve(
                actor=user,
                case=case,
                amount=d["amount"],
                tenor_months=d["tenor_months"],
                scheme=d["scheme"],
            )
        elif action == "reject":
            services.case_reject(actor=user, case=case, reason=d["reason"], text=d["text"])
        elif action == "disburse":
            services.case_disburse(actor=user, case=case, amount=d["amount"], on=d["on"])
    except ValidationError as e:
        if not user.is_bank:
            messages.error(request, " ".join(e.messages))
            return redirect("financing:detail", case.referral_id)
        if form is not None and getattr(e, "code", None) != "form":
            form_errors(form, e)
        elif form is None:
            messages.error(request, " ".join(e.messages))
            return redirect("financing:bank_case", case.pk)
        context = _case_context(request, case, {action: form})
        return render(request, "financing/bank_case.html", context, status=400)
    messages.success(request, _("Tersimpan."))
    if user.is_bank:
        return redirect("financing:bank_case", case.pk)
    return redirect("financing:detail", case.referral_id)


@login_required
@require_GET
def bank_export(request):
    bank = _bank_required(request.user)
    if bank is None:
        raise PermissionDenied(_("Akun Anda belum terhubung ke bank mitra."))
    from openpyxl import Workbook

    rows = selectors.bank_queue(user=request.user, params={})
    wb = Workbook()
    ws = wb.active
    ws.title = "Rujukan KUR"
    ws.append(
        [
            "No. rujukan",
            "Usaha",
            "Skala",
            "Sektor (KBLI)",
            "Jenis KUR",
            "Keperluan",
            "Jumlah diajukan",
            "Diteruskan",
            "Umur (hari)",
            "Lewat batas",
            "Status",
            "Plafon disetujui",
            "Tenor (bulan)",
            "Dicairkan",
            "Tanggal cair",
        ]
    )
    for r in rows:
        c, ref = r.case, r.case.referral
        ws.append(
            safe_row(
                [
                    ref.pk,
                    ref.business.name,
                    ref.business.get_size_class_display(),
                    r.sector,
                    ref.get_tier_display(),
                    ref.get_purpose_display(),
                    ref.amount,
                    c.forwarded_at.date(),
                    r.age_days,
                    "ya" if r.overdue else "",
                    c.get_status_display(),
                    c.approved_amount,
                    c.tenor_months,
                    c.disbursed_amount,
                    c.disbursed_on,
                ]
            )
        )
    services.cases_export_record(actor=request.user, bank=bank, count=len(rows))
    out = io.BytesIO()
    wb.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="rujukan-kur-{bank.code}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response

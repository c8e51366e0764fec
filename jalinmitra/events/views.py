"""Pages of the temu usaha: officers run the event, participants request and see their agenda."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jalinmitra.core.permissions import officer_required
from jalinmitra.events import agenda, imports, selectors, services
from jalinmitra.events.choices import (
    MeetingStatus,
    RegisteredHow,
    Role,
)
from jalinmitra.events.forms import (
    AvailabilityForm,
    EventForm,
    FollowUpForm,
    ImportForm,
    MustMeetForm,
    OutcomeForm,
    ParticipantAddForm,
    RequestForm,
    RunForm,
)
from jalinmitra.events.models import Event, FollowUp, Meeting, MeetingRequest, Outcome

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _event(pk: int) -> Event:
    return get_object_or_404(Event, pk=pk)


def _error(request, e: ValidationError) -> None:
    for message in e.messages:
        messages.error(request, message)


# --- events -----------------------------------------------------------------------------


@login_required
@require_GET
def event_list(request):
    if not (request.user.is_officer or request.user.is_business_user):
        raise PermissionDenied
    events = selectors.events_for(user=request.user)
    mine = {}
    if not request.user.is_officer:
        for e in events:
            mine[e.pk] = selectors.participants_of_user(user=request.user, event=e)
    return render(
        request,
        "events/list.html",
        {
            "events": events,
            "mine": mine,
            "followups": selectors.followups_open_for(user=request.user)
            if request.user.is_business_user
            else [],
        },
    )


@officer_required
@require_http_methods(["GET", "POST"])
def event_edit(request, pk: int | None = None):
    event = _event(pk) if pk else None
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        try:
            if event is None:
                event = services.event_create(actor=request.user, data=form.data_for_service())
            else:
                event.refresh_from_db()
                services.event_update(actor=request.user, event=event, data=form.data_for_service())
        except ValidationError as e:
            if hasattr(e, "error_dict"):
                for field, errors in e.message_dict.items():
                    form.add_error(
                        "sessions_text"
                        if field == "sessions"
                        else field
                        if field in form.fields
                        else None,
                        errors,
                    )
            else:
                form.add_error(None, e.messages)
        else:
            messages.success(request, _("Acara disimpan."))
            return redirect("events:detail", event.pk)
    return render(request, "events/event_form.html", {"form": form, "event": event})


@officer_required
@require_GET
def event_detail(request, pk: int):
    event = _event(pk)
    participants = list(selectors.participants_of(event=event))
    return render(
        request,
        "events/detail.html",
        {
            "event": event,
            "participants": participants,
            "sellers": sum(1 for p in participants if p.is_seller),
            "buyers": sum(1 for p in participants if p.is_buyer),
            "request_counts": selectors.request_counts(event=event),
            "lazy": selectors.participants_without_requests(event=event),
            "run": selectors.latest_run(event=event),
            "actions": selectors.available_transitions(event=event, user=request.user),
            "must_meet_form": MustMeetForm(event=event),
            "invitations": _open_invitations(event),
            "on_the_day": event.date == timezone.localdate(),
        },
    )


def _open_invitations(event: Event):
    from jalinmitra.matching.models import MeetingInvitation

    used = MeetingRequest.objects.filter(event=event, invitation__isnull=False).values("invitation")
    return list(
        selectors.invitations_without_agreement(
            invitations=MeetingInvitation.objects.filter(status="open")
        )
        .exclude(pk__in=used)
        .select_related("need__business", "offer__business")[:50]
    )


@officer_required
@require_POST
def event_status(request, pk: int):
    event = _event(pk)
    services.event_set_status(
        actor=request.user, event=event, status=request.POST.get("status", "")
    )
    messages.success(
        request, _("Status acara: %(status)s.") % {"status": event.get_status_display()}
    )
    return redirect("events:detail", pk)


# --- participants -----------------------------------------------------------------------


@officer_required
@require_http_methods(["GET", "POST"])
def participant_add(request, pk: int):
    event = _event(pk)
    form = ParticipantAddForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            participant = services.participant_add(
                actor=request.user,
                event=event,
                business=d["business"],
                how=d["how"],
                role=d["role"] or None,
                tables=d["tables"],
                available_slots=d["slots"],
            )
            for buyer in d["meet"] or []:
                if participant.is_seller:
                    services.meeting_wish_add(actor=request.user, seller=participant, buyer=buyer)
        except ValidationError as e:
            form.add_error(None, e.messages)
        else:
            messages.success(
                request,
                _("%(name)s terdaftar sebagai peserta.") % {"name": participant.business.name},
            )
            return redirect("events:detail", pk)
    return render(
        request, "events/form.html", {"form": form, "event": event, "title": _("Tambah peserta")}
    )


@officer_required
@require_http_methods(["GET", "POST"])
def participant_import(request, pk: int):
    event = _event(pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = imports.read_participants(filename=upload.name, data=upload.read())
        except imports.ImportFileError as e:
            form.add_error("file", str(e))
        else:
            result = imports.participants_import(actor=request.user, event=event, rows=rows)
            if result.ok:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s peserta diimpor.", "%(count)s peserta diimpor.", result.created
                    )
                    % {"count": result.created},
                )
                return redirect("events:detail", pk)
            errors = result.errors
    return render(
        request,
        "events/import.html",
        {"form": form, "event": event, "errors": errors, "columns": imports.COLUMNS},
    )


def _back_from_no_show(request, pk: int):
    """Back to the page the officer came from: the check-in search (with its query) or the
    event's page."""
    if request.POST.get("from") == "hadir":
        query = urlencode({"q": request.POST.get("q", "")})
        return redirect(f"{reverse('events:checkin', args=[pk])}?{query}")
    return redirect("events:detail", pk)


@officer_required
@require_http_methods(["GET", "POST"])
def participant_no_show(request, pk: int, pid: int):
    """ "Tidak hadir" asks first (GET: what it will cancel), then marks (POST)."""
    event = _event(pk)
    participant = selectors.participant_for_user(user=request.user, event=event, pk=pid)
    if request.method == "GET":
        return render(
            request,
            "events/no_show_confirm.html",
            {
                "event": event,
                "participant": participant,
                "meetings": [
                    m
                    for m in selectors.agenda_of(participant=participant, published_only=False)
                    if m.status == MeetingStatus.SCHEDULED
                ],
                "from": request.GET.get("from", ""),
                "q": request.GET.get("q", ""),
                "on_the_day": event.date == timezone.localdate(),
            },
        )
    try:
        count = services.participant_mark_no_show(actor=request.user, participant=participant)
    except ValidationError as e:
        _error(request, e)
        return _back_from_no_show(request, pk)
    messages.success(
        request,
        ngettext(
            "%(name)s ditandai tidak hadir; %(count)s pertemuan dibatalkan. "
            "Susun ulang jadwal untuk mengisi meja yang kosong.",
            "%(name)s ditandai tidak hadir; %(count)s pertemuan dibatalkan. "
            "Susun ulang jadwal untuk mengisi meja yang kosong.",
            count,
        )
        % {"name": participant.business.name, "count": count},
    )
    return _back_from_no_show(request, pk)


@officer_required
@require_POST
def participant_no_show_undo(request, pk: int, pid: int):
    event = _event(pk)
    participant = selectors.participant_for_user(user=request.user, event=event, pk=pid)
    try:
        restored, kept = services.participant_no_show_undo(
            actor=request.user, participant=participant
        )
    except ValidationError as e:
        _error(request, e)
        return _back_from_no_show(request, pk)
    messages.success(
        request,
        ngettext(
            "Tanda tidak hadir %(name)s dibatalkan; %(count)s pertemuan dikembalikan.",
            "Tanda tidak hadir %(name)s dibatalkan; %(count)s pertemuan dikembalikan.",
            restored,
        )
        % {"name": participant.business.name, "count": restored},
    )
    if kept:
        messages.warning(
            request,
            ngettext(
                "%(count)s pertemuan tidak dapat dikembalikan karena mejanya sudah terisi "
                "atau pihak lain tidak hadir. Susun ulang jadwal bila perlu.",
                "%(count)s pertemuan tidak dapat dikembalikan karena mejanya sudah terisi "
                "atau pihak lain tidak hadir. Susun ulang jadwal bila perlu.",
                kept,
            )
            % {"count": kept},
        )
    return _back_from_no_show(request, pk)


@login_required
@require_http_methods(["GET", "POST"])
def availability_edit(request, pk: int, pid: int):
    """Which slots a participant can attend: officers for anyone, members for their own."""
    event = _event(pk)
    participant = selectors.participant_for_user(user=request.user, event=event, pk=pid)
    # Unticking every box posts no field at all; that is still a submission to check.
    data = request.POST if request.method == "POST" else None
    form = AvailabilityForm(data, participant=participant)
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_update(
                actor=request.user,
                participant=participant,
                tables=participant.tables,
                available_slots=form.available_slots(),
            )
        except ValidationError as e:
            form.add_error(None, e.messages)
        else:
            messages.success(
                request,
                _("Ketersediaan %(name)s disimpan; penyusunan jadwal berikutnya memakainya.")
                % {"name": participant.business.name},
            )
            if request.user.is_officer:
                return redirect("events:detail", pk)
            return redirect(f"{reverse('events:requests', args=[pk])}?p={participant.pk}")
    return render(
        request,
        "events/availability.html",
        {"event": event, "participant": participant, "form": form},
    )


@login_required
@require_POST
def self_register(request, pk: int):
    event = _event(pk)
    from jalinmitra.businesses.selectors import business_for_user

    business = business_for_user(request.user, int(request.POST.get("business", 0) or 0))
    try:
        services.participant_add(
            actor=request.user, event=event, business=business, how=RegisteredHow.SELF
        )
    except ValidationError as e:
        _error(request, e)
    else:
        messages.success(
            request,
            _("%(business)s terdaftar di %(event)s.")
            % {"business": business.name, "event": event.name},
        )
    return redirect("events:requests", pk)


# --- meeting requests ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def requests_inbox(request, pk: int):
    event = _event(pk)
    mine = selectors.participants_of_user(user=request.user, event=event)
    if "p" in request.GET or "p" in request.POST:
        try:
            pid = int(request.GET.get("p") or request.POST.get("p"))
        except (TypeError, ValueError):
            raise Http404 from None
        participant = selectors.participant_for_user(user=request.user, event=event, pk=pid)
    elif mine:
        participant = mine[0]
    elif request.user.is_officer:
        return redirect("events:detail", pk)
    else:
        from jalinmitra.businesses.selectors import businesses_of_user

        return render(
            request,
            "events/register.html",
            {"event": event, "businesses": businesses_of_user(request.user)},
        )
    form = RequestForm(
        request.POST or None, targets=selectors.request_targets(participant=participant)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_request_create(
                actor=request.user,
                from_participant=participant,
                to_participant=form.cleaned_data["to"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as e:
            form.add_error(None, e.messages)
        else:
            messages.success(request, _("Permintaan bertemu dikirim."))
            return redirect(f"{request.path}?p={participant.pk}")
    return render(
        request,
        "events/requests.html",
        {
            "event": event,
            "participant": participant,
            "mine": mine,
            "form": form,
            "open_count": selectors.open_request_count(participant=participant),
            "invitations": selectors.invitations_open_for(participant=participant),
            **selectors.requests_for(participant=participant),
        },
    )


@login_required
@require_POST
def request_respond(request, pk: int, rid: int, action: str):
    event = _event(pk)
    meeting_request = get_object_or_404(
        MeetingRequest.objects.select_related("to_participant", "event"), pk=rid, event=event
    )
    service = {
        "terima": services.meeting_request_accept,
        "tolak": services.meeting_request_decline,
    }.get(action)
    if service is None:
        raise Http404
    try:
        service(actor=request.user, request=meeting_request)
    except ValidationError as e:
        _error(request, e)
    else:
        messages.success(request, _("Jawaban disimpan."))
    return redirect(
        f"{reverse('events:requests', args=[pk])}?p={meeting_request.to_participant_id}"
    )


@officer_required
@require_POST
def must_meet(request, pk: int):
    event = _event(pk)
    form = MustMeetForm(request.POST, event=event)
    if form.is_valid():
        try:
            services.must_meet_add(
                actor=request.user,
                seller=form.cleaned_data["seller"],
                buyer=form.cleaned_data["buyer"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as e:
            _error(request, e)
        else:
            messages.success(request, _("Pasangan wajib bertemu ditambahkan."))
    else:
        messages.error(request, _("Pilih satu penjual dan satu pembeli."))
    return redirect("events:detail", pk)


@officer_required
@require_POST
def participants_remind(request, pk: int):
    event = _event(pk)
    reminded = services.participants_remind(event=event, actor=request.user)
    messages.success(
        request,
        ngettext(
            "Pengingat dikirim lewat email kepada %(n)d peserta yang belum meminta bertemu.",
            "Pengingat dikirim lewat email kepada %(n)d peserta yang belum meminta bertemu.",
            len(reminded),
        )
        % {"n": len(reminded)},
    )
    return redirect("events:detail", pk)


@login_required
@require_POST
def from_invitation(request, pk: int, iid: int):
    from jalinmitra.matching.models import MeetingInvitation

    event = _event(pk)
    invitation = get_object_or_404(
        MeetingInvitation.objects.select_related("need__business", "offer__business"), pk=iid
    )
    try:
        services.meeting_request_from_invitation(
            actor=request.user, invitation=invitation, event=event
        )
    except ValidationError as e:
        _error(request, e)
    else:
        messages.success(request, _("Ajakan bertemu menjadi permintaan bertemu di acara ini."))
    if request.user.is_officer:
        return redirect("events:detail", pk)
    return _back_to_requests(event, invitation.need.business_id)


@login_required
@require_POST
def invitation_accept(request, pk: int, iid: int):
    """The supplier accepts a buyer's "ajak bertemu": an accepted request at this event."""
    from jalinmitra.matching.models import MeetingInvitation

    event = _event(pk)
    invitation = get_object_or_404(
        MeetingInvitation.objects.select_related("need__business", "offer__business"), pk=iid
    )
    try:
        services.meeting_invitation_accept(actor=request.user, invitation=invitation, event=event)
    except ValidationError as e:
        _error(request, e)
    else:
        messages.success(
            request, _("Ajakan bertemu diterima; pertemuan ini ikut disusun dalam jadwal.")
        )
    return _back_to_requests(event, invitation.offer.business_id)


def _back_to_requests(event: Event, business_id: int):
    url = reverse("events:requests", args=[event.pk])
    participant = event.participants.filter(business_id=business_id).first()
    return redirect(f"{url}?p={participant.pk}" if participant else url)


# --- schedule -----------------------------------------------------------------------------


@officer_required
@require_GET
def schedule_preview(request, pk: int):
    event = _event(pk)
    meetings = list(selectors.meetings_of(event=event))
    return render(
        request,
        "events/schedule.html",
        {
            "event": event,
            "run": selectors.latest_run(event=event),
            "grid": selectors.schedule_grid(event=event, meetings=meetings),
            "meetings": meetings,
            "unpublished": sum(1 for m in meetings if not m.published),
            "form": RunForm(event=event),
            "weights": {
                "accepted": round(100 * selectors.SCORE_ACCEPTED),
                "pending": round(100 * selectors.SCORE_PENDING),
                "recommended": round(100 * selectors.RECOMMENDATION_WEIGHT),
            },
        },
    )


@officer_required
@require_POST
def schedule_run(request, pk: int):
    event = _event(pk)
    form = RunForm(request.POST, event=event)
    if not form.is_valid():
        messages.error(request, _("Pilihan tidak sah."))
        return redirect("events:schedule", pk)
    try:
        run = services.schedule_run_create(
            actor=request.user,
            event=event,
            allow_move_published=form.cleaned_data["allow_move_published"],
            from_slot=form.cleaned_data["from_slot"],
        )
    except ValidationError as e:
        _error(request, e)
        return redirect("events:schedule", pk)
    run.refresh_from_db()
    if run.status in {"queued", "running"}:
        return redirect("core:job", run.job_id)
    if run.status == "failed":
        messages.error(request, run.message)
    else:
        messages.success(request, _("Jadwal disusun: %(message)s") % {"message": run.message})
    return redirect("events:schedule", pk)


@officer_required
@require_POST
def schedule_publish(request, pk: int):
    event = _event(pk)
    count, job = services.schedule_publish_start(actor=request.user, event=event)
    messages.success(
        request,
        ngettext(
            "%(count)s pertemuan diterbitkan; peserta kini melihat jadwalnya.",
            "%(count)s pertemuan diterbitkan; peserta kini melihat jadwalnya.",
            count,
        )
        % {"count": count},
    )
    if job is not None:
        return redirect("core:job", job.pk)
    return redirect("events:schedule", pk)


@officer_required
@require_POST
def meeting_lock(request, pk: int, mid: int):
    meeting = get_object_or_404(Meeting, pk=mid, event_id=pk)
    services.meeting_lock_toggle(actor=request.user, meeting=meeting)
    return redirect("events:schedule", pk)


@officer_required
@require_GET
def schedule_xlsx(request, pk: int):
    event = _event(pk)
    response = HttpResponse(agenda.master_xlsx(event), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="jadwal-temu-usaha-{event.pk}.xlsx"'
    return response


@officer_required
@require_GET
def schedule_print(request, pk: int):
    event = _event(pk)
    meetings = list(selectors.meetings_of(event=event))
    return render(
        request,
        "events/master_print.html",
        {"event": event, "grid": selectors.schedule_grid(event=event, meetings=meetings)},
    )


@officer_required
@require_GET
def schedule_pdf(request, pk: int):
    event = _event(pk)
    pdf = agenda.master_pdf(event)
    if pdf is None:
        messages.warning(request, _("PDF tidak dapat dibuat; gunakan halaman cetak ini."))
        return redirect("events:schedule_print", pk)
    return _pdf_response(pdf, f"jadwal-temu-usaha-{event.pk}.pdf")


@officer_required
@require_GET
def table_sheet(request, pk: int, pid: int):
    event = _event(pk)
    participant = selectors.participant_for_user(user=request.user, event=event, pk=pid)
    if not participant.is_buyer:
        raise Http404
    return render(
        request,
        "events/table_sheet.html",
        {
            "event": event,
            "participant": participant,
            "tables": selectors.table_sheet(participant=participant),
        },
    )


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# --- agendas ------------------------------------------------------------------------------


@login_required
@require_GET
def my_agenda(request, pk: int):
    event = _event(pk)
    mine = selectors.participants_of_user(user=request.user, event=event)
    if not mine:
        return redirect("events:requests", pk)
    return redirect("events:agenda", pk, mine[0].pk)


@login_required
@require_GET
def agenda_page(request, pk: int, pid: int):
    event = _event(pk)
    participant = selectors.participant_for_user(user=request.user, event=event, pk=pid)
    return render(
        request,
        "events/agenda.html",
        {
            "event": event,
            "participant": participant,
            "meetings": selectors.agenda_of(participant=participant),
            "qr": agenda.qr_svg(agenda.checkin_url(participant)),
            "before_the_day": event.date > timezone.localdate(),
            "mine": selectors.participants_of_user(user=request.user, event=event),
            "print": request.GET.get("cetak") == "1",
        },
    )


@login_required
@require_GET
def agenda_ics(request, pk: int, pid: int):
    event = _event(pk)
    participant = selectors.participant_for_user(user=request.user, event=event, pk=pid)
    response = HttpResponse(
        agenda.participant_ics(participant), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="agenda-{event.pk}-{participant.pk}.ics"'
    )
    return response


@login_required
@require_GET
def agenda_pdf(request, pk: int, pid: int):
    event = _event(pk)
    participant = selectors.participant_for_user(user=request.user, event=event, pk=pid)
    pdf = agenda.participant_pdf(participant)
    if pdf is None:
        messages.warning(request, _("PDF tidak dapat dibuat; cetak halaman ini."))
        return redirect(f"{reverse('events:agenda', args=[pk, pid])}?cetak=1")
    return _pdf_response(pdf, f"agenda-{event.pk}-{participant.pk}.pdf")


# --- check-in -----------------------------------------------------------------------------


@officer_required
@require_GET
def checkin(request, pk: int):
    event = _event(pk)
    query = request.GET.get("q", "")
    return render(
        request,
        "events/checkin.html",
        {
            "event": event,
            "query": query,
            "results": selectors.participants_search(event=event, query=query),
            "present": event.participants.filter(checked_in_at__isnull=False).count(),
            "total": event.participants.count(),
            "on_the_day": event.date == timezone.localdate(),
            "before_the_day": event.date > timezone.localdate(),
        },
    )


@officer_required
@require_GET
def checkin_token(request, pk: int, token: str):
    event = _event(pk)
    participant = selectors.participant_from_token(event=event, token=token)
    if participant is None:
        return render(request, "events/checkin_bad.html", {"event": event}, status=404)
    return render(
        request,
        "events/checkin_one.html",
        {
            "event": event,
            "participant": participant,
            "meetings": selectors.agenda_of(participant=participant),
        },
    )


@officer_required
@require_POST
def checkin_mark(request, pk: int, pid: int):
    event = _event(pk)
    participant = selectors.participant_for_user(user=request.user, event=event, pk=pid)
    try:
        services.participant_check_in(actor=request.user, participant=participant)
    except ValidationError as e:
        _error(request, e)
    else:
        messages.success(
            request,
            _("%(name)s hadir (%(time)s).")
            % {
                "name": participant.business.name,
                "time": f"{timezone.localtime(participant.checked_in_at):%H.%M}",
            },
        )
    query = urlencode({"q": request.POST.get("q", "")})
    return redirect(f"{reverse('events:checkin', args=[pk])}?{query}")


# --- outcomes, report, follow-up -------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def outcome_edit(request, pk: int, mid: int):
    event = _event(pk)
    meeting = get_object_or_404(
        Meeting.objects.select_related("seller__business", "buyer__business"), pk=mid, event=event
    )
    side = request.GET.get("pihak") or request.POST.get("pihak")
    if side not in Role.values:
        mine = {p.pk for p in selectors.participants_of_user(user=request.user, event=event)}
        side = (
            Role.SELLER
            if meeting.seller_id in mine
            else Role.BUYER
            if meeting.buyer_id in mine
            else None
        )
        if side is None:
            if not request.user.is_officer:
                raise PermissionDenied
            side = Role.SELLER
    participant = meeting.seller if side == Role.SELLER else meeting.buyer
    selectors.participant_for_user(user=request.user, event=event, pk=participant.pk)
    existing = Outcome.objects.filter(meeting=meeting, side=side).first()
    initial = (
        {"result": existing.result, "rating": existing.rating, "note": existing.note}
        if existing
        else None
    )
    form = OutcomeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.outcome_record(
                actor=request.user, meeting=meeting, side=side, **form.cleaned_data
            )
        except ValidationError as e:
            form.add_error(None, e.messages)
        else:
            messages.success(request, _("Hasil pertemuan disimpan. Terima kasih."))
            return redirect("events:agenda", pk, participant.pk)
    return render(
        request,
        "events/outcome_form.html",
        {
            "event": event,
            "meeting": meeting,
            "side": side,
            "participant": participant,
            "form": form,
            "before_the_day": event.date > timezone.localdate(),
        },
    )


@officer_required
@require_GET
def event_report(request, pk: int):
    event = _event(pk)
    return render(
        request,
        "events/report.html",
        {"event": event, "report": selectors.event_report(event=event)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def followup_edit(request, fid: int):
    followup = get_object_or_404(
        FollowUp.objects.select_related("participant__event", "participant__business"), pk=fid
    )
    participant = followup.participant
    selectors.participant_for_user(user=request.user, event=participant.event, pk=participant.pk)
    form = FollowUpForm(request.POST or None, initial=followup.answers or None)
    if request.method == "POST" and form.is_valid():
        services.followup_answer(actor=request.user, followup=followup, answers=form.cleaned_data)
        messages.success(request, _("Jawaban survei disimpan. Terima kasih."))
        return redirect("events:list")
    return render(
        request,
        "events/form.html",
        {
            "form": form,
            "event": participant.event,
            "title": _("Survei %(months)s bulan setelah %(event)s: %(business)s")
            % {
                "months": followup.months,
                "event": participant.event.name,
                "business": participant.business.name,
            },
        },
    )

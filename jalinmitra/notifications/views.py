from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jalinmitra.core.forms import form_errors
from jalinmitra.core.middleware import language_cookie_set
from jalinmitra.notifications import selectors, services
from jalinmitra.notifications.forms import PreferenceForm
from jalinmitra.notifications.gateway import click_to_chat, gateway
from jalinmitra.notifications.kinds import KINDS
from jalinmitra.notifications.models import Delivery, Notification


@login_required
def inbox(request):
    page = Paginator(selectors.inbox(user=request.user), 30).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})


@login_required
@require_POST
def open_notification(request, pk: int):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notification_mark_read(actor=request.user, notification=notification)
    url = notification.url
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return redirect(url)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request):
    services.notifications_mark_all_read(actor=request.user)
    return redirect("notifications:inbox")


@login_required
def preferences(request):
    pref = selectors.preference_of(user=request.user)
    if request.method == "POST":
        form = PreferenceForm(request.POST)
        if form.is_valid():
            try:
                services.preference_save(actor=request.user, **form.cleaned_data)
            except ValidationError as e:
                form_errors(form, e)
            else:
                messages.success(request, _("Pengaturan pemberitahuan disimpan."))
                response = redirect("notifications:preferences")
                # The site follows the language chosen for one's messages.
                language_cookie_set(response, form.cleaned_data["language"])
                return response
    else:
        form = PreferenceForm(
            initial={
                "language": getattr(request.user, "language", "") or settings.LANGUAGE_CODE,
                "email": pref.email,
                "whatsapp": pref.whatsapp,
                "whatsapp_number": pref.whatsapp_number,
                "whatsapp_consent": pref.whatsapp_consent_at is not None,
                "stopped": pref.stopped,
                "digest": pref.digest,
                "quiet_start": pref.quiet_start,
                "quiet_end": pref.quiet_end,
            }
        )
    return render(request, "notifications/preferences.html", {"form": form})


def language_switch(request):
    """The site's language switcher (Django's set_language, under its URL name); a signed-in
    person's choice is also stored as the language of their notifications and mail."""
    from django.views.i18n import set_language

    response = set_language(request)
    language = request.POST.get("language", "")
    if (
        request.method == "POST"
        and request.user.is_authenticated
        and language in dict(settings.LANGUAGES)
    ):
        services.user_language_set(actor=request.user, language=language)
    return response


def _officer(request) -> None:
    if not request.user.is_officer:
        raise PermissionDenied(_("Hanya petugas yang dapat membuka halaman ini."))


@login_required
def whatsapp(request):
    """The officer's 'send reminders' page: each waiting WhatsApp message with its
    click-to-chat button (Bahasa Indonesia), and the numbers to fix."""
    _officer(request)
    event = request.GET.get("event", "")
    templates = selectors.message_templates(language="id")
    rows = [
        {
            "delivery": d,
            "link": click_to_chat(
                d.address,
                services.whatsapp_text(d.notification, language="id", templates=templates),
            ),
        }
        for d in selectors.whatsapp_to_send(event=event if event in KINDS else "")[:500]
    ]
    return render(
        request,
        "notifications/whatsapp.html",
        {
            "rows": rows,
            "invalid": selectors.whatsapp_invalid()[:500],
            "kinds": KINDS.values(),
            "event": event,
            "gateway_on": gateway() is not None,
        },
    )


@login_required
@require_POST
def whatsapp_sent(request, pk: int):
    delivery = get_object_or_404(Delivery, pk=pk)
    try:
        services.whatsapp_mark_sent(actor=request.user, delivery=delivery)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    event = request.POST.get("event", "")
    return redirect(
        reverse("notifications:whatsapp") + (f"?event={event}" if event in KINDS else "")
    )


@login_required
def templates(request):
    """Every message's text with its variables and a preview on sample data."""
    _officer(request)
    rows = []
    for kind in KINDS.values():
        title, body = kind.render(kind.sample)
        rows.append({"kind": kind, "preview_title": title, "preview_body": body})
    return render(request, "notifications/templates.html", {"rows": rows})


@login_required
def runs(request):
    _officer(request)
    return render(request, "notifications/runs.html", {"runs": selectors.periodic_runs()})


def _target(label: str, pk: int):
    from django.apps import apps
    from django.http import Http404

    from jalinmitra.notifications.hooks import thread_parties

    if label not in thread_parties:
        raise Http404
    model = apps.get_model(label)
    return get_object_or_404(model, pk=pk)


@login_required
def thread(request, label: str, pk: int):
    """A conversation on one object, like a chat on a phone: the parties and officers only."""
    from jalinmitra.notifications.forms import MessageForm

    target = _target(label, pk)
    if not services.thread_may_read(user=request.user, target=target):
        raise PermissionDenied(_("Percakapan ini hanya untuk para pihak dan petugas."))
    form = MessageForm()
    if request.method == "POST":
        if request.POST.get("action") == "read":
            services.thread_mark_read(actor=request.user, target=target)
            return redirect(request.path)
        form = MessageForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.message_post(
                    actor=request.user,
                    target=target,
                    body=form.cleaned_data["body"],
                    attachment=form.cleaned_data.get("attachment"),
                    url=request.path,
                )
            except ValidationError as e:
                form_errors(form, e)
            else:
                return redirect(request.path + "#akhir")
    messages_, _last = selectors.thread_messages(user=request.user, target=target)
    back = getattr(target, "get_absolute_url", None)
    return render(
        request,
        "notifications/thread.html",
        {
            "target": target,
            "items": messages_,
            "form": form,
            "back": back() if back else "",
            "has_new": any(m.is_new for m in messages_),
        },
    )


@login_required
def attachment(request, pk: int):
    from django.http import FileResponse, Http404

    from jalinmitra.notifications.models import Message

    message = get_object_or_404(Message.objects.select_related("thread"), pk=pk)
    target = message.thread.target
    if target is None or not message.attachment:
        raise Http404
    if not services.thread_may_read(user=request.user, target=target):
        raise PermissionDenied(_("Percakapan ini hanya untuk para pihak dan petugas."))
    return FileResponse(message.attachment.open("rb"), as_attachment=True)

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from jalinmitra.core.admin import AuditedAdmin, ReadOnlyAdmin
from jalinmitra.notifications.models import Delivery, MessageTemplate, Notification, PeriodicRun


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["title", "recipient", "event", "created_at", "read_at"]
    list_filter = ["event", "category"]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["notification", "channel", "status", "attempts", "error", "sent_at"]
    list_filter = ["channel", "status"]


@admin.register(PeriodicRun)
class PeriodicRunAdmin(ReadOnlyAdmin):
    list_display = ["name", "day", "status", "started_at", "finished_at"]
    list_filter = ["name", "status"]


def _variables_help() -> str:
    from django.utils.html import format_html_join

    from jalinmitra.notifications.kinds import KINDS

    return format_html_join(
        "",
        "<li><code>{}</code>: {}</li>",
        (
            (code, ", ".join("{" + v + "}" for v in kind.variables))
            for code, kind in sorted(KINDS.items())
        ),
    )


@admin.register(MessageTemplate)
class MessageTemplateAdmin(AuditedAdmin):
    """Admins replace a kind's built-in text in one language; variables are checked."""

    list_display = ["kind", "language", "title", "updated_at"]
    list_filter = ["kind", "language"]
    readonly_fields = ["variables"]
    fields = ["kind", "language", "title", "body", "variables"]

    @admin.display(description=_("Variabel yang dapat dipakai"))
    def variables(self, obj=None):
        from django.utils.html import format_html

        return format_html(
            "{}<ul>{}</ul>",
            _("Tulis variabel dengan kurung kurawal, mis. {event}. Per jenis:"),
            _variables_help(),
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        text = _(
            "Variabel ditulis {nama}; hanya variabel jenis pemberitahuan ini yang diterima "
            "(lihat daftar \u201cVariabel yang dapat dipakai\u201d). Kosongkan templat "
            "(hapus) untuk kembali ke teks bawaan."
        )
        for name in ("title", "body"):
            if name in form.base_fields:
                form.base_fields[name].help_text = text
        return form

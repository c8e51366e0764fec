"""Notifications (the in-app inbox), their deliveries on email and WhatsApp, each user's
preferences, and the record of periodic runs. Users only through settings.AUTH_USER_MODEL and
the object a notification concerns only through a generic relation: every app may notify."""

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jalinmitra.notifications.choices import Category, Channel, DeliveryStatus, RunStatus
from jalinmitra.notifications.kinds import KINDS


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    event = models.CharField(_("peristiwa"), max_length=60)
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    title = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("isi"), max_length=2000)
    url = models.CharField(_("tautan"), max_length=500, blank=True)
    context = models.JSONField(default=dict, blank=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        verbose_name = _("pemberitahuan")
        verbose_name_plural = _("pemberitahuan")

    def __str__(self) -> str:
        return self.title


class Delivery(models.Model):
    """One notification on one channel: its address, status, attempts and last error."""

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    address = models.CharField(_("alamat"), max_length=254, blank=True)
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    digest = models.BooleanField(default=False)
    due_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["channel", "status"])]
        verbose_name = _("pengiriman")
        verbose_name_plural = _("pengiriman")

    def __str__(self) -> str:
        return f"{self.channel} {self.status}"


class Preference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email = models.BooleanField(_("kirim lewat email"), default=True)
    whatsapp = models.BooleanField(_("kirim lewat WhatsApp"), default=False)
    whatsapp_number = models.CharField(_("nomor WhatsApp"), max_length=16, blank=True)
    whatsapp_consent_at = models.DateTimeField(null=True, blank=True)
    stopped = models.JSONField(_("kategori yang dihentikan"), default=list, blank=True)
    digest = models.BooleanField(_("ringkasan harian, bukan pesan satu per satu"), default=False)
    quiet_start = models.TimeField(_("jam tenang mulai"), default=dt.time(21, 0))
    quiet_end = models.TimeField(_("jam tenang selesai"), default=dt.time(7, 0))

    class Meta:
        verbose_name = _("preferensi pemberitahuan")
        verbose_name_plural = _("preferensi pemberitahuan")

    def __str__(self) -> str:
        return str(self.user)


class PeriodicRun(models.Model):
    """One run of one periodic job on one day (the city's): the unique pair makes a second
    run of the same day do nothing."""

    name = models.CharField(max_length=60)
    day = models.DateField()
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.RUNNING)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    output = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["name", "day"], name="periodic_run_once_a_day")
        ]
        verbose_name = _("tugas berkala")
        verbose_name_plural = _("tugas berkala")

    def __str__(self) -> str:
        return f"{self.name} {self.day}"


class Thread(models.Model):
    """A conversation attached to one object (an agreement, a meeting request, an enquiry):
    who may read it is decided by the object's app (hooks.thread_parties) plus officers."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="thread_per_object")
        ]
        verbose_name = _("percakapan")
        verbose_name_plural = _("percakapan")

    def __str__(self) -> str:
        return f"{self.content_type} #{self.object_id}"


GUEST_NAME_MAX = 100


class Message(models.Model):
    """One message of a thread: by a user (`author`, None once their account is deleted), or
    by a guest without an account (an enquirer writing through their private link): then
    `by_guest`, the name they gave and a keyed hash of their address to count a flood (never
    the address itself). A guest never attaches a file."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_guest = models.BooleanField(_("dari tamu tanpa akun"), default=False)
    guest_name = models.CharField(_("nama tamu"), max_length=GUEST_NAME_MAX, blank=True)
    guest_key = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    body = models.TextField(_("pesan"), max_length=2000)
    attachment = models.FileField(_("lampiran"), upload_to="percakapan/%Y/%m/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("pesan percakapan")
        verbose_name_plural = _("pesan percakapan")
        constraints = [
            models.CheckConstraint(
                condition=Q(by_guest=False) | Q(author__isnull=True, attachment=""),
                name="message_guest_no_author_no_file",
            )
        ]

    def __str__(self) -> str:
        return self.body[:50]

    @property
    def author_label(self) -> str:
        """Who wrote it, as a reader with access to the thread sees it."""
        if self.by_guest:
            return self.guest_name
        return str(getattr(self.author, "display_name", "") or self.author or "")


class ThreadRead(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="thread_read_once")]

    def __str__(self) -> str:
        return f"{self.thread} {self.read_at}"


TEMPLATE_VARIABLE = r"\{([^{}]*)\}"


def template_variables(text: str) -> set[str]:
    import re

    return {m.strip() for m in re.findall(TEMPLATE_VARIABLE, text or "")}


def template_fill(text: str, values: dict) -> str:
    """`{name}` replaced by its value (no format mini-language: nothing else is evaluated)."""
    import re

    return re.sub(TEMPLATE_VARIABLE, lambda m: str(values.get(m.group(1).strip(), "–")), text or "")


class MessageTemplate(models.Model):
    """An admin's own text for a kind in one language, used instead of the built-in one.
    Variables are written `{name}`; only the kind's variables are accepted."""

    kind = models.CharField(
        _("jenis pemberitahuan"),
        max_length=40,
        choices=[(code, code) for code in sorted(KINDS)],
    )
    language = models.CharField(_("bahasa"), max_length=5, choices=settings.LANGUAGES)
    title = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("isi"), max_length=2000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "language"], name="message_template_once")
        ]
        ordering = ["kind", "language"]
        verbose_name = _("templat pesan")
        verbose_name_plural = _("templat pesan")

    def __str__(self) -> str:
        return f"{self.kind} ({self.language})"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        kind = KINDS.get(self.kind)
        if kind is None:
            raise ValidationError({"kind": _("Jenis pemberitahuan tidak dikenal.")}, code="invalid")
        allowed = set(kind.variables)
        errors = {}
        for field in ("title", "body"):
            unknown = sorted(template_variables(getattr(self, field)) - allowed)
            if unknown:
                errors[field] = ValidationError(
                    _(
                        "Variabel tidak dikenal: %(unknown)s. Yang dapat dipakai untuk jenis "
                        "ini: %(allowed)s."
                    )
                    % {
                        "unknown": ", ".join("{" + u + "}" for u in unknown),
                        "allowed": ", ".join("{" + a + "}" for a in sorted(allowed)),
                    },
                    code="unknown_variable",
                )
        if errors:
            raise ValidationError(errors)

    def render(self, values: dict) -> tuple[str, str]:
        return template_fill(self.title, values), template_fill(self.body, values)

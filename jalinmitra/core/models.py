from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jalinmitra.core.choices import KbliLevel, RegionLevel


class Region(models.Model):
    """A Kemendagri administrative region, code in dotted form (18.72.01.1001)."""

    code = models.CharField(_("kode"), max_length=13, primary_key=True)
    level = models.CharField(_("tingkat"), max_length=10, choices=RegionLevel.choices)
    name = models.CharField(_("nama"), max_length=120)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    search_name = models.CharField(max_length=255, db_index=True, editable=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")

    def __str__(self) -> str:
        return f"{self.label_prefix()}{self.name}"

    def label_prefix(self) -> str:
        if self.level == RegionLevel.KECAMATAN:
            return "Kec. "
        if self.level == RegionLevel.DESA:
            return "Kel. " if self.code.rsplit(".", 1)[-1].startswith("1") else "Desa "
        return ""

    def ancestors(self) -> list["Region"]:
        """This region's ancestors, nearest first, in one query."""
        parts = self.code.split(".")
        codes = [".".join(parts[:i]) for i in range(len(parts) - 1, 0, -1)]
        found = {r.code: r for r in Region.objects.filter(code__in=codes)}
        return [found[c] for c in codes if c in found]

    def full_name(self) -> str:
        return ", ".join(str(r) for r in [self, *self.ancestors()])


# The KBLI edition the registry codes against today.
DEFAULT_KBLI_VERSION = "2020"


class KbliCode(models.Model):
    """One row of a KBLI edition; versioned so KBLI 2020 and 2025 can live side by side."""

    version = models.CharField(_("edisi"), max_length=4, default=DEFAULT_KBLI_VERSION)
    code = models.CharField(_("kode"), max_length=5)
    level = models.CharField(_("tingkat"), max_length=16, choices=KbliLevel.choices)
    title = models.CharField(_("judul"), max_length=400)
    parent_code = models.CharField(max_length=5, blank=True)
    category = models.CharField(_("kategori"), max_length=1, db_index=True)
    search_title = models.CharField(max_length=400, editable=False)

    class Meta:
        ordering = ["version", "code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="kbli_unique_code"),
        ]
        verbose_name = _("KBLI")
        verbose_name_plural = _("KBLI")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class City(models.Model):
    """The kabupaten/kota running the programme. One row; the default is Kota Metro."""

    name = models.CharField(_("nama pemerintah daerah"), max_length=120)
    short_name = models.CharField(_("nama singkat"), max_length=60)
    code = models.CharField(
        _("kode surat"), max_length=10, help_text=_("Dipakai dalam nomor perjanjian, mis. KMT")
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("wilayah"))
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    logo = models.ImageField(_("logo"), upload_to="city/", blank=True)
    agreement_number_pattern = models.CharField(
        _("pola nomor perjanjian"),
        max_length=80,
        default="{seq:03d}/{city}/{office}/{month_roman}/{year}",
    )
    payment_term_policy_days = models.PositiveSmallIntegerField(
        _("batas tempo pembayaran (kebijakan daerah, hari)"), default=30
    )
    privacy_notice_version = models.CharField(
        _("versi pemberitahuan privasi"), max_length=20, default="2026-1"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pemerintah daerah")
        verbose_name_plural = _("pemerintah daerah")

    def __str__(self) -> str:
        return self.name


class Office(models.Model):
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="offices")
    code = models.CharField(_("singkatan"), max_length=30)
    name = models.CharField(_("nama"), max_length=200)
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("perangkat daerah")
        verbose_name_plural = _("perangkat daerah")

    def __str__(self) -> str:
        return self.name


class Official(models.Model):
    """An official who may witness agreements (e.g. the deputy mayor, heads of offices)."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="officials")
    office = models.ForeignKey(
        Office, on_delete=models.SET_NULL, null=True, blank=True, related_name="officials"
    )
    name = models.CharField(_("nama"), max_length=120)
    title = models.CharField(_("jabatan"), max_length=200)
    nip = models.CharField(_("NIP"), max_length=18, blank=True)
    is_witness = models.BooleanField(_("saksi perjanjian"), default=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("pejabat")
        verbose_name_plural = _("pejabat")

    def __str__(self) -> str:
        return f"{self.name} ({self.title})"


class AuditLog(models.Model):
    """Who did what to which object, and which fields changed. Written by services only."""

    created_at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pelaku"),
    )
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(_("aksi"), max_length=60, db_index=True)
    object_type = models.CharField(_("jenis objek"), max_length=60)
    object_id = models.CharField(max_length=40)
    object_repr = models.CharField(_("objek"), max_length=255)
    # The business the row concerns, as a plain id rather than a foreign key: the history
    # outlives a deleted business, and core knows nothing of the businesses app (layers).
    business_id = models.BigIntegerField(_("usaha"), null=True, blank=True, db_index=True)
    changes = models.JSONField(_("perubahan"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("jejak audit")
        verbose_name_plural = _("jejak audit")

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"
        )


class Job(models.Model):
    """Progress of one piece of background work, for the person waiting on it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Menunggu")
        RUNNING = "running", _("Berjalan")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    result = models.JSONField(default=dict, blank=True)
    task_result_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

"""Every kind of notification: its category, whether it may be stopped, and its texts.

Texts are Indonesian message ids (translated through the locale like every string) with
``%(name)s`` variables; ``variables`` lists them and ``sample`` fills them for the preview on
the templates page. An app notifies with the kind's code and the variables' values."""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jalinmitra.notifications.choices import Category


@dataclass(frozen=True)
class Kind:
    code: str
    category: str
    title: Promise
    body: Promise
    sample: dict = field(default_factory=dict)
    # What the law or the agreement requires cannot be stopped in the preferences.
    required: bool = False

    @property
    def variables(self) -> list[str]:
        return sorted(self.sample)

    def render(self, context: dict) -> tuple[str, str]:
        values = {name: context.get(name, "–") for name in self.sample}
        return str(self.title) % values, str(self.body) % values


KINDS = {
    k.code: k
    for k in [
        Kind(
            "meeting_request.received",
            Category.EVENTS,
            _("%(business)s meminta bertemu di %(event)s"),
            _(
                "%(business)s meminta bertemu dengan %(recipient_business)s di %(event)s. "
                "Alasan: %(reason)s. Terima atau tolak sebelum %(until)s."
            ),
            sample={
                "business": "Keripik Pisang Bu Alice",
                "recipient_business": "PT Oleh-Oleh Sari Rasa",
                "event": "Temu Usaha Metro 2026",
                "reason": "Pasokan keripik untuk toko oleh-oleh",
                "until": "12 Desember 2026 17.00",
            },
        ),
        Kind(
            "schedule.published",
            Category.EVENTS,
            _("Jadwal %(event)s sudah terbit"),
            _(
                "Jadwal %(event)s pada %(date)s di %(venue)s sudah terbit. %(recipient_business)s "
                "mendapat %(count)s pertemuan. Lihat agenda dan kode QR Anda."
            ),
            sample={
                "event": "Temu Usaha Metro 2026",
                "date": "15 Desember 2026",
                "venue": "Aula Pemkot Metro",
                "recipient_business": "Keripik Pisang Bu Alice",
                "count": 3,
            },
        ),
        Kind(
            "agreement.ready_to_sign",
            Category.AGREEMENTS,
            _("Perjanjian %(number)s siap ditandatangani"),
            _(
                "Perjanjian kemitraan %(number)s antara %(small)s dan %(large)s sudah disetujui "
                "petugas dan siap ditandatangani."
            ),
            sample={
                "number": "PK/2026/0001",
                "small": "Keripik Pisang Bu Alice",
                "large": "PT Oleh-Oleh Sari Rasa",
            },
            required=True,
        ),
        Kind(
            "delivery.to_confirm",
            Category.MONITORING,
            _("%(business)s mencatat %(kind)s: mohon konfirmasi"),
            _(
                "%(business)s mencatat %(kind)s sebesar %(value)s pada %(date)s untuk perjanjian "
                "%(number)s. Konfirmasi bila benar, atau sanggah bila tidak."
            ),
            sample={
                "business": "PT Oleh-Oleh Sari Rasa",
                "kind": "pengiriman",
                "value": "Rp 2.500.000",
                "date": "1 Desember 2026",
                "number": "PK/2026/0001",
            },
        ),
        Kind(
            "enquiry.received",
            Category.CATALOGUE,
            _("Pesan pembeli tentang %(product)s"),
            _("%(name)s bertanya tentang %(product)s: %(message)s"),
            sample={
                "name": "Budi",
                "product": "Keripik pisang cokelat 250 g",
                "message": "Apakah bisa kirim 200 bungkus per bulan?",
            },
        ),
        Kind(
            "event.reminder",
            Category.EVENTS,
            _("%(event)s: ajukan permintaan bertemu"),
            _(
                "%(recipient_business)s terdaftar pada %(event)s (%(date)s, %(venue)s), tetapi "
                "belum meminta bertemu dengan peserta mana pun. Pilih mitra yang ingin Anda temui."
            ),
            sample={
                "event": "Temu Usaha Metro 2026",
                "date": "15 Desember 2026",
                "venue": "Aula Pemkot Metro",
                "recipient_business": "Keripik Pisang Bu Alice",
            },
        ),
        Kind(
            "event.followup",
            Category.EVENTS,
            _("Survei %(months)s bulan setelah %(event)s"),
            _(
                "Sudah %(months)s bulan sejak %(event)s (%(date)s). Bagaimana kemitraan "
                "%(recipient_business)s dengan mitra yang Anda temui? Isi survei singkatnya."
            ),
            sample={
                "months": 3,
                "event": "Temu Usaha Metro 2026",
                "date": "15 Desember 2026",
                "recipient_business": "Keripik Pisang Bu Alice",
            },
        ),
        Kind(
            "agreement.ending",
            Category.AGREEMENTS,
            _("Perjanjian %(number)s berakhir dalam %(days)s hari"),
            _(
                "Perjanjian kemitraan %(number)s berakhir pada %(end)s. Bila kemitraan akan "
                "dilanjutkan, ajukan adendum atau perjanjian baru sebelum tanggal itu."
            ),
            sample={"number": "PK/2026/0001", "days": 30, "end": "31 Desember 2026"},
        ),
        Kind(
            "conversation.message",
            Category.CONVERSATIONS,
            _("Pesan baru dari %(author)s"),
            _("%(author)s menulis: %(message)s"),
            sample={"author": "Carol", "message": "Pengiriman Senin depan bisa 250 kg?"},
        ),
    ]
}

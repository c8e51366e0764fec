from django.db import models
from django.utils.translation import gettext_lazy as _


class Pattern(models.TextChoices):
    """Pola kemitraan: UU 20/2008 Pasal 26 as amended, PP 7/2021 Pasal 106."""

    INTI_PLASMA = "inti_plasma", _("Inti-plasma")
    SUBKONTRAK = "subkontrak", _("Subkontrak")
    WARALABA = "waralaba", _("Waralaba")
    PERDAGANGAN_UMUM = "perdagangan_umum", _("Perdagangan umum")
    DISTRIBUSI_KEAGENAN = "distribusi_keagenan", _("Distribusi dan keagenan")
    RANTAI_PASOK = "rantai_pasok", _("Rantai pasok")
    BAGI_HASIL = "bagi_hasil", _("Bagi hasil")
    KERJA_SAMA_OPERASIONAL = "kerja_sama_operasional", _("Kerja sama operasional")
    USAHA_PATUNGAN = "usaha_patungan", _("Usaha patungan (joint venture)")
    PENYUMBERLUARAN = "penyumberluaran", _("Penyumberluaran (outsourcing)")


class Support(models.TextChoices):
    """Bentuk pengembangan (Pasal 34): how the large party develops the small one."""

    PELATIHAN = "pelatihan", _("Pelatihan")
    KEMASAN = "kemasan", _("Kemasan")
    SERTIFIKASI = "sertifikasi", _("Sertifikasi")
    PERMODALAN = "permodalan", _("Permodalan")
    PEMASARAN = "pemasaran", _("Pemasaran")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan")
    RETURNED = "returned", _("Dikembalikan")
    READY = "ready", _("Siap ditandatangani")
    SIGNED = "signed", _("Ditandatangani kedua pihak")
    WITNESSED = "witnessed", _("Disaksikan")
    ACTIVE = "active", _("Berjalan")
    COMPLETED = "completed", _("Selesai")
    TERMINATED = "terminated", _("Diakhiri")
    AMENDED = "amended", _("Diubah (adendum)")


class Party(models.TextChoices):
    SMALL = "small", _("Pihak Pertama (usaha mikro/kecil)")
    LARGE = "large", _("Pihak Kedua (usaha menengah/besar)")


class EndKind(models.TextChoices):
    """How a running agreement ends early or on time: both parties agree, or an officer decides."""

    COMPLETE = "complete", _("Selesai")
    TERMINATE = "terminate", _("Diakhiri")


EDITABLE_STATUSES = {Status.DRAFT, Status.RETURNED}

DEFAULT_DISPUTE_RESOLUTION = (
    "Perselisihan yang timbul dari perjanjian ini diselesaikan lebih dahulu secara musyawarah "
    "untuk mufakat. Bila musyawarah tidak tercapai dalam 30 (tiga puluh) hari, para pihak "
    "meminta mediasi oleh Pemerintah Kota. Bila mediasi tidak berhasil, perselisihan "
    "diselesaikan melalui pengadilan negeri atau arbitrase sesuai peraturan perundang-undangan."
)

from django.db import models
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    MODAL_KERJA = "modal_kerja", _("Modal kerja")
    INVESTASI = "investasi", _("Investasi")


class Status(models.TextChoices):
    """The referral as the city handles it, before and after it goes to the banks."""

    DIAJUKAN = "diajukan", _("Diajukan")
    DIKEMBALIKAN = "dikembalikan", _("Dikembalikan untuk dilengkapi")
    DIPERIKSA = "diperiksa", _("Diperiksa petugas")
    DITERUSKAN = "diteruskan", _("Diteruskan ke bank")
    DITARIK = "ditarik", _("Ditarik")


class BankStatus(models.TextChoices):
    """The referral as one bank works it."""

    MENUNGGU = "menunggu", _("Menunggu diproses")
    DIPROSES = "diproses", _("Diproses")
    PERLU_DOKUMEN = "perlu_dokumen", _("Perlu dokumen")
    DISETUJUI = "disetujui", _("Disetujui")
    DITOLAK = "ditolak", _("Ditolak")
    DICAIRKAN = "dicairkan", _("Dicairkan")
    DITARIK = "ditarik", _("Ditarik")


DECIDED = frozenset({BankStatus.DISETUJUI, BankStatus.DICAIRKAN})
OPEN_AT_BANK = frozenset({BankStatus.MENUNGGU, BankStatus.DIPROSES, BankStatus.PERLU_DOKUMEN})


class DataItem(models.TextChoices):
    """What a consent lets go to a bank; the dossier shows only these."""

    PROFILE = "profile", _("Profil usaha (nama, NIB, alamat, bidang usaha, pemilik)")
    SIZE = "size", _("Skala usaha dan sertifikat")
    AGREEMENTS = "agreements", _("Perjanjian kemitraan yang berjalan (mitra dan nilai)")
    REALISATION = "realisation", _("Ringkasan realisasi (pengiriman, pembayaran, keterlambatan)")


class RejectReason(models.TextChoices):
    KELAYAKAN = "kelayakan", _("Usaha belum layak dibiayai")
    RIWAYAT_KREDIT = "riwayat_kredit", _("Riwayat kredit (SLIK) bermasalah")
    KUR_LAIN = "kur_lain", _("Sedang menerima KUR di bank lain")
    DOKUMEN = "dokumen", _("Dokumen tidak lengkap")
    KAPASITAS = "kapasitas", _("Kemampuan membayar tidak cukup")
    LAINNYA = "lainnya", _("Lainnya")


class Scheme(models.TextChoices):
    KUR_SUPER_MIKRO = "kur_super_mikro", _("KUR Super Mikro")
    KUR_MIKRO = "kur_mikro", _("KUR Mikro")
    KUR_KECIL = "kur_kecil", _("KUR Kecil")
    KUR_KLASTER = "kur_klaster", _("KUR Klaster (dengan offtaker)")

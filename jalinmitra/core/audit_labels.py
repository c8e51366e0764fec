"""Audit trail rows in words an officer reads: action codes and field names become labels.

Services write short codes (``business.create``, ``{"owner_name": [old, new]}``) so the trail
stays stable and searchable; the history pages show them through this module. An action not in
ACTION_LABELS still reads as words (``event.foo_bar`` -> "Temu usaha: foo bar"), so a code
added later is never shown raw.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jalinmitra.core.money import format_rupiah

ACTION_LABELS = {
    # businesses
    "business.create": _("Usaha didaftarkan"),
    "business.update": _("Data usaha diubah"),
    "business.submit": _("Diajukan untuk verifikasi"),
    "business.verify": _("Usaha diverifikasi"),
    "business.return": _("Dikembalikan kepada pemilik"),
    "business.export": _("Daftar usaha diekspor"),
    "business.consent": _("Persetujuan privasi diberikan"),
    "business.nik_view": _("NIK lengkap dilihat"),
    "certification.add": _("Sertifikat ditambahkan"),
    "certification.delete": _("Sertifikat dihapus"),
    "need.create": _("Kebutuhan ditambahkan"),
    "need.update": _("Kebutuhan diubah"),
    "need.delete": _("Kebutuhan dihapus"),
    "offer.create": _("Penawaran ditambahkan"),
    "offer.update": _("Penawaran diubah"),
    "offer.delete": _("Penawaran dihapus"),
    "offer.photo_add": _("Foto penawaran ditambahkan"),
    "offer.photo_delete": _("Foto penawaran dihapus"),
    "membership.add": _("Pengguna ditambahkan ke usaha"),
    "membership.remove": _("Pengguna dikeluarkan dari usaha"),
    "invitation.create": _("Tautan undangan pemilik dibuat"),
    "invitation.accept": _("Undangan pemilik diterima"),
    "user.create": _("Akun dibuat"),
    "business.anonymise": _("Data pribadi usaha dianonimkan"),
    # personal data (UU PDP)
    "privacy.request": _("Permintaan hapus data diajukan"),
    "privacy.request_record": _("Permintaan hapus data dicatat petugas"),
    "privacy.refuse": _("Permintaan hapus data ditolak"),
    "privacy.anonymise": _("Data pribadi pemohon dianonimkan"),
    "privacy.export": _("Data pribadi diunduh pemiliknya"),
    "privacy.export_business": _("Salinan data diserahkan kepada pemilik"),
    "privacy.retention_delete": _("Dihapus menurut aturan masa simpan"),
    # core
    "city.update": _("Pengaturan daerah diubah"),
    "office.create": _("Kantor ditambahkan"),
    "office.update": _("Kantor diubah"),
    "official.create": _("Pejabat ditambahkan"),
    "official.update": _("Pejabat diubah"),
    "official.delete": _("Pejabat dihapus"),
    # matching
    "shortlist.add": _("Dimasukkan ke daftar pendek"),
    "shortlist.remove": _("Dikeluarkan dari daftar pendek"),
    "meeting_invitation.create": _("Ajakan bertemu dikirim"),
    # events
    "event.create": _("Temu usaha dibuat"),
    "event.update": _("Temu usaha diubah"),
    "event.status": _("Status temu usaha diubah"),
    "event.participant_add": _("Peserta didaftarkan"),
    "event.participant_update": _("Data peserta diubah"),
    "event.invitation_accept": _("Ajakan diterima sebagai permintaan"),
    "event.invitation_skip": _("Ajakan dilewati"),
    "event.request_create": _("Permintaan bertemu dibuat"),
    "event.request_from_invitation": _("Permintaan bertemu dari ajakan"),
    "event.request_on_the_spot": _("Permintaan bertemu di tempat"),
    "event.request_accept": _("Permintaan bertemu diterima"),
    "event.request_decline": _("Permintaan bertemu ditolak"),
    "event.request_expire": _("Permintaan bertemu kedaluwarsa"),
    "event.must_meet": _("Ditandai wajib bertemu"),
    "event.participants_remind": _("Pengingat dikirim kepada peserta"),
    "event.schedule_run": _("Penyusunan jadwal dimulai"),
    "event.schedule_store": _("Jadwal disimpan"),
    "event.schedule_publish": _("Jadwal diterbitkan"),
    "event.meeting_lock": _("Pertemuan dikunci"),
    "event.meeting_unlock": _("Kunci pertemuan dibuka"),
    "event.meeting_status": _("Status pertemuan diubah"),
    "event.check_in": _("Kehadiran dicatat"),
    "event.no_show": _("Dicatat tidak hadir"),
    "event.no_show_undo": _("Catatan tidak hadir dibatalkan"),
    "event.outcome_record": _("Hasil pertemuan dicatat"),
    "event.followup_create": _("Tindak lanjut dibuat"),
    "event.followup_answer": _("Tindak lanjut dijawab"),
    # agreements
    "agreement.create": _("Perjanjian dibuat"),
    "agreement.update": _("Perjanjian diubah"),
    "agreement.submit": _("Perjanjian diajukan"),
    "agreement.return": _("Perjanjian dikembalikan"),
    "agreement.approve": _("Perjanjian disetujui"),
    "agreement.sign_small": _("Ditandatangani Pihak Pertama"),
    "agreement.sign_large": _("Ditandatangani Pihak Kedua"),
    "agreement.sign_in_person": _("Ditandatangani langsung di hadapan petugas"),
    "agreement.witness": _("Perjanjian disaksikan"),
    "agreement.ceremony_witness": _("Disaksikan dalam penandatanganan bersama"),
    "agreement.activate": _("Perjanjian mulai berlaku"),
    "agreement.complete": _("Perjanjian selesai"),
    "agreement.terminate": _("Perjanjian diakhiri"),
    "agreement.amend": _("Perubahan (adendum) dibuat"),
    "agreement.amended": _("Perjanjian diganti adendum"),
    "agreement.end_propose": _("Pengakhiran perjanjian diusulkan"),
    "agreement.end_withdraw": _("Usulan pengakhiran ditarik"),
    "agreement.end_decline": _("Usulan pengakhiran ditolak"),
    "agreement.reminder": _("Pengingat dikirim"),
    "agreement.pdf_store": _("Dokumen PDF disimpan"),
    "agreement.pdf_batch": _("PDF dicetak bersama"),
    # public catalogue (issue 12)
    "catalogue.contact_consent": _("Persetujuan kontak di katalog diberikan"),
    "catalogue.contact_withdraw": _("Persetujuan kontak di katalog ditarik"),
    "catalogue.enquiry_create": _("Pesan pembeli diterima dari katalog"),
    "catalogue.enquiry_read": _("Pesan pembeli dibaca"),
    "catalogue.enquiry_answer": _("Pesan pembeli dijawab"),
    "catalogue.enquiry_close": _("Pesan pembeli ditutup"),
    "catalogue.enquiry_buyer_reply": _("Pembeli membalas lewat tautan pribadi"),
    "catalogue.enquiry_erase": _("Data pengirim pesan dihapus"),
    "catalogue.signature_designate": _("Ditetapkan sebagai produk unggulan"),
    "catalogue.signature_review": _("Produk unggulan ditinjau ulang"),
    "catalogue.signature_withdraw": _("Penetapan produk unggulan dicabut"),
    # account security and background jobs (issue 14)
    "user.two_factor_enable": _("Verifikasi dua langkah dipasang"),
    "user.two_factor_disable": _("Verifikasi dua langkah dilepas"),
    "user.recovery_codes": _("Kode pemulihan baru dibuat"),
    "user.password_change": _("Kata sandi diganti"),
    "job.restart": _("Pekerjaan latar belakang diulang"),
    "job.fail_stale": _("Pekerjaan latar belakang dinyatakan gagal (pekerja berhenti)"),
    # realisation monitoring (issue 10)
    "entry.record": _("Realisasi dicatat"),
    "entry.correct": _("Koreksi realisasi dicatat"),
    "entry.confirm": _("Realisasi dikonfirmasi"),
    "entry.dispute": _("Realisasi disanggah"),
    "entry.resolve": _("Sanggahan realisasi diselesaikan petugas"),
    "entry.supersede": _("Realisasi digantikan koreksinya"),
    "intervention.record": _("Pembinaan atau teguran dicatat"),
    "growth_report.create": _("Laporan perkembangan usaha diisi"),
    "growth_report.update": _("Laporan perkembangan usaha diubah"),
    # KUR referrals and partner banks (issue 13)
    "bank.create": _("Bank mitra ditambahkan"),
    "bank.update": _("Data bank mitra diubah"),
    "bank.member_set": _("Petugas bank dihubungkan ke banknya"),
    "referral.create": _("Rujukan KUR diajukan"),
    "referral.check": _("Rujukan KUR diperiksa petugas"),
    "referral.return": _("Rujukan KUR dikembalikan untuk dilengkapi"),
    "referral.resubmit": _("Rujukan KUR diajukan lagi"),
    "referral.choose_banks": _("Petugas memilihkan bank untuk rujukan KUR"),
    "referral.forward": _("Rujukan KUR diteruskan ke bank"),
    "referral.withdraw": _("Rujukan KUR ditarik pemohon"),
    "consent.give": _("Persetujuan berbagi data dengan bank diberikan"),
    "consent.replace": _("Persetujuan berbagi data diganti yang baru"),
    "consent.withdraw": _("Persetujuan berbagi data dengan bank ditarik"),
    "referral_case.claim": _("Rujukan KUR diproses bank"),
    "referral_case.ask_documents": _("Bank meminta dokumen"),
    "referral_case.documents_sent": _("Dokumen dikirim ke bank"),
    "referral_case.approve": _("KUR disetujui bank"),
    "referral_case.reject": _("KUR ditolak bank"),
    "referral_case.disburse": _("KUR dicairkan"),
    "referral_case.withdrawn": _("Rujukan di bank ditutup karena ditarik pemohon"),
    "referral_case.view": _("Rujukan KUR dilihat petugas bank"),
    "referral_case.dossier": _("Berkas rujukan KUR diunduh bank"),
    "referral_case.export": _("Daftar rujukan KUR bank diekspor"),
    "referral_document.upload": _("Dokumen untuk bank diunggah"),
    "api_token.create": _("Token API dibuat"),
    "api_token.revoke": _("Token API dicabut"),
    # notifications (issue 11)
    "notification.preferences_save": _("Pengaturan pemberitahuan diubah"),
    "notification.whatsapp_sent": _("Pesan WhatsApp dikirim petugas"),
    "conversation.message_post": _("Pesan percakapan dikirim"),
    # matching: feedback and learnt weights (issue 15)
    "pair_feedback.record": _("Umpan balik pasangan dicatat"),
    "signal_weights.train": _("Bobot sinyal dilatih"),
    "signal_weights.activate": _("Bobot sinyal diganti"),
}

# The thing a code's first part names, for codes without their own label.
SUBJECT_LABELS = {
    "business": _("Usaha"),
    "certification": _("Sertifikat"),
    "need": _("Kebutuhan"),
    "offer": _("Penawaran"),
    "membership": _("Anggota usaha"),
    "invitation": _("Undangan"),
    "user": _("Akun"),
    "city": _("Daerah"),
    "office": _("Kantor"),
    "official": _("Pejabat"),
    "shortlist": _("Daftar pendek"),
    "meeting_invitation": _("Ajakan bertemu"),
    "event": _("Temu usaha"),
    "agreement": _("Perjanjian"),
    "privacy": _("Data pribadi"),
}

# The last part of a code, for codes without their own label.
VERB_LABELS = {
    "create": _("dibuat"),
    "add": _("ditambahkan"),
    "update": _("diubah"),
    "delete": _("dihapus"),
    "remove": _("dihapus"),
    "submit": _("diajukan"),
    "verify": _("diverifikasi"),
    "approve": _("disetujui"),
    "return": _("dikembalikan"),
    "accept": _("diterima"),
    "decline": _("ditolak"),
    "reject": _("ditolak"),
    "confirm": _("dikonfirmasi"),
    "cancel": _("dibatalkan"),
    "complete": _("diselesaikan"),
    "terminate": _("diakhiri"),
    "export": _("diekspor"),
    "view": _("dilihat"),
    "anonymise": _("dianonimkan"),
    "anonymize": _("dianonimkan"),
}

# Keys in `changes` that are not model fields.
EXTRA_FIELD_LABELS = {
    "kbli": _("KBLI"),
    "kbli_primary": _("KBLI utama"),
    "kbli_others": _("KBLI lain"),
    "filter": _("saringan"),
    "rows": _("jumlah baris"),
    "run": _("penyusunan"),
    "meetings": _("pertemuan"),
    "objective": _("nilai jadwal"),
    "agreements": _("perjanjian"),
    "allow_move_published": _("boleh memindah pertemuan terbit"),
    "reason": _("alasan"),
}


def _words(code: str) -> str:
    return code.replace("_", " ").replace("-", " ").strip()


def action_label(code: str) -> str:
    """A readable label for an audit action code; unknown codes become words, never the raw code."""
    if not code:
        return ""
    if code in ACTION_LABELS:
        return str(ACTION_LABELS[code])
    prefix = ""
    if code.startswith("admin:"):
        prefix, code = gettext("Admin") + ": ", code[len("admin:") :]
        if code in ACTION_LABELS:
            return prefix + str(ACTION_LABELS[code])
    subject, _dot, verb = code.partition(".")
    if not verb:
        return prefix + _words(subject).capitalize()
    subject_label = SUBJECT_LABELS.get(subject)
    subject_text = str(subject_label) if subject_label else _words(subject).capitalize()
    verb_label = VERB_LABELS.get(verb)
    if verb_label is None:
        # "request_accept" -> the last word may still be a known verb
        head, _sep, last = verb.rpartition("_")
        if head and last in VERB_LABELS:
            return f"{prefix}{subject_text}: {_words(head)} {VERB_LABELS[last]}"
        return f"{prefix}{subject_text}: {_words(verb)}"
    return f"{prefix}{subject_text} {verb_label}"


def _model_field(object_type: str, name: str):
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def field_label(object_type: str, name: str) -> str:
    """The field's verbose_name as the form shows it (``owner_name`` -> "Nama pemilik")."""
    field = _model_field(object_type, name)
    label = getattr(field, "verbose_name", None) if field is not None else None
    if label and str(label) != _words(name):
        text = str(label)
    elif name in EXTRA_FIELD_LABELS:
        text = str(EXTRA_FIELD_LABELS[name])
    elif label:
        text = str(label)
    else:
        text = _words(name)
    return text[:1].upper() + text[1:]


# Amounts in rupiah, shown as officers write them (Rp1.250.000), not as 1250000.
MONEY_FIELDS = {
    "modal_usaha",
    "hasil_penjualan",
    "price_min",
    "price_max",
    "target_price",
    "estimated_value",
}


def _value_text(field, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if getattr(field, "name", None) in MONEY_FIELDS and isinstance(value, int | float | str):
        try:
            return format_rupiah(int(value))
        except (TypeError, ValueError):
            return str(value)
    if isinstance(value, bool):
        return gettext("ya") if value else gettext("tidak")
    if isinstance(value, list):
        return ", ".join(_value_text(field, v) for v in value) or "–"
    if isinstance(value, dict):
        return ", ".join(f"{_words(str(k))}: {_value_text(None, v)}" for k, v in value.items())
    choices = getattr(field, "flatchoices", None) if field is not None else None
    if choices:
        for key, label in choices:
            if str(key) == str(value):
                return str(label)
    return str(value)


@dataclass(frozen=True)
class ChangeRow:
    field: str
    old: str
    new: str
    created: bool  # no old value: the row reads "field: new"


# A history row shows the start of a long text; the stored row keeps all of it.
VALUE_MAX_CHARS = 300


def _short(text: str) -> str:
    return text if len(text) <= VALUE_MAX_CHARS else text[: VALUE_MAX_CHARS - 1].rstrip() + "…"


def change_rows(entry) -> list[ChangeRow]:
    """An audit row's `changes` as labelled, readable pairs (long values shortened)."""
    rows = []
    for name, pair in (entry.changes or {}).items():
        if isinstance(pair, (list, tuple)) and len(pair) == 2:
            old, new = pair
        else:
            old, new = None, pair
        field = _model_field(entry.object_type, name)
        rows.append(
            ChangeRow(
                field=field_label(entry.object_type, name),
                old=_short(_value_text(field, old)),
                new=_short(_value_text(field, new)),
                created=old in (None, "", []),
            )
        )
    return rows

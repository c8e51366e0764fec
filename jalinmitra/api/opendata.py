"""Open data: the public programme statistics as CSV and JSON, one URL per dataset, with the
metadata Satu Data Indonesia asks of a government dataset (Perpres 39/2019: judul, produsen
data, periode, satuan, frekuensi, definisi). No personal data; groups under three hidden."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext_lazy as _

DATASETS: dict[str, dict] = {
    "ringkasan": {
        "title": _("Ringkasan program kemitraan"),
        "unit": _("usaha, perjanjian, rupiah"),
        "columns": ["indikator", "nilai"],
        "definitions": {
            "registered": _("Usaha yang terdaftar sampai akhir periode."),
            "verified": _("Usaha yang sudah diverifikasi petugas."),
            "transacting": _("Usaha mikro/kecil dengan penjualan terkonfirmasi dalam periode."),
            "active_agreements": _("Perjanjian kemitraan yang berjalan dalam periode."),
            "delivered": _("Nilai penjualan UMK yang dikonfirmasi kedua pihak (Rp)."),
            "micro_total": _("Usaha mikro terdaftar."),
            "micro_active": _("Usaha mikro yang bertransaksi dalam periode."),
            "events": _("Temu usaha dalam periode."),
            "meetings_held": _("Pertemuan yang terlaksana pada temu usaha."),
        },
    },
    "bulanan": {
        "title": _("Nilai penjualan UMK per bulan"),
        "unit": _("rupiah; usaha"),
        "key": "months",
        "columns": ["bulan", "nilai_penjualan", "jumlah_usaha"],
        "definitions": {
            "nilai_penjualan": _("Nilai pengiriman terkonfirmasi dalam bulan itu (Rp)."),
            "jumlah_usaha": _("Usaha mikro/kecil yang menjual dalam bulan itu."),
        },
    },
    "sektor": {
        "title": _("Nilai penjualan UMK per sektor (KBLI)"),
        "unit": _("rupiah; usaha"),
        "key": "sectors",
        "columns": ["sektor", "nilai_penjualan", "jumlah_usaha"],
        "definitions": {
            "sektor": _("Kategori KBLI usaha mikro/kecil."),
            "nilai_penjualan": _("Nilai pengiriman terkonfirmasi dalam periode (Rp)."),
            "jumlah_usaha": _("Usaha mikro/kecil yang menjual."),
        },
    },
    "kecamatan": {
        "title": _("Nilai penjualan UMK per kecamatan"),
        "unit": _("rupiah; usaha"),
        "key": "kecamatan",
        "columns": ["kecamatan", "nilai_penjualan", "jumlah_usaha"],
        "definitions": {
            "kecamatan": _("Kecamatan tempat usaha mikro/kecil."),
            "nilai_penjualan": _("Nilai pengiriman terkonfirmasi dalam periode (Rp)."),
            "jumlah_usaha": _("Usaha mikro/kecil yang menjual."),
        },
    },
}

SUMMARY_KEYS = list(DATASETS["ringkasan"]["definitions"])


def rows_of(name: str, stats: dict) -> list[list]:
    spec = DATASETS[name]
    if name == "ringkasan":
        return [[key, stats[key]] for key in SUMMARY_KEYS]
    return [[r["label"], r["delivered"], r["businesses"]] for r in stats[spec["key"]]]


def metadata(name: str, stats: dict, *, urls: dict[str, str]) -> dict:
    spec = DATASETS[name]
    return {
        "judul": str(spec["title"]),
        "produsen_data": stats["city"],
        "kode_wilayah": stats["city_code"],
        "periode": {
            "mulai": stats["period_start"].isoformat(),
            "sampai": stats["period_end"].isoformat(),
        },
        "tahun": stats["year"],
        "satuan": str(spec["unit"]),
        "frekuensi": str(_("harian (diperbarui tiap hari oleh tugas berkala)")),
        "kolom": spec["columns"],
        "definisi": {k: str(v) for k, v in spec["definitions"].items()},
        "catatan": str(
            _("Angka dari kurang dari 3 usaha disembunyikan (kosong). Tanpa data pribadi.")
        ),
        "lisensi": "CC BY 4.0",
        "distribusi": urls,
    }


def as_csv(name: str, stats: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(DATASETS[name]["columns"])
    for row in rows_of(name, stats):
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue()

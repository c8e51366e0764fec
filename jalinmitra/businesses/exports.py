"""The officers' filtered list of businesses as an XLSX workbook."""

import io
from collections.abc import Iterable

from django.utils import timezone

from jalinmitra.businesses.models import Business
from jalinmitra.core.spreadsheets import safe_row

RUPIAH_FORMAT = '"Rp"#,##0'
DATE_FORMAT = "DD/MM/YYYY"

# header, width, kind: text | id (digits kept as text) | rupiah | date | int
COLUMNS = [
    ("No", 6, "int"),
    ("Nama usaha", 32, "text"),
    ("Bentuk usaha", 14, "text"),
    ("NIB", 16, "id"),
    ("NPWP", 19, "id"),
    ("Nama pemilik", 24, "text"),
    ("NIK pemilik", 19, "id"),
    ("Alamat", 32, "text"),
    ("Kelurahan/desa", 20, "text"),
    ("Kecamatan", 18, "text"),
    ("Kode wilayah", 15, "id"),
    ("No. WhatsApp", 16, "id"),
    ("Email", 24, "text"),
    ("KBLI utama", 11, "id"),
    ("Uraian KBLI utama", 40, "text"),
    ("KBLI lain", 16, "text"),
    ("Modal usaha", 18, "rupiah"),
    ("Hasil penjualan tahunan", 20, "rupiah"),
    ("Skala usaha", 12, "text"),
    ("Status verifikasi", 16, "text"),
    ("Sertifikat berlaku", 36, "text"),
    ("Didaftarkan petugas", 12, "text"),
    ("Tanggal terdaftar", 14, "date"),
]


def _row(number: int, business: Business, today, include_nik: bool) -> list:
    region = business.region
    kecamatan = region.parent if region is not None else None
    links = list(business.kbli_links.all())
    primary = next((link.kbli for link in links if link.is_primary), None)
    certificates = [
        f"{c.get_kind_display()} {c.number}"
        + (f" (s.d. {c.expires_on:%d/%m/%Y})" if c.expires_on else "")
        for c in business.certifications.all()
        if c.expires_on is None or c.expires_on >= today
    ]
    return [
        number,
        business.name,
        business.get_legal_form_display(),
        business.nib or "",
        business.npwp,
        business.owner_name,
        business.owner_nik if include_nik else business.masked_nik,
        business.address,
        region.name if region else "",
        kecamatan.name if kecamatan else "",
        region.code if region else "",
        business.whatsapp,
        business.email,
        primary.code if primary else "",
        primary.title if primary else "",
        ", ".join(link.kbli.code for link in links if not link.is_primary),
        business.modal_usaha,
        business.hasil_penjualan,
        business.get_size_class_display() if business.size_class else "",
        business.get_status_display(),
        "; ".join(certificates),
        "ya" if business.assisted else "",
        timezone.localtime(business.created_at).date(),
    ]


def businesses_xlsx(businesses: Iterable[Business], *, include_nik: bool) -> bytes:
    """One sheet, one business per row. Pass a queryset from ``businesses_filter`` (it
    prefetches regions, KBLI and certifications, so this adds no query per row)."""
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Usaha"
    sheet.append([header for header, _, _ in COLUMNS])
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
    for i, (_, width, _) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    formats = {"id": "@", "rupiah": RUPIAH_FORMAT, "date": DATE_FORMAT}
    today = timezone.localdate()
    for number, business in enumerate(businesses, start=1):
        # Names and addresses are typed by users: none may reach Excel as a formula.
        sheet.append(safe_row(_row(number, business, today, include_nik)))
        for cell, (_, _, kind) in zip(sheet[sheet.max_row], COLUMNS, strict=True):
            if kind in formats:
                cell.number_format = formats[kind]
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{sheet.max_row}"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()

"""Messages of the pure validators (core.identifiers, core.money) in the reader's language.

Those modules import no Django and raise ``ValueError`` with an Indonesian message. Where such a
message becomes a form or import error, it goes through :func:`value_error_text`, which knows
their sentence shapes and rebuilds them from gettext templates; anything else passes unchanged.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

_PHONE_EXAMPLE = re.escape("contoh: 0812-3456-7890")
_PARSE_HELP = re.escape('contoh yang benar: "Rp1.250.000", "1250000", "1,5 juta", "500 ribu"')

_SHAPES: list[tuple[re.Pattern, object]] = [
    (re.compile(r"^(?P<label>NIK|NPWP|NIB) belum diisi$"), _("%(label)s belum diisi")),
    (
        re.compile(r"^(?P<label>NIK|NPWP|NIB) hanya boleh berisi angka$"),
        _("%(label)s hanya boleh berisi angka"),
    ),
    (
        re.compile(r"^NIK harus 16 angka \(yang diisi (?P<n>\d+) angka\)$"),
        _("NIK harus 16 angka (yang diisi %(n)s angka)"),
    ),
    (
        re.compile(r"^NIK tidak valid: kode provinsi (?P<code>\d+) tidak dikenal$"),
        _("NIK tidak valid: kode provinsi %(code)s tidak dikenal"),
    ),
    (
        re.compile(r"^NIK tidak valid: kode kabupaten/kota atau kecamatan tidak boleh 00$"),
        _("NIK tidak valid: kode kabupaten/kota atau kecamatan tidak boleh 00"),
    ),
    (
        re.compile(r"^NIK tidak valid: tanggal lahir tidak masuk akal$"),
        _("NIK tidak valid: tanggal lahir tidak masuk akal"),
    ),
    (
        re.compile(r"^NIK tidak valid: nomor urut tidak boleh 0000$"),
        _("NIK tidak valid: nomor urut tidak boleh 0000"),
    ),
    (
        re.compile(
            r"^NPWP harus 16 angka, atau 15 angka untuk NPWP lama \(yang diisi (?P<n>\d+) angka\)$"
        ),
        _("NPWP harus 16 angka, atau 15 angka untuk NPWP lama (yang diisi %(n)s angka)"),
    ),
    (
        re.compile(r"^NPWP tidak valid: angka pemeriksa tidak cocok; periksa kembali$"),
        _("NPWP tidak valid: angka pemeriksa tidak cocok; periksa kembali"),
    ),
    (
        re.compile(r"^NPWP 16 angka ini berupa NIK, tetapi (?P<inner>.+)$"),
        _("NPWP 16 angka ini berupa NIK, tetapi %(inner)s"),
    ),
    (
        re.compile(r"^NIB harus 13 angka \(yang diisi (?P<n>\d+) angka\)$"),
        _("NIB harus 13 angka (yang diisi %(n)s angka)"),
    ),
    (re.compile(r"^Nomor WhatsApp belum diisi$"), _("Nomor WhatsApp belum diisi")),
    (
        re.compile(
            rf"^Nomor WhatsApp hanya boleh berisi angka, spasi atau tanda -; {_PHONE_EXAMPLE}$"
        ),
        _("Nomor WhatsApp hanya boleh berisi angka, spasi atau tanda -; contoh: 0812-3456-7890"),
    ),
    (
        re.compile(r"^Nomor WhatsApp harus nomor Indonesia \(\+62\)$"),
        _("Nomor WhatsApp harus nomor Indonesia (+62)"),
    ),
    (
        re.compile(
            rf"^Nomor (?P<number>.+) bukan nomor HP; masukkan nomor HP yang diawali 08, {_PHONE_EXAMPLE}$"
        ),
        _(
            "Nomor %(number)s bukan nomor HP; masukkan nomor HP yang diawali 08, "
            "contoh: 0812-3456-7890"
        ),
    ),
    (
        re.compile(rf"^Nomor (?P<number>.+) bukan nomor HP yang dikenali; {_PHONE_EXAMPLE}$"),
        _("Nomor %(number)s bukan nomor HP yang dikenali; contoh: 0812-3456-7890"),
    ),
    (
        re.compile(
            r"^Nomor HP harus 10–13 angka termasuk 0 di depan \(yang diisi (?P<n>\d+)\); "
            rf"{_PHONE_EXAMPLE}$"
        ),
        _(
            "Nomor HP harus 10–13 angka termasuk 0 di depan (yang diisi %(n)s); "
            "contoh: 0812-3456-7890"
        ),
    ),
    (re.compile(r"^Jumlah uang belum diisi$"), _("Jumlah uang belum diisi")),
    (re.compile(r"^Jumlah uang tidak valid$"), _("Jumlah uang tidak valid")),
    (
        re.compile(rf'^"(?P<text>.*)" bukan jumlah uang yang dikenali; {_PARSE_HELP}$'),
        _(
            '"%(text)s" bukan jumlah uang yang dikenali; contoh yang benar: "Rp1.250.000", '
            '"1250000", "1,5 juta", "500 ribu"'
        ),
    ),
    (
        re.compile(r'^"(?P<text>.*)" bukan jumlah uang yang dikenali$'),
        _('"%(text)s" bukan jumlah uang yang dikenali'),
    ),
    (
        re.compile(
            r'^Satuan "(?P<unit>.*)" tidak dikenali; gunakan ribu, juta, miliar, atau triliun$'
        ),
        _('Satuan "%(unit)s" tidak dikenali; gunakan ribu, juta, miliar, atau triliun'),
    ),
    (
        re.compile(r'^"(?P<text>.*)" menghasilkan pecahan rupiah; jumlah harus bulat$'),
        _('"%(text)s" menghasilkan pecahan rupiah; jumlah harus bulat'),
    ),
]


def value_error_text(message: object) -> str:
    """A pure validator's message in the active language."""
    text = str(message)
    for pattern, template in _SHAPES:
        m = pattern.match(text)
        if m:
            params = m.groupdict()
            if "inner" in params:
                params["inner"] = value_error_text(params["inner"])
            return str(template) % params
    return text

"""Exported cells cannot run as formulas; uploaded XLSX files are sized up before parsing."""

import datetime
import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from jalinmitra.core.spreadsheets import safe_cell, safe_row, xlsx_check


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://x","klik")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
)
def test_formula_text_becomes_text(text):
    assert safe_cell(text) == "'" + text


def test_ordinary_values_stay_as_they_are():
    today = datetime.date(2026, 11, 30)
    assert safe_row(["Toko Sinar", 12, -5, 3.5, None, today, "", "a=b"]) == [
        "Toko Sinar",
        12,
        -5,
        3.5,
        None,
        today,
        "",
        "a=b",
    ]


def test_safe_cell_keeps_a_formula_out_of_a_workbook():
    workbook = openpyxl.Workbook()
    workbook.active.append(safe_row(['=HYPERLINK("http://x","klik")', -7]))
    out = io.BytesIO()
    workbook.save(out)
    sheet = openpyxl.load_workbook(io.BytesIO(out.getvalue())).active
    assert sheet["A1"].data_type == "s"
    assert sheet["B1"].value == -7


def _xlsx(rows=3, cols=3) -> bytes:
    workbook = openpyxl.Workbook()
    for r in range(rows):
        workbook.active.append([f"r{r}c{c}" for c in range(cols)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_an_ordinary_xlsx_passes():
    xlsx_check(_xlsx())


def test_a_zip_bomb_is_refused_before_parsing():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * (60 * 1024 * 1024) + b"</a>")
    data = out.getvalue()
    assert len(data) < 1024 * 1024
    with pytest.raises(ValidationError) as e:
        xlsx_check(data)
    assert e.value.code == "xlsx_too_large"
    assert "terlalu besar setelah dibuka" in str(e.value)


def test_a_densely_packed_member_is_refused_even_when_small_in_total():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/sharedStrings.xml", b"x" * (5 * 1024 * 1024))
    with pytest.raises(ValidationError) as e:
        xlsx_check(out.getvalue())
    assert e.value.code == "xlsx_too_large"


def test_a_sheet_declaring_too_many_rows_is_refused():
    with pytest.raises(ValidationError) as e:
        xlsx_check(_xlsx(rows=30, cols=2), max_rows=20)
    assert e.value.code == "xlsx_dimension"
    assert "30 baris" in str(e.value)
    with pytest.raises(ValidationError) as e:
        xlsx_check(_xlsx(rows=2, cols=12), max_columns=10)
    assert e.value.code == "xlsx_dimension"


def test_not_a_zip_is_refused():
    with pytest.raises(ValidationError) as e:
        xlsx_check(b"PK not really")
    assert e.value.code == "xlsx_unreadable"

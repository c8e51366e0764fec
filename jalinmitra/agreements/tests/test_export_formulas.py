"""The agreements register export writes user-typed text that looks like a formula as text
(issue 8, item 11)."""

import io

import openpyxl
import pytest
from django.urls import reverse

from jalinmitra.businesses.services import business_update

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://jahat.example","klik")'


def test_register_xlsx_keeps_formula_like_names_as_text(client, officer, agreement):
    business_update(actor=officer, business=agreement.small_party, data={"name": EVIL})
    business_update(actor=officer, business=agreement.large_party, data={"name": "@SUM(A1)"})
    client.force_login(officer)
    response = client.get(reverse("agreements:list"), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    row = {h: c for h, c in zip(header, sheet[2], strict=True)}
    assert row["Pihak Pertama"].data_type == "s"
    assert row["Pihak Pertama"].value == "'" + EVIL
    assert row["Pihak Kedua"].value == "'@SUM(A1)"
    assert isinstance(row["Nilai (Rp)"].value, int)

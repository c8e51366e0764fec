"""The event schedule export writes user-typed text that looks like a formula as text
(issue 8, item 11)."""

import io

import openpyxl
import pytest
from django.urls import reverse

from jalinmitra.businesses.services import business_update
from jalinmitra.events import services

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://jahat.example","klik")'


def test_schedule_xlsx_keeps_formula_like_names_as_text(client, officer, alice, cast, event):
    business_update(actor=officer, business=alice[1], data={"name": EVIL})
    business_update(actor=officer, business=cast["carol"].business, data={"name": "+62 Toko"})
    r = services.meeting_request_create(
        actor=officer, from_participant=cast["alice"], to_participant=cast["carol"]
    )
    services.meeting_request_accept(actor=officer, request=r)
    services.schedule_run_create(actor=officer, event=event, background=False)
    client.force_login(officer)
    response = client.get(reverse("events:schedule_xlsx", args=[event.pk]))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [c for row in workbook["Jadwal"].iter_rows() for c in row]
    cells += [c for row in workbook["Meja per slot"].iter_rows() for c in row]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert "'" + EVIL in texts
    assert "'+62 Toko" in texts
    assert all(c.data_type != "f" for c in cells)
    assert not any(t.startswith(("=", "+", "@")) for t in texts)

"""The officer's click-to-chat page reads the admins' templates once, however many
recipients it lists (no query per message)."""

import urllib.parse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jalinmitra.notifications import services
from jalinmitra.notifications.models import MessageTemplate, Preference
from jalinmitra.testing import make_owner

pytestmark = pytest.mark.django_db

SIGN = {"number": "PK/2026/0007", "small": "Keripik Bu Alice", "large": "PT Sari Rasa"}


def _recipients(officer, start: int, count: int) -> None:
    users = []
    for i in range(start, start + count):
        user, _business = make_owner(
            officer=officer,
            username=f"mikro{i}",
            name=f"Usaha Mikro {i}",
            nik=f"1872015003800{i + 1:03d}",
            nib=f"99999{i:08d}",
            whatsapp=f"0812000{i:05d}",
        )
        Preference.objects.create(user=user, whatsapp=True, whatsapp_consent_at=timezone.now())
        users.append(user)
    services.notify(
        event="agreement.ready_to_sign",
        recipients=users,
        context=SIGN,
        url="/perjanjian/7/",
        phones={u.pk: f"0812000{i:05d}" for i, u in enumerate(users, start)},
    )


def _page(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/pemberitahuan/whatsapp/")
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_queries_do_not_grow_with_the_recipients(client_of, officer):
    MessageTemplate.objects.create(
        kind="agreement.ready_to_sign",
        language="id",
        title="Tanda tangani {number}",
        body="Silakan datang ke kantor.",
    )
    client = client_of(officer)
    _recipients(officer, 0, 2)
    _page(client)  # the first page of a session writes the session once
    page, few = _page(client)
    assert page.count("https://wa.me/62812000") == 2
    # The admin's Indonesian text is the prefilled message.
    assert urllib.parse.quote("*Tanda tangani PK/2026/0007*") in page
    _recipients(officer, 2, 10)
    page, many = _page(client)
    assert page.count("https://wa.me/62812000") == 12
    assert many == few

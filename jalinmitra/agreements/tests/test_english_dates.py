"""The agreement page's term follows the language switch (the PDF stays Indonesian)."""

import pytest
from django.urls import reverse

from jalinmitra.core.dates import BULAN

pytestmark = pytest.mark.django_db


def test_agreement_term_in_english(client, officer, agreement):
    client.force_login(officer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    start = agreement.start_date
    english = start.strftime("%B")
    assert f"{start.day} {english} {start.year}" in html
    if BULAN[start.month - 1] != english:
        assert f"{start.day} {BULAN[start.month - 1]} {start.year}" not in html

"""The public verification page under load (issue 14): kept whole for anonymous visitors
(core.pagecache) and seen changed at once; when worked out, narrow reads, the witnesses only
when the agreement was witnessed, and the same facts shown."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from jalinmitra.core import pagecache


def _view_queries(client, code: str) -> list[str]:
    """The queries the page makes when worked out (no kept page), without the page cache's
    (the city for the page is kept per process: read by a first visit)."""
    client.get(f"/v/{code}")
    pagecache.changed()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(f"/v/{code}").status_code == 200
    return [
        q["sql"]
        for q in ctx.captured_queries
        if "jalinmitra_cache" not in q["sql"]
        and "jalinmitra_page_cache" not in q["sql"]
        and "core_auditlog" not in q["sql"]
        and "SAVEPOINT" not in q["sql"]
    ]


def test_unwitnessed_agreement_is_one_narrow_query(client, signed):
    sql = _view_queries(client, signed.code)
    assert len(sql) == 1
    assert '"businesses_business"."name"' in sql[0]
    assert '"businesses_business"."owner_nik"' not in sql[0]  # no personal data read


def test_witnessed_agreement_names_its_witnesses(client, witnessed, witnesses):
    sql = _view_queries(client, witnessed.code)
    assert len(sql) == 2
    body = client.get(f"/v/{witnessed.code}").content.decode()
    official = witnesses[0]
    assert f"{official.name} ({official.title})" in body
    assert witnessed.small_party.name in body and witnessed.large_party.name in body


def test_a_repeat_visit_is_kept_and_sees_every_change(
    client, signed, witnesses, officer, tmp_path, settings
):
    from jalinmitra.agreements import services
    from jalinmitra.businesses.services import business_update

    url = f"/v/{signed.code}"
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        body = client.get(url).content.decode()
    assert len(ctx.captured_queries) == 2  # the token and the page; the newest audit row
    assert witnesses[0].name not in body
    settings.MEDIA_ROOT = tmp_path
    services.agreement_witness(actor=officer, agreement=signed, witnesses=witnesses[:1])
    assert witnesses[0].name in client.get(url).content.decode()
    business_update(actor=officer, business=signed.small_party, data={"name": "Keripik Nama Baru"})
    assert "Keripik Nama Baru" in client.get(url).content.decode()
    # an official renamed in the admin (no audit row): the save renews the token
    witnesses[0].name = "Ir. Nama Pejabat Baru"
    witnesses[0].save()
    assert "Ir. Nama Pejabat Baru" in client.get(url).content.decode()


def test_the_upload_form_carries_the_visitors_own_token(client, signed):
    from django.test import Client

    url = f"/v/{signed.code}"
    pattern = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    first = pattern.findall(client.get(url).content.decode())
    other = Client()
    second = pattern.findall(other.get(url).content.decode())
    assert first and second and first != second
    assert pagecache.PLACEHOLDER not in "".join(first + second)
    assert "csrftoken" in other.cookies

"""The public verification page under load (issue 14): narrow reads, the witnesses only when the
agreement was witnessed, and the same facts shown."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def _queries(client, code: str) -> list[str]:
    client.get(f"/v/{code}")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(f"/v/{code}").status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def test_unwitnessed_agreement_is_one_narrow_query(client, signed):
    sql = _queries(client, signed.code)
    assert len(sql) == 1
    assert '"businesses_business"."name"' in sql[0]
    assert '"businesses_business"."owner_nik"' not in sql[0]  # no personal data read


def test_witnessed_agreement_names_its_witnesses(client, witnessed, witnesses):
    sql = _queries(client, witnessed.code)
    assert len(sql) == 2
    body = client.get(f"/v/{witnessed.code}").content.decode()
    official = witnesses[0]
    assert f"{official.name} ({official.title})" in body
    assert witnessed.small_party.name in body and witnessed.large_party.name in body

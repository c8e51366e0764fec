import csv
import io

import pytest

from jalinmitra.api.opendata import DATASETS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", list(DATASETS))
def test_each_dataset_json_with_metadata_and_csv(client, name, alice, bob, carol):
    body = client.get(f"/data-terbuka/{name}.json").json()
    meta = body["metadata"]
    for key in ("judul", "produsen_data", "periode", "satuan", "frekuensi", "definisi"):
        assert meta[key], key
    assert meta["produsen_data"] == "Pemerintah Kota Metro"
    assert meta["distribusi"]["csv"].endswith(f"/data-terbuka/{name}.csv?tahun={meta['tahun']}")
    r = client.get(f"/data-terbuka/{name}.csv")
    assert r["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.content.decode())))
    assert rows[0] == DATASETS[name]["columns"]
    assert len(rows) - 1 == len(body["data"])


def test_summary_matches_the_statistics_page_rule(client, officer, alice, bob):
    from jalinmitra.testing import make_business

    make_business(officer=officer, name="Tempe Pak Dedi", nib="1234567890199")
    data = {
        r["indikator"]: r["nilai"]
        for r in client.get("/data-terbuka/ringkasan.json").json()["data"]
    }
    assert data["registered"] == 3  # three micro businesses: shown
    raw = client.get("/data-terbuka/ringkasan.csv").content.decode()
    assert "Alice" not in raw and "1872014506900001" not in raw


def test_small_group_hidden(client, alice):
    data = {
        r["indikator"]: r["nilai"]
        for r in client.get("/data-terbuka/ringkasan.json").json()["data"]
    }
    assert data["registered"] is None  # one business: suppressed


def test_unknown_dataset_404_and_index(client):
    assert client.get("/data-terbuka/nik.json").status_code == 404
    assert client.get("/data-terbuka/ringkasan.xml").status_code == 404
    page = client.get("/data-terbuka/")
    assert page.status_code == 200 and b"ringkasan.csv" in page.content


def test_refresh_command(capsys):
    from django.core.management import call_command

    call_command("refresh_open_data")
    assert "data terbuka diperbarui" in capsys.readouterr().out


def test_province_page_officers_only(client, client_of, officer, alice, settings):
    settings.PROVINCE_INSTANCES = [{"name": "Kota Mati", "url": "http://127.0.0.1:9", "token": "x"}]
    assert client.get("/provinsi/rekap/").status_code == 302
    page = client_of(officer).get("/provinsi/rekap/")
    assert page.status_code == 200 and "Kota Mati" in page.content.decode()
    assert "Tidak menjawab" in page.content.decode()
    assert client_of(alice[0]).get("/provinsi/rekap/").status_code == 403

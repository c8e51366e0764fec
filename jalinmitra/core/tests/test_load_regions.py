from pathlib import Path

import pytest
from django.core.management import call_command

from jalinmitra.core.models import Region


@pytest.mark.django_db
def test_load_regions_adds_only_the_prefix_and_skips_existing(tmp_path: Path):
    csv_path = tmp_path / "wilayah.csv"
    csv_path.write_text(
        "code,level,name,parent\n"
        "33,provinsi,Jawa Tengah,\n"
        "33.74,kabkota,Kota Semarang,33\n"
        "33.74.01,kecamatan,Semarang Tengah,33.74\n"
        "33.74.01.1001,desa,Miroto,33.74.01\n"
        "33.74.99,kecamatan,Kecamatan Uji,33.74\n"
        "33.11.99,kecamatan,Di Luar Prefiks,33.11\n",
        encoding="utf-8",
    )
    before = Region.objects.count()
    call_command("load_regions", str(csv_path), prefix="33.74")
    assert Region.objects.filter(code="33.74.01.1001", parent_id="33.74.01").exists()
    assert not Region.objects.filter(code="33.11.99").exists()
    after = Region.objects.count()
    assert after - before == 2  # the desa and the test kecamatan; the rest ship already
    call_command("load_regions", str(csv_path), prefix="33.74")
    assert Region.objects.count() == after

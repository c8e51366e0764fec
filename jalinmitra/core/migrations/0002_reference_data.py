"""Load KBLI 2020 and the Kemendagri regions, and configure Kota Metro as the default city."""

from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def load(apps, schema_editor):
    from jalinmitra.core.services import kbli_load, regions_load

    Region = apps.get_model("core", "Region")
    KbliCode = apps.get_model("core", "KbliCode")
    City = apps.get_model("core", "City")
    Office = apps.get_model("core", "Office")
    regions_load(path=DATA / "wilayah.csv", region_model=Region)
    if not KbliCode.objects.filter(version="2020").exists():
        kbli_load(path=DATA / "kbli2020.csv", version="2020", kbli_model=KbliCode)
    if not City.objects.exists():
        city = City.objects.create(
            name="Pemerintah Kota Metro",
            short_name="Kota Metro",
            code="KMT",
            region_id="18.72",
            address="Kota Metro, Lampung",
        )
        Office.objects.create(
            city=city,
            code="DPMPTSP",
            name="Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
            order=1,
        )
        Office.objects.create(
            city=city,
            code="DKUMP",
            name="Dinas Koperasi, UMKM dan Perindustrian",
            order=2,
        )


def unload(apps, schema_editor):
    apps.get_model("core", "City").objects.all().delete()
    apps.get_model("core", "KbliCode").objects.all().delete()
    apps.get_model("core", "Region").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]

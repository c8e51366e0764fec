"""Configure the city this instance runs for: name, region, letter code, agreement number
pattern, offices and officials, from a JSON file (see jalinmitra/api/cities/*.json):
``manage.py city_configure jalinmitra/api/cities/bandar-lampung.json`` or ``--preset
bandar-lampung``. Through the core services (audited as "sistem"). Offices of the same code are
updated, the others kept; the officials are replaced by the file's."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from jalinmitra.core.models import City, Office, Official, Region
from jalinmitra.core.services import city_update, office_save, official_delete, official_save

PRESETS = Path(__file__).resolve().parents[2] / "cities"


def city_configure(config: dict) -> City:
    with transaction.atomic():
        city = City.objects.select_for_update().get()
        data = dict(config["city"])
        try:
            data["region"] = Region.objects.get(code=data["region"])
        except Region.DoesNotExist as e:
            raise CommandError(f"kode wilayah tidak dikenal: {data['region']}") from e
        city_update(actor=None, city=city, data=data)
        offices = {o.code: o for o in city.offices.all()}
        for spec in config.get("offices", []):
            office = offices.get(spec["code"]) or Office(city=city, code=spec["code"])
            office.name = spec["name"]
            office.order = spec.get("order", 0)
            offices[spec["code"]] = office_save(actor=None, office=office)
        for official in list(city.officials.all()):
            official_delete(actor=None, official=official)
        for spec in config.get("officials", []):
            official_save(
                actor=None,
                official=Official(
                    city=city,
                    office=offices.get(spec.get("office") or ""),
                    name=spec["name"],
                    title=spec["title"],
                    nip=spec.get("nip", ""),
                    is_witness=spec.get("is_witness", True),
                    order=spec.get("order", 0),
                ),
            )
    return city


class Command(BaseCommand):
    help = "Atur pemerintah daerah (nama, wilayah, kode, pola nomor, perangkat daerah, pejabat)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=None)
        parser.add_argument("--preset", default=None, help="nama berkas di jalinmitra/api/cities")

    def handle(self, *args, file=None, preset=None, **options):
        if preset:
            path = PRESETS / f"{preset}.json"
        elif file:
            path = Path(file)
        else:
            raise CommandError("sebutkan berkas JSON atau --preset")
        if not path.exists():
            raise CommandError(f"tidak ada: {path}")
        city = city_configure(json.loads(path.read_text(encoding="utf-8")))
        self.stdout.write(f"kota diatur: {city.name} ({city.region_id}, {city.code})")

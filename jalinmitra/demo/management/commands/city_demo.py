"""``manage.py city_demo bandar-lampung``: configure the second city and load its small demo
(see jalinmitra/demo/second_city.py). Safe to run again."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management.base import BaseCommand, CommandError

from jalinmitra.core.selectors import city_current
from jalinmitra.demo.second_city import LOGINS, second_city_demo_create


class Command(BaseCommand):
    help = (
        "Atur kota kedua dari presetnya dan muat data demo kecilnya: akun demo, 10 usaha "
        "mikro, 2 usaha besar, penawaran, kebutuhan, temu usaha, dan 2 perjanjian. Aman dijalankan ulang."
    )

    def add_arguments(self, parser):
        parser.add_argument("preset", nargs="?", default="bandar-lampung")
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Jalankan juga bila DEBUG mati (kata sandi akun demo tercetak di sini).",
        )

    def handle(self, *args, preset="bandar-lampung", **options):
        if not settings.DEBUG and not options["allow_without_debug"]:
            raise CommandError(
                "DEBUG mati: data demo membuat akun dengan kata sandi yang diketahui umum. "
                "Pakai --allow-without-debug bila ini memang server demo atau pelatihan."
            )
        try:
            result = second_city_demo_create(preset=preset)
        except (ImproperlyConfigured, ValidationError) as e:
            raise CommandError(str(e)) from e
        out = self.stdout
        out.write(self.style.MIGRATE_HEADING(f"Data demo {city_current().short_name}"))
        for name, section in result.report.sections.items():
            out.write(f"  {name}: {section.created} dibuat, {section.existing} sudah ada")
        out.write(
            f"  Perjanjian kemitraan: {result.agreements_created} dibuat, "
            f"{result.agreements_existing} sudah ada"
        )
        out.write(f"  Temu usaha: {'dibuat' if result.event_created else 'sudah ada'}")
        if not result.created:
            out.write("  Tidak ada yang berubah: data demo sudah lengkap.")
        out.write("")
        out.write(self.style.MIGRATE_HEADING("Akun demo (nama pengguna / kata sandi)"))
        for login in LOGINS:
            out.write(
                f"  {login.role:<8} {login.username:<12} / {login.password:<24}  {login.note}"
            )

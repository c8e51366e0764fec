import datetime

from django.core.management.base import BaseCommand

from jalinmitra.agreements.services import agreements_remind_ending


class Command(BaseCommand):
    help = (
        "Kirim email pengingat kepada para pihak perjanjian yang berjalan dan berakhir dalam "
        "60 atau 30 hari. Setiap pengingat dikirim sekali."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", type=datetime.date.fromisoformat, help="Tanggal acuan (YYYY-MM-DD)"
        )

    def handle(self, *args, **options):
        sent = agreements_remind_ending(today=options.get("today"))
        self.stdout.write(f"{len(sent)} pengingat dikirim")
        for agreement, days in sent:
            self.stdout.write(f"  - {agreement} ({days} hari, berakhir {agreement.end_date})")

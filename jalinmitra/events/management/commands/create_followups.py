from django.core.management.base import BaseCommand

from jalinmitra.events.services import followups_create


class Command(BaseCommand):
    help = "Buat survei tindak lanjut 3 dan 6 bulan setelah temu usaha yang sudah jatuh tempo."

    def handle(self, *args, **options):
        count = followups_create()
        self.stdout.write(f"{count} survei tindak lanjut dibuat.")
        # Inbox, email and WhatsApp through the notification service; once per survey.
        from jalinmitra.events.services.notices import followups_notify

        self.stdout.write(f"{followups_notify()} survei tindak lanjut diberitahukan.")

from django.core.management.base import BaseCommand

from jalinmitra.events.services import meeting_requests_expire


class Command(BaseCommand):
    help = "Tandai kedaluwarsa permintaan bertemu yang belum dijawab setelah batas waktunya."

    def handle(self, *args, **options):
        count = meeting_requests_expire()
        self.stdout.write(f"{count} permintaan bertemu kedaluwarsa.")

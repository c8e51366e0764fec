from django.core.management.base import BaseCommand

from jalinmitra.events.choices import EventStatus
from jalinmitra.events.models import Event
from jalinmitra.events.services import participants_remind


class Command(BaseCommand):
    help = "Kirim pengingat kepada peserta temu usaha yang belum meminta bertemu dengan siapa pun."

    def add_arguments(self, parser):
        parser.add_argument("--event", type=int, help="ID acara; bawaan: semua acara yang dibuka")

    def handle(self, *args, **options):
        events = Event.objects.filter(status=EventStatus.OPEN)
        if options.get("event"):
            events = Event.objects.filter(pk=options["event"])
        for event in events:
            reminded = participants_remind(event=event)
            self.stdout.write(f"{event.name}: {len(reminded)} peserta belum meminta bertemu")
            for participant in reminded:
                self.stdout.write(
                    f"  - {participant.business.name} ({participant.get_role_display()})"
                )

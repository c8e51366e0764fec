from django.core.management.base import BaseCommand, CommandError

from jalinmitra.accounts.models import User
from jalinmitra.events.services import event_demo_create


class Command(BaseCommand):
    help = "Buat temu usaha demo Kota Metro (100 penjual, 6 pembeli × 2 meja, jadwal terbit)."

    def handle(self, *args, **options):
        actor = (
            User.objects.filter(role__in=["petugas", "admin"]).order_by("role", "id").first()
            or User.objects.filter(is_superuser=True).first()
        )
        if actor is None:
            raise CommandError("Belum ada petugas; jalankan `manage.py demo` dulu.")
        event = event_demo_create(actor=actor)
        meetings = event.meetings.exclude(status="cancelled").count()
        self.stdout.write(
            f"{event.name} (#{event.pk}): {event.participants.count()} peserta, "
            f"{len(event.slots)} slot, {meetings} pertemuan, status {event.get_status_display()}."
        )

"""Start the periodic tick (once; it reschedules itself while `db_worker` runs)."""

from django.core.management.base import BaseCommand

from jalinmitra.notifications.tasks import periodic_task_schedule


class Command(BaseCommand):
    help = "Mulai tugas berkala otomatis (berjalan selama db_worker berjalan)."

    def handle(self, *args, **options):
        queued = periodic_task_schedule()
        self.stdout.write(
            "Tugas berkala dijadwalkan." if queued else "Tugas berkala sudah terjadwal."
        )

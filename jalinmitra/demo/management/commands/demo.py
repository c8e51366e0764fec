import time

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management.base import BaseCommand, CommandError

from jalinmitra.accounts.models import User
from jalinmitra.agreements.choices import Status
from jalinmitra.businesses.models import Business
from jalinmitra.demo import data
from jalinmitra.demo.agreements import agreements_demo_create
from jalinmitra.demo.financing import financing_demo_create
from jalinmitra.demo.load import demo_counts, demo_load
from jalinmitra.demo.monitoring import monitoring_demo_create
from jalinmitra.demo.notifications import notifications_demo_create
from jalinmitra.demo.privacy import privacy_demo_create
from jalinmitra.events.choices import MeetingStatus
from jalinmitra.events.models import Event
from jalinmitra.events.services import DEMO_KEY, DEMO_TODAY_KEY, event_demo_create
from jalinmitra.matching.demo import feedback_demo_create


class Command(BaseCommand):
    help = (
        "Muat data demo program kemitraan Kota Metro: akun demo untuk setiap peran, pejabat "
        "saksi, 100 usaha mikro/kecil, 6 usaha menengah/besar, temu usaha dengan jadwal "
        "terbit, dan perjanjian kemitraan di setiap status. Aman dijalankan ulang."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help=(
                "Jalankan juga bila DEBUG mati (mis. server pelatihan). Kata sandi akun demo "
                "tercetak di sini: jangan dipakai di server produksi."
            ),
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_without_debug"]:
            raise CommandError(
                "DEBUG mati: data demo membuat akun dengan kata sandi yang diketahui umum. "
                "Pakai --allow-without-debug bila ini memang server demo atau pelatihan."
            )
        started = time.monotonic()
        try:
            report = demo_load()
            # After the businesses: the temu usaha, then the agreements between them.
            officer = User.objects.get(username=data.OFFICER_LOGIN)
            event_new = not Event.objects.filter(demo_key=DEMO_KEY).exists()
            event = event_demo_create(actor=officer)
            agreements = agreements_demo_create(officer=officer)
            deletion_request = privacy_demo_create(officer=officer)
            realisation = monitoring_demo_create(officer=officer)
            financing = financing_demo_create(officer=officer)  # KUR referrals (issue 13)
            notifications_demo_create(officer=officer)  # WhatsApp consent, click-to-chat (issue 11)
            feedback_demo_create(officer=officer)  # "tidak relevan", learnt weights (issue 15)
        except (ImproperlyConfigured, ValidationError) as e:
            raise CommandError(str(e)) from e
        elapsed = time.monotonic() - started

        out = self.stdout
        out.write(self.style.MIGRATE_HEADING("Data demo Kota Metro"))
        for name, section in report.sections.items():
            out.write(f"  {name}: {section.created} dibuat, {section.existing} sudah ada")
        counts = demo_counts()
        size, status = counts["size"], counts["status"]
        out.write(
            "  Skala usaha: "
            + ", ".join(f"{k or 'belum diketahui'} {v}" for k, v in sorted(size.items()))
        )
        out.write(
            "  Status verifikasi: " + ", ".join(f"{k} {v}" for k, v in sorted(status.items()))
        )
        meetings = (
            event.meetings.filter(published=True).exclude(status=MeetingStatus.CANCELLED).count()
        )
        out.write(
            f"  Temu usaha: {event.name} ({'dibuat' if event_new else 'sudah ada'}), "
            f"{event.participants.count()} peserta, {meetings} pertemuan terbit, "
            f"status {event.get_status_display()}"
        )
        today_event = Event.objects.filter(demo_key=DEMO_TODAY_KEY).first()
        if today_event is not None:
            out.write(
                f"  Temu usaha hari ini: {today_event.name} ({today_event.date:%d-%m-%Y}), "
                f"{today_event.participants.count()} peserta; coba kehadiran dan "
                f"'tidak hadir' di /temu-usaha/{today_event.pk}/hadir/"
            )
        out.write(
            f"  Perjanjian kemitraan: {agreements.created} dibuat, {agreements.existing} sudah ada"
            f" ({agreements.with_pdf} dengan PDF bertanda tangan); "
            + ", ".join(
                f"{label.lower()} {agreements.by_status[value]}"
                for value, label in Status.choices
                if agreements.by_status[value]
            )
        )
        out.write(
            f"  Realisasi kemitraan: {realisation.agreements} perjanjian dibuat untuk pemantauan, "
            f"{realisation.entries} catatan pengiriman/pembayaran dicatat; lihat /pemantauan/ "
            f"dan daftar kerja petugas /pemantauan/daftar-kerja/"
        )
        out.write(
            f"  Rujukan KUR: {financing.created} dibuat, {financing.existing} sudah ada, di dua "
            f"bank mitra (login bank dan bank2: /pembiayaan/bank/); pemilik umkm: /pembiayaan/"
        )
        if deletion_request is not None:
            out.write(
                f"  Permintaan hapus data: {deletion_request} "
                f"({deletion_request.get_status_display().lower()}), lihat /akun/permintaan-data/"
            )
        waiting = (
            Business.objects.filter(assisted=True, privacy_consent_at__isnull=True)
            .order_by("pk")
            .first()
        )
        if waiting is not None:
            out.write(
                f"  Menunggu persetujuan privasi pemilik: {waiting.name} (didaftarkan petugas, "
                f"belum bisa diverifikasi); pemilik menyetujui lewat tautan undangan dari "
                f"/usaha/{waiting.pk}/ atau di /usaha/{waiting.pk}/ubah/"
            )
        out.write(f"  Waktu: {elapsed:.1f} detik")
        if not (report.created or event_new or agreements.created):
            out.write("  Tidak ada yang berubah: data demo sudah lengkap.")

        out.write("")
        out.write(self.style.MIGRATE_HEADING("Akun demo (nama pengguna / kata sandi)"))
        width = max(len(login.username) for login in data.LOGINS)
        pw_width = max(len(login.password) for login in data.LOGINS)
        for login in data.LOGINS:
            out.write(
                f"  {login.role:<8} {login.username:<{width}} / {login.password:<{pw_width}}"
                f"  {login.note}"
            )

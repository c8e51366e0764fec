from django.core.management.base import BaseCommand

from jalinmitra.matching.services import signal_weights_activate, signal_weights_train


class Command(BaseCommand):
    help = (
        "Latih versi baru bobot sinyal pencocokan dari umpan balik pembeli dan petugas; "
        "dengan --activate, pakai bobot itu bila lebih baik dari bobot awal pada umpan balik uji."
    )

    def add_arguments(self, parser):
        parser.add_argument("--activate", action="store_true")

    def handle(self, *args, **options):
        weights = signal_weights_train(actor=None)
        self.stdout.write(
            f"Bobot v{weights.version}: {weights.weights}; pasangan latih {weights.trained_pairs}, "
            f"uji {weights.heldout_pairs}; ketepatan uji awal {weights.heldout_accuracy_hand:.3f}, "
            f"baru {weights.heldout_accuracy_learnt:.3f}."
        )
        if options["activate"]:
            if weights.better:
                signal_weights_activate(actor=None, weights=weights)
                self.stdout.write(f"Bobot v{weights.version} dipakai.")
            else:
                self.stdout.write("Tidak lebih baik dari bobot awal: tidak dipakai.")

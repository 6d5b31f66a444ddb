from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from programme.seeding import SEED_DIR, SeedError, load_seeds


class Command(BaseCommand):
    help = (
        "Load the programme's initial content from seeds/*.toml. Safe to run again: records "
        "that staff edited are kept, untouched ones follow the seed files."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed-dir", default=SEED_DIR, help="Folder of the seed files.")

    def handle(self, *args, seed_dir, **options):
        try:
            report = load_seeds(seed_dir=Path(seed_dir))
        except SeedError as error:
            raise CommandError(f"Nothing was loaded. {error}") from None
        for title, labels in (
            ("Created", report.created),
            ("Updated", report.updated),
            ("Kept (edited by staff since seeded)", report.kept),
            (
                "Kept deleted (staff deleted it; restore it from the recycle bin to seed it again)",
                report.kept_deleted,
            ),
        ):
            for label in labels:
                self.stdout.write(f"{title}: {label}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Seed: {len(report.created)} created, {len(report.updated)} updated, "
                f"{len(report.kept)} kept, {len(report.kept_deleted)} kept deleted, "
                f"{report.unchanged} unchanged."
            )
        )

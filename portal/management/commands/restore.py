from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backups import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into an empty database (one without tables: "
        "create it first) and an empty media storage, then check every media file against the "
        "backup's checksums. Refuses a database or media storage that has anything in it."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="A backup's folder, as `manage.py backup` names it.")

    def handle(self, *args, folder, verbosity, **options):
        folder = Path(folder)
        try:
            manifest, problems = restore_backup(folder=folder, verbosity=verbosity)
        except BackupError as error:
            raise CommandError(f"Nothing was restored. {error}") from None
        missing_then = manifest["missing_media"]
        if missing_then:
            self.stderr.write(
                self.style.WARNING(
                    f"Already missing when the backup was made ({len(missing_then)}): "
                    f"{', '.join(missing_then)}."
                )
            )
        if problems:
            raise CommandError(
                f"The database was restored, but not every media file: {'; '.join(problems)}. "
                "Restore those from another backup, or upload them again in admin."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the database and {len(manifest['media'])} media files from {folder}; "
                "every media file matches its checksum."
            )
        )

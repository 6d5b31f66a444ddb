from django.core.management.base import BaseCommand, CommandError

from portal.backups import BackupError, make_backup


class Command(BaseCommand):
    help = (
        "Back up the whole database (content, versions, old addresses, staff accounts and "
        "groups) and every media file into a new folder of DJANGO_BACKUP_DIR, with a manifest "
        "of their SHA-256 checksums. `manage.py restore FOLDER` restores it."
    )

    def handle(self, *args, verbosity, **options):
        try:
            folder, manifest = make_backup(verbosity=verbosity)
        except BackupError as error:
            raise CommandError(f"No backup was made. {error}") from None
        missing = manifest["missing_media"]
        if missing:
            self.stderr.write(
                self.style.WARNING(
                    "Missing from the media storage, though the database refers to them "
                    f"({len(missing)}): {', '.join(missing)}. The backup lacks them too: "
                    "upload them again in admin."
                )
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up the database and {len(manifest['media'])} media files to {folder}"
            )
        )

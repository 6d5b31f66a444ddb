from django.core.management.base import BaseCommand, CommandError

from portal.media import missing_files, referenced_files
from programme.transfer import TransferError, content_models, import_content


class Command(BaseCommand):
    help = (
        "Restore a file written by export_content into a database that has no programme content "
        "yet (run migrate first). All or nothing, in one transaction. Staff accounts are not in "
        "the file: create them again after the import. Copy the media files first: the import "
        "names those that the records refer to and the media storage lacks."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A JSON file written by export_content.")

    def handle(self, *args, file, **options):
        try:
            with open(file, encoding="utf-8") as stream:
                counts = import_content(stream=stream)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        except TransferError as error:
            raise CommandError(f"Nothing was imported. {error}") from None
        summary = ", ".join(f"{count} {label}" for label, count in counts.items())
        total = sum(counts.values())
        self.stdout.write(self.style.SUCCESS(f"Imported {total} records: {summary}."))
        # Reported, not refused: the records are staff's writing, which nothing else holds,
        # while a missing image can be copied or uploaded again once they are in.
        missing = missing_files(referenced_files(content_models()))
        if missing:
            self.stderr.write(
                self.style.WARNING(
                    "Missing from the media storage, though the records refer to them "
                    f"({len(missing)}): {', '.join(missing)}. Copy them there from the old site's "
                    "media folder, or upload them again in admin: until then they do not show."
                )
            )

from django.core.management.base import BaseCommand, CommandError

from programme.transfer import TransferError, import_content


class Command(BaseCommand):
    help = (
        "Restore a file written by export_content into a database that has no programme content "
        "yet (run migrate first). All or nothing, in one transaction. Staff accounts are not in "
        "the file: create them again after the import."
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

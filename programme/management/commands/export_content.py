import io

from django.core.management.base import BaseCommand, CommandError

from portal.media import missing_files, referenced_files
from programme.transfer import content_models, export_content


class Command(BaseCommand):
    help = (
        "Write all of the programme's content (every record in every language, with its links, "
        "publication and seed fields) to one JSON file, for backups and moves; import_content "
        "restores it. Content only: staff accounts and groups are not exported, and uploaded "
        "images are referred to by path (copy MEDIA_ROOT yourself); it names those missing. "
        "`manage.py backup` saves everything."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="File to write (standard output when not given).")

    def handle(self, *args, output, **options):
        if output is None:
            counts = export_content(stream=self.stdout)
            report = self.stderr
        else:
            # Written only once complete, so a failed export never leaves half a file.
            buffer = io.StringIO()
            counts = export_content(stream=buffer)
            try:
                with open(output, "w", encoding="utf-8") as stream:
                    stream.write(buffer.getvalue())
            except OSError as error:
                raise CommandError(f"Cannot write {output}: {error.strerror}") from None
            report = self.stdout
        summary = ", ".join(f"{count} {label}" for label, count in counts.items())
        report.write(self.style.SUCCESS(f"Exported {sum(counts.values())} records: {summary}."))
        missing = missing_files(referenced_files(content_models()))
        if missing:
            self.stderr.write(
                self.style.WARNING(
                    "Missing from the media storage, though the records refer to them "
                    f"({len(missing)}): {', '.join(missing)}. A copy of the media folder will "
                    "lack them too: upload them again in admin."
                )
            )

from django.core.management.base import BaseCommand

from programme.scheduling import publish_scheduled


class Command(BaseCommand):
    help = (
        "Apply the approved changes whose time has come and take down the records whose "
        "'unpublish at' has passed; the page cache is purged with them. Run it every few "
        "minutes (cron, a systemd timer)."
    )

    def handle(self, *args, **options):
        applied, taken_down = publish_scheduled()
        self.stdout.write(f"{applied} scheduled changes applied, {taken_down} records taken down.")

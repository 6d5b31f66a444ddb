import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from programme.publishing import publish_scheduled


class Command(BaseCommand):
    help = (
        "Apply the approved changes whose time has come and take down the records whose "
        "'unpublish at' has passed; the page cache is purged with them. Run it every minute "
        "(cron, a systemd timer), or let it repeat itself with --every."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=int,
            metavar="SECONDS",
            help="Run again every SECONDS seconds until stopped (make run uses 60).",
        )

    def handle(self, *args, every=None, **options):
        while True:
            applied, failed, taken_down = publish_scheduled()
            if applied or failed or taken_down or not every:
                self.stdout.write(
                    f"{applied} scheduled changes applied, {failed} could not be applied, "
                    f"{taken_down} records taken down."
                )
            if not every:
                return
            self.stdout.flush()
            time.sleep(every)
            close_old_connections()

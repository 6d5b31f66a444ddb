from django.core.management.base import BaseCommand, CommandError

from portal.cache import purge_pages


class Command(BaseCommand):
    help = (
        "Forget every cached page and every kept part of a page, on every server that shares "
        "the cache. Run it after a deploy that changes templates or code."
    )

    def handle(self, *args, **options):
        if purge_pages() is None:
            raise CommandError("The cache did not answer; the servers purge it once it does.")
        self.stdout.write(self.style.SUCCESS("Cached pages purged."))

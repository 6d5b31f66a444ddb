from django.core.management.base import BaseCommand

from programme.search_index import rebuild


class Command(BaseCommand):
    help = (
        "Make the site search's index again from the projects, awards, partners, milestones and "
        "sources, in one transaction. Safe to run at any time; run it after a deploy."
    )

    def handle(self, *args, **options):
        count = rebuild()
        self.stdout.write(self.style.SUCCESS(f"Search index: {count} entries."))

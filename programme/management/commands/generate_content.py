from django.core.management.base import BaseCommand, CommandError

from programme.generation import generate_copies


class Command(BaseCommand):
    help = (
        "Add N copies of every project, key figure, partner, award, milestone and source "
        "in the database, for benchmarks and scale tests. Never run it on a live site."
    )

    def add_arguments(self, parser):
        parser.add_argument("--copies", type=int, required=True, help="How many copies to add.")

    def handle(self, *args, copies, **options):
        if copies < 1:
            raise CommandError("--copies must be 1 or more.")
        made = generate_copies(copies=copies)
        for name, count in made.items():
            self.stdout.write(f"{count} {name}")

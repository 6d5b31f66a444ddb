from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from portal.two_factor import ENROLMENT_DAYS, enrolment_path


class Command(BaseCommand):
    help = (
        "Removes a staff member's authenticator app and recovery codes (a lost phone, or a new "
        "account) and prints the one-time link through which they set up a new app: hand it "
        "over to them alone. The staff list in the admin makes such links too."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is named {username!r}.")
        path = enrolment_path(user)
        self.stdout.write(
            f"{username} sets up a new authenticator app, signed in, at this one-time address "
            f"of the portal (valid {ENROLMENT_DAYS} days): {path}"
        )

"""Load a file written by `manage.py backup` into an empty, migrated database."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from tracker.models import Commitment, StatusUpdate


class Command(BaseCommand):
    help = (
        "Restore a backup written by `manage.py backup` into a freshly migrated database. "
        "Refuses a database that already holds commitments or updates."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the file `manage.py backup` wrote")

    def handle(self, *args, path, **options):
        if Commitment.objects.exists() or StatusUpdate.objects.exists():
            raise CommandError(
                "This database is not empty: restore into a new one (createdb, then migrate)."
            )
        # The backup holds every history entry already. Loading many-to-many fields would
        # otherwise add a history entry per record, as if someone had just edited it.
        with override_settings(SIMPLE_HISTORY_ENABLED=False):
            call_command("loaddata", path, verbosity=options["verbosity"])
        self.stdout.write(f"Restored {path}")

"""Write every record of the database, and the history of every change, to one file."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

# Rebuilt by `migrate` in the database being restored into; referenced by natural key instead.
EXCLUDED = ["contenttypes", "auth.permission", "sessions"]


class Command(BaseCommand):
    help = (
        "Dump the whole database (records, users, groups, history) to an XML file, gzipped "
        "when the name ends in .gz. `manage.py restore FILE` loads it into an empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="for example backup-2026-11-24.xml.gz")

    def handle(self, *args, path, **options):
        # Primary keys are kept (no --natural-primary): history rows name their record by id,
        # so a restored record must get the id it had. XML, not JSON: Django's JSON encoder
        # rounds times to the millisecond, XML keeps every microsecond of every history entry.
        call_command(
            "dumpdata",
            format="xml",
            natural_foreign=True,
            exclude=EXCLUDED,
            output=path,
            verbosity=0,
        )
        self.stdout.write(f"Wrote {path}")

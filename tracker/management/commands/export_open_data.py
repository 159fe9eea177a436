"""Write the open-data package (every public table as CSV, with datapackage.json) to a ZIP."""

from django.core.management.base import BaseCommand

from tracker import opendata


class Command(BaseCommand):
    help = "Write the open-data package to a ZIP file."

    def add_arguments(self, parser):
        parser.add_argument("path", help=f"where to write it, for example {opendata.FILENAME}")

    def handle(self, *args, path, **options):
        opendata.write_package(path)
        self.stdout.write(f"Wrote {path}")

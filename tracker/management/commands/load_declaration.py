"""Load the declaration, its Fact Sheet and what they report, then derive current statuses."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from tracker.models import Commitment, Project

FIXTURES = ["sectors", "declarations", "organisations", "commitments", "projects", "updates"]


class Command(BaseCommand):
    help = (
        "Load the fixtures taken from the Joint Declaration and its Fact Sheet (safe to run "
        "again: rows are matched by natural key), then recompute every commitment's and "
        "project's current status from the published updates."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            call_command("loaddata", *FIXTURES, verbosity=options["verbosity"])
            for record in Commitment.objects.select_related("declaration"):
                record.recompute_status()
            for record in Project.objects.all():
                record.recompute_status()
        commitments, projects = Commitment.objects.count(), Project.objects.count()
        self.stdout.write(f"Loaded {commitments} commitments and {projects} projects.")

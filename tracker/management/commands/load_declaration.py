"""Load the declaration, its Fact Sheet and what they report, then derive current statuses."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from sectors.models import Sector
from tracker.models import (
    Commitment,
    Declaration,
    Evidence,
    Organisation,
    Paragraph,
    Project,
    StatusUpdate,
)

FIXTURES = ["sectors", "declarations", "organisations", "commitments", "projects", "updates"]
LOADED_MODELS = [
    Sector,
    Declaration,
    Paragraph,
    Organisation,
    Commitment,
    Project,
    StatusUpdate,
    Evidence,
]


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
            record_initial_history(LOADED_MODELS)
        commitments, projects = Commitment.objects.count(), Project.objects.count()
        self.stdout.write(f"Loaded {commitments} commitments and {projects} projects.")


def record_initial_history(models):
    """Give every row that has no history yet its first history entry.

    loaddata saves rows raw, which history does not record; without this a record's first
    change would have nothing to compare against.
    """
    for model in models:
        recorded = set(model.history.values_list("id", flat=True).distinct())
        missing = [record for record in model.objects.all() if record.pk not in recorded]
        if missing:
            model.history.bulk_history_create(
                missing, default_change_reason="Loaded from the declaration's fixtures"
            )

"""Fill the database with synthetic declarations at scale, for benchmarks; --remove takes them out.

Every synthetic row is marked: declarations, organisations and projects have slugs starting
with `synthetic-scale-` and titles saying they are not real; updates are `is_sample`. The real
declaration's rows are never written or deleted (synthetic commitments use the real sectors,
which they only reference).
"""

import datetime
import random
import time
import uuid

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from sectors.models import Sector
from tracker.cache import bump_data_version
from tracker.counts import forget_changes
from tracker.models import (
    Commitment,
    Completion,
    ComplianceAssessment,
    Confidence,
    Declaration,
    Evidence,
    Lifecycle,
    Organisation,
    Paragraph,
    PointOfContact,
    Project,
    ReminderLog,
    Side,
    StatusUpdate,
)

PREFIX = "synthetic-scale-"
COMMITMENTS_PER_DECLARATION = 500
COMMITMENTS_PER_PARAGRAPH = 10
BATCH = 5000
# Review states of the synthetic updates, drawn with these weights: mostly published.
STATES = ["published"] * 7 + ["draft", "submitted", "returned"]


class Command(BaseCommand):
    help = (
        "Add clearly marked synthetic declarations for benchmarks: N commitments, N/5 projects, "
        "20 updates and 5 evidence items per commitment, points of contact and organisations. "
        "--remove deletes every synthetic row and nothing else."
    )

    def add_arguments(self, parser):
        parser.add_argument("--commitments", type=int, default=10_000)
        parser.add_argument("--updates-per-commitment", type=int, default=20)
        parser.add_argument("--evidence-per-commitment", type=int, default=5)
        parser.add_argument("--contacts", type=int, default=300)
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument(
            "--remove", action="store_true", help="Delete the synthetic rows (and only them)."
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        if options["remove"]:
            counts = remove_synthetic()
            forget_changes()  # bulk deletions, past the signals that keep the charts' figures
            bump_data_version()
            if options["verbosity"]:
                self.stdout.write(
                    "Removed synthetic rows: "
                    + ", ".join(f"{count} {name}" for name, count in counts.items())
                )
            return
        if options["commitments"] < 1:
            raise CommandError("--commitments must be at least 1.")
        if Declaration.objects.filter(slug__startswith=PREFIX).exists():
            raise CommandError("Synthetic data is already loaded: run with --remove first.")
        sectors = list(Sector.objects.order_by("order"))
        if not sectors:
            raise CommandError("Load the declaration first (manage.py load_declaration).")
        counts = Seeder(options, sectors).run()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # fresh planner statistics for the new row counts
        forget_changes()  # bulk inserts, past the signals that keep the charts' figures
        bump_data_version()
        if options["verbosity"]:
            self.stdout.write(
                "Seeded "
                + ", ".join(f"{count} {name}" for name, count in counts.items())
                + f" in {time.monotonic() - started:.1f} s."
            )


class Seeder:
    """Builds the synthetic rows in memory and writes them in bulk (COPY on PostgreSQL)."""

    def __init__(self, options, sectors):
        self.seed = options["seed"]
        self.random = random.Random(self.seed)
        self.sectors = sectors
        self.commitments = options["commitments"]
        self.updates_per = options["updates_per_commitment"]
        self.evidence_per = options["evidence_per_commitment"]
        self.contacts = options["contacts"]
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.interval = datetime.timedelta(days=settings.TRACKER_REPORTING_INTERVAL_DAYS)

    def run(self):
        with transaction.atomic():
            organisations = self.organisations()
            declarations, commitments = self.declarations_and_commitments(organisations)
            projects = self.projects(declarations, commitments, organisations)
            updates, evidence = self.updates(commitments)
            contacts = self.points_of_contact(organisations, commitments)
        return {
            "declarations": len(declarations),
            "commitments": len(commitments),
            "projects": len(projects),
            "updates": updates,
            "evidence items": evidence,
            "points of contact": contacts,
            "organisations": len(organisations),
        }

    def organisations(self):
        count = max(10, self.commitments // 50)
        kinds = Organisation.Kind.values
        countries = Organisation.Country.values
        return Organisation.objects.bulk_create(
            [
                Organisation(
                    slug=f"{PREFIX}org-{n:05d}",
                    name=f"Synthetic organisation {n:05d} (scale test, not real)",
                    abbreviation=f"SYN{n}",
                    kind=kinds[n % len(kinds)],
                    country=countries[n % len(countries)],
                )
                for n in range(1, count + 1)
            ],
            batch_size=BATCH,
        )

    def declarations_and_commitments(self, organisations):
        count = -(-self.commitments // COMMITMENTS_PER_DECLARATION)
        adopted = datetime.date(2015, 1, 1)
        declarations = Declaration.objects.bulk_create(
            [
                Declaration(
                    slug=f"{PREFIX}declaration-{n:04d}",
                    title=f"Synthetic scale-test declaration {n:04d} (not a real document)",
                    short_title=f"Synthetic {n:04d}",
                    kind=Declaration.Kind.JOINT_STATEMENT,
                    adopted_on=adopted + datetime.timedelta(days=30 * n),
                    place="Synthetic",
                    summary="Generated for performance tests; not a real declaration.",
                )
                for n in range(1, count + 1)
            ],
            batch_size=BATCH,
        )
        paragraphs, commitments = [], []
        remaining = self.commitments
        for declaration in declarations:
            size = min(COMMITMENTS_PER_DECLARATION, remaining)
            remaining -= size
            for position in range(1, size + 1):
                number = (position - 1) // COMMITMENTS_PER_PARAGRAPH + 1
                bullet = (position - 1) % COMMITMENTS_PER_PARAGRAPH + 1
                sector = self.sectors[(number - 1) % len(self.sectors)]
                if bullet == 1:
                    paragraphs.append(
                        Paragraph(
                            declaration=declaration,
                            position=number,
                            number=str(number),
                            text=f"Synthetic paragraph {number}: both sides will",
                            sector=sector,
                        )
                    )
                commitment = Commitment(
                    declaration=declaration,
                    paragraph=paragraphs[-1],
                    reference=f"{number}.{bullet}",
                    position=position,
                    sector=sector,
                    title=f"Synthetic commitment {declaration.short_title}-{position}",
                    text=f"synthetic scale-test commitment {position} of declaration "
                    f"{declaration.short_title};",
                    parties=self.random.choice(["joint", "joint", "japan", "india"]),
                    next_update_due=declaration.adopted_on + self.interval,
                )
                # The stored status is that of the latest published update per side, as
                # publishing would leave it; the updates are written afterwards.
                self.apply_latest(commitment, len(commitments))
                commitments.append(commitment)
        # bulk_create copies each paragraph's new pk onto the commitments that point at it.
        Paragraph.objects.bulk_create(paragraphs, batch_size=BATCH)
        Commitment.objects.bulk_create(commitments, batch_size=BATCH)
        through = Commitment.lead_organisations.through
        insert_rows(
            through,
            ["commitment_id", "organisation_id"],
            (
                (commitment.pk, organisation.pk)
                for commitment in commitments
                for organisation in self.random.sample(organisations, 2)
            ),
        )
        return declarations, commitments

    def projects(self, declarations, commitments, organisations):
        count = max(1, self.commitments // 5)
        kinds = Project.Kind.values
        projects = Project.objects.bulk_create(
            [
                Project(
                    slug=f"{PREFIX}project-{n:06d}",
                    name=f"Synthetic project {n:06d} (scale test, not real)",
                    kind=kinds[n % len(kinds)],
                    description="Generated for performance tests; not a real project.",
                    source=declarations[n % len(declarations)],
                    sector=self.sectors[n % len(self.sectors)],
                    # bulk_create sends no pre_save: the copy of the sector's place is set here.
                    sector_order=self.sectors[n % len(self.sectors)].order,
                    announced_on=datetime.date(2015, 1, 1) + datetime.timedelta(days=n % 3650),
                    announced_precision="day",
                    location="Synthetic",
                    amount=n * 1000 if n % 3 == 0 else None,
                    currency="JPY" if n % 3 == 0 else "",
                )
                for n in range(1, count + 1)
            ],
            batch_size=BATCH,
        )
        insert_rows(
            Project.commitments.through,
            ["project_id", "commitment_id"],
            (
                (project.pk, commitment.pk)
                for project in projects
                for commitment in self.random.sample(commitments, min(3, len(commitments)))
            ),
        )
        insert_rows(
            Project.organisations.through,
            ["project_id", "organisation_id"],
            (
                (project.pk, organisation.pk)
                for project in projects
                for organisation in self.random.sample(organisations, 2)
            ),
        )
        return projects

    def update_rows(self, index, commitment_id, adopted_on):
        """The updates of the index-th commitment: the same every time for the same seed."""
        rng = random.Random(self.seed * 1_000_003 + index)
        span = max(1, (self.today - adopted_on).days)
        for n in range(self.updates_per):
            state = rng.choice(STATES)
            confidence = rng.choice(Confidence.values)
            yield {
                "uid": uuid.UUID(int=rng.getrandbits(128), version=4),
                "commitment_id": commitment_id,
                "side": rng.choice(["japan", "india", "joint"]),
                "as_of": adopted_on + datetime.timedelta(days=rng.randrange(span)),
                "lifecycle": rng.choice(Lifecycle.values),
                "completion": rng.choice(Completion.values),
                "confidence": confidence,
                "confidence_rationale": ""
                if confidence == Confidence.NOT_ASSESSED
                else "Synthetic rationale.",
                "narrative": f"Synthetic update {n + 1} (scale test, not a real report).",
                "state": state,
                "submitted_at": None if state == "draft" else self.now,
                "review_note": "Synthetic note." if state == "returned" else "",
                "reviewed_at": self.now if state in ("published", "returned") else None,
                "published_at": self.now - datetime.timedelta(minutes=index * self.updates_per + n)
                if state == "published"
                else None,
                "is_sample": True,
                "version": 1,
                "created_at": self.now,
                "updated_at": self.now,
            }

    def apply_latest(self, commitment, index):
        latest = {}
        for row in self.update_rows(index, None, commitment.declaration.adopted_on):
            if row["state"] != "published":
                continue
            for side in Side.values if row["side"] == "joint" else [row["side"]]:
                if side not in latest or latest[side]["as_of"] <= row["as_of"]:
                    latest[side] = row
        for side, row in latest.items():
            setattr(commitment, f"{side}_status", row["lifecycle"])
            setattr(commitment, f"{side}_as_of", row["as_of"])
            setattr(commitment, f"{side}_completion", row["completion"])
            setattr(commitment, f"{side}_confidence", row["confidence"])
        if latest:
            newest = max(row["as_of"] for row in latest.values())
            commitment.next_update_due = newest + self.interval

    def updates(self, commitments):
        """Every commitment's updates, and evidence for the first few of each."""
        update_fields = list(next(self.update_rows(0, None, self.today)))
        evidence_fields = [
            "uid",
            "update_id",
            "url",
            "title",
            "publisher",
            "kind",
            "published_on",
            "excerpt",
        ]
        kinds = Evidence.Kind.values
        ids = iter(allocate_ids(StatusUpdate, len(commitments) * self.updates_per))
        evidence = []

        def rows():
            for index, commitment in enumerate(commitments):
                for n, row in enumerate(
                    self.update_rows(index, commitment.pk, commitment.declaration.adopted_on)
                ):
                    pk = next(ids)
                    if n < self.evidence_per:
                        evidence.append(
                            (
                                row["uid"],
                                pk,
                                f"https://example.org/synthetic/{row['uid']}",
                                "Synthetic evidence (scale test, not a real source)",
                                "Synthetic publisher",
                                kinds[pk % len(kinds)],
                                row["as_of"],
                                "",
                            )
                        )
                    yield (pk, *row.values())

        updates = insert_rows(StatusUpdate, ["id", *update_fields], rows())
        insert_rows(Evidence, evidence_fields, evidence)
        return updates, len(evidence)

    def points_of_contact(self, organisations, commitments):
        contacts = PointOfContact.objects.bulk_create(
            [
                PointOfContact(
                    name=f"Synthetic contact {n:04d} (not a real person)",
                    role="Synthetic role",
                    side=Side.values[n % 2],
                    organisation=organisations[n % len(organisations)],
                    email=f"synthetic-{n}@example.invalid",
                    is_public=n % 4 != 0,
                )
                for n in range(1, self.contacts + 1)
            ],
            batch_size=BATCH,
        )
        if contacts:
            insert_rows(
                PointOfContact.commitments.through,
                ["pointofcontact_id", "commitment_id"],
                (
                    (contacts[index % len(contacts)].pk, commitment.pk)
                    for index, commitment in enumerate(commitments)
                ),
            )
        return len(contacts)


def allocate_ids(model, count):
    """`count` primary keys for rows about to be inserted with explicit ids."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [model._meta.db_table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608 (table name)
        first = cursor.fetchone()[0] + 1
    return range(first, first + count)


def insert_rows(model, columns, rows):
    """Insert tuples of `columns` values: COPY on PostgreSQL, bulk_create elsewhere."""
    count = 0
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(name) for name in columns)
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
                count += 1
        return count
    batch = []
    for row in rows:
        batch.append(model(**dict(zip(columns, row, strict=True))))
        if len(batch) == BATCH:
            model.objects.bulk_create(batch)
            count += len(batch)
            batch = []
    model.objects.bulk_create(batch)
    return count + len(batch)


def remove_synthetic():
    """Delete every synthetic row with plain DELETEs (no per-row signals), real rows untouched."""
    declarations = Declaration.objects.filter(slug__startswith=PREFIX)
    commitments = Commitment.objects.filter(declaration__in=declarations)
    organisations = Organisation.objects.filter(slug__startswith=PREFIX)
    projects = Project.objects.filter(slug__startswith=PREFIX)
    contacts = PointOfContact.objects.filter(organisation__in=organisations)
    updates = StatusUpdate.objects.filter(commitment__in=commitments)
    steps = [
        ("evidence items", Evidence.objects.filter(update__in=updates)),
        ("compliance assessments", ComplianceAssessment.objects.filter(commitment__in=commitments)),
        (
            "reminder links",
            ReminderLog.commitments.through.objects.filter(commitment__in=commitments),
        ),
        ("updates", updates),
        (
            "contact links",
            PointOfContact.commitments.through.objects.filter(commitment__in=commitments),
        ),
        (
            "contact project links",
            PointOfContact.projects.through.objects.filter(project__in=projects),
        ),
        ("reminders", ReminderLog.objects.filter(contact__in=contacts)),
        ("points of contact", contacts),
        ("project links", Project.commitments.through.objects.filter(project__in=projects)),
        ("project members", Project.organisations.through.objects.filter(project__in=projects)),
        ("projects", projects),
        (
            "lead links",
            Commitment.lead_organisations.through.objects.filter(commitment__in=commitments),
        ),
        ("commitments", commitments),
        ("paragraphs", Paragraph.objects.filter(declaration__in=declarations)),
        ("declarations", declarations),
        ("organisations", organisations),
    ]
    counts = {}
    with transaction.atomic():
        for name, queryset in steps:
            counts[name] = queryset._raw_delete(connection.alias)
    return {name: count for name, count in counts.items() if count}

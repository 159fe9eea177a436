"""Backup and restore: the documented command pair loses nothing.

    manage.py backup backup.xml.gz      # dumpdata --natural-foreign, all but rebuilt tables
    manage.py restore backup.xml.gz     # loaddata into a freshly migrated, empty database

The test fills the database with every kind of record (declaration, commitments, projects,
organisations, points of contact, users and groups, drafts, returned and published updates with
evidence, corrections, compliance scores, saved filters, reminders, login records and the
history of every change), dumps it, empties the database as a new one would be, restores the
dump, and finds every row and every history entry identical: the same dump again.
"""

import gzip
import io
from xml.etree import ElementTree

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from tests.conftest import make_official
from tests.factories import EvidenceFactory, StatusUpdateFactory, UserFactory, published_update
from tracker.models import (
    Commitment,
    ComplianceAssessment,
    ReminderLog,
    SavedFilter,
    StatusUpdate,
)

pytestmark = pytest.mark.django_db


def dump(path):
    """Every record of the backup, as (model, the record's XML), in a stable order."""
    call_command("backup", str(path), stdout=io.StringIO())
    with gzip.open(path) as backup:
        records = ElementTree.parse(backup).getroot()
    return sorted((r.get("model"), ElementTree.tostring(r, encoding="unicode")) for r in records)


def empty_the_database():
    """As a new database is after `migrate`, but inside the test's transaction, rolled back after.

    PostgreSQL refuses to TRUNCATE a table with foreign-key checks still pending in the same
    transaction: they are run first, then deferred again for loading, as loaddata expects.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@pytest.fixture
def everything(reviewer):
    from axes.models import AccessAttempt, AccessLog

    official = make_official("backup-official", "japan", ["8.1"])
    analyst = UserFactory(username="backup-analyst")
    analyst.groups.add(Group.objects.get(name="Analysts"))
    commitment = Commitment.objects.get(reference="8.1")
    first = published_update(commitment=commitment, author=official, reviewer=reviewer)
    StatusUpdateFactory(
        commitment=commitment,
        author=official,
        supersedes=first,
        state="returned",
        review_note="Name the source.",
    )
    draft = StatusUpdateFactory(commitment=commitment, author=official)
    EvidenceFactory(update=draft)
    draft.narrative = "Edited once, so that its history has two entries."
    draft.save()
    ComplianceAssessment.objects.create(
        commitment=commitment,
        party="japan",
        period="2026-H1",
        kind="interim",
        score=0,
        rationale="Work in progress.",
        analyst=analyst,
    )
    SavedFilter.objects.create(user=analyst, name="ICT", path="/commitments/", query="sector=ict")
    reminder = ReminderLog.objects.create(
        contact=official.point_of_contact, sent_on=timezone.localdate()
    )
    reminder.commitments.add(commitment)
    AccessAttempt.objects.create(
        user_agent="test",
        ip_address="192.0.2.1",
        username="x",
        get_data="",
        post_data="",
        failures_since_start=3,
    )
    AccessLog.objects.create(user_agent="test", ip_address="192.0.2.1", username="x")


def test_a_dump_restored_into_an_empty_database_is_identical(everything, tmp_path):
    before = dump(tmp_path / "before.xml.gz")
    models = {model for model, _ in before}
    for expected in (
        "tracker.statusupdate",
        "tracker.historicalstatusupdate",
        "tracker.evidence",
        "tracker.historicalevidence",
        "tracker.commitment",
        "tracker.historicalcommitment",
        "tracker.pointofcontact",
        "tracker.complianceassessment",
        "tracker.savedfilter",
        "tracker.reminderlog",
        "sectors.sector",
        "auth.user",
        "auth.group",
        "axes.accessattempt",
    ):
        assert expected in models, expected
    updates = StatusUpdate.objects.count()

    empty_the_database()
    assert StatusUpdate.objects.count() == 0 and Commitment.objects.count() == 0

    call_command("restore", str(tmp_path / "before.xml.gz"), stdout=io.StringIO())
    after = dump(tmp_path / "after.xml.gz")
    assert after == before
    assert StatusUpdate.objects.count() == updates
    restored = StatusUpdate.objects.get(narrative__startswith="Edited once")
    assert restored.history.count() == 2
    assert restored.evidence.count() == 1


def test_restore_refuses_a_database_that_holds_records(tmp_path):
    call_command("backup", str(tmp_path / "backup.xml.gz"), stdout=io.StringIO())
    commitments = Commitment.objects.count()
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(tmp_path / "backup.xml.gz"), stdout=io.StringIO())
    assert Commitment.objects.count() == commitments

"""Integrity under faults: a publication that fails half-way leaves nothing changed.

Publishing writes the update row (state, reviewer, times), then the commitment's (and the
project's) status. A failure injected between the two must roll back both: the update stays
submitted, the commitment keeps its status, no history entry says "published", and the reviewer
can publish it once the fault is gone. The Python-level fault runs on both databases; the
database-level one (a trigger that makes PostgreSQL itself refuse the commitment's row) runs on
PostgreSQL, as CI's second run does. Invalid states are refused by the database however they
arrive: through `QuerySet.update()` (tests/test_constraints.py) or a raw fixture (below).
"""

import json

import pytest
from django.core.management import call_command
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import EvidenceFactory, ProjectFactory, StatusUpdateFactory, UserFactory
from tracker.models import Commitment, Project, StatusUpdate

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(reviewer):
    commitment = Commitment.objects.get(reference="9.1")
    project = ProjectFactory(commitments=[commitment])
    update = StatusUpdateFactory(
        commitment=commitment,
        project=project,
        side="japan",
        lifecycle="completed",
        completion="complete",
        state="submitted",
        submitted_at=timezone.now(),
    )
    EvidenceFactory(update=update)
    return update


def snapshot(update):
    commitment = Commitment.objects.get(pk=update.commitment_id)
    project = Project.objects.get(pk=update.project_id)
    stored = StatusUpdate.objects.get(pk=update.pk)
    return {
        "update": (stored.state, stored.reviewer_id, stored.published_at, stored.version),
        "commitment": (
            commitment.japan_status,
            commitment.japan_completion,
            commitment.japan_as_of,
            commitment.next_update_due,
        ),
        "project": (project.japan_status, project.japan_as_of),
        "history": stored.history.count(),
        "commitment_history": commitment.history.count(),
    }


def test_a_fault_after_the_update_row_leaves_neither_changed(submitted, reviewer, monkeypatch):
    before = snapshot(submitted)
    original_save = Commitment.save

    def failing_save(self, *args, **kwargs):
        raise DatabaseError("injected: the connection dropped while saving the commitment")

    monkeypatch.setattr(Commitment, "save", failing_save)
    with pytest.raises(DatabaseError, match="injected"):
        StatusUpdate.objects.get(pk=submitted.pk).publish(reviewer)
    assert snapshot(submitted) == before

    monkeypatch.setattr(Commitment, "save", original_save)
    StatusUpdate.objects.get(pk=submitted.pk).publish(reviewer)
    after = snapshot(submitted)
    assert after["update"][0] == "published"
    assert after["commitment"][:2] == ("completed", "complete")
    assert after["project"][0] == "completed"


def test_a_fault_in_the_reviewers_request_shows_an_error_and_changes_nothing(
    submitted, reviewer, monkeypatch
):
    before = snapshot(submitted)

    def failing_save(self, *args, **kwargs):
        raise DatabaseError("injected")

    monkeypatch.setattr(Project, "save", failing_save)  # after the commitment, even later
    client = Client(raise_request_exception=False)
    client.force_login(reviewer)
    response = client.post(
        reverse("tracker:review_detail", args=[submitted.uid]),
        {"action": "publish", "version": submitted.version, "note": ""},
    )
    assert response.status_code == 500
    assert snapshot(submitted) == before
    page = Client().get(submitted.commitment.get_absolute_url()).content.decode()
    assert submitted.narrative not in page


POSTGRES_TRIGGER = """
CREATE FUNCTION tracker_test_refuse_commitment() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'injected: commitment row refused';
END $$ LANGUAGE plpgsql;
CREATE TRIGGER tracker_test_refuse BEFORE UPDATE ON tracker_commitment
  FOR EACH ROW EXECUTE FUNCTION tracker_test_refuse_commitment();
"""


@pytest.mark.postgresql
def test_postgresql_refusing_the_commitment_row_rolls_back_the_update_row(submitted, reviewer):
    """The fault comes from the database itself, inside the publishing transaction."""
    before = snapshot(submitted)
    with connection.cursor() as cursor:
        cursor.execute(POSTGRES_TRIGGER)
    try:
        with pytest.raises(DatabaseError, match="injected: commitment row refused"):
            StatusUpdate.objects.get(pk=submitted.pk).publish(reviewer)
        assert snapshot(submitted) == before
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER tracker_test_refuse ON tracker_commitment")
            cursor.execute("DROP FUNCTION tracker_test_refuse_commitment()")
    StatusUpdate.objects.get(pk=submitted.pk).publish(reviewer)
    assert snapshot(submitted)["update"][0] == "published"


def write_fixture(tmp_path, records):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(records))
    return str(path)


@pytest.mark.parametrize(
    "fields",
    [
        {"state": "approved-by-nobody"},
        {"state": "published", "published_at": None},
        {"confidence": "green", "confidence_rationale": ""},
        {"narrative": ""},
    ],
    ids=["unknown state", "published without time", "rating without rationale", "no narrative"],
)
def test_a_raw_fixture_cannot_load_an_invalid_update(tmp_path, fields):
    author = UserFactory(username="fixture-author")
    commitment = Commitment.objects.get(reference="8.1")
    record = {
        "model": "tracker.statusupdate",
        "fields": {
            "uid": "0b7f3c1e-9a55-4c1b-8f0e-1b2c3d4e5f60",
            "commitment": [commitment.declaration.slug, commitment.reference],
            "side": "japan",
            "author": author.pk,
            "as_of": "2025-10-01",
            "lifecycle": "in_progress",
            "completion": "limited",
            "confidence": "not_assessed",
            "confidence_rationale": "",
            "narrative": "From a fixture.",
            "state": "draft",
            "version": 1,
            "created_at": "2025-10-01T00:00:00Z",
            "updated_at": "2025-10-01T00:00:00Z",
            **fields,
        },
    }
    count = StatusUpdate.objects.count()
    with pytest.raises(IntegrityError), transaction.atomic():
        call_command("loaddata", write_fixture(tmp_path, [record]), verbosity=0)
    assert StatusUpdate.objects.count() == count


def test_a_raw_fixture_cannot_load_a_javascript_evidence_link(tmp_path, submitted):
    record = {
        "model": "tracker.evidence",
        "fields": {
            "uid": "1b7f3c1e-9a55-4c1b-8f0e-1b2c3d4e5f61",
            "update": [str(submitted.uid)],
            "url": "javascript:alert(document.cookie)",
            "title": "Evil",
            "kind": "other",
        },
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        call_command("loaddata", write_fixture(tmp_path, [record]), verbosity=0)
    assert not submitted.evidence.filter(url__startswith="javascript").exists()

"""No lost updates under concurrency, with real threads on PostgreSQL.

These tests need row locks (SELECT ... FOR UPDATE), which SQLite does not have: conftest.py
runs them only when DATABASE_URL points at PostgreSQL, as CI's second run does.
"""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    CommitmentFactory,
    EvidenceFactory,
    OrganisationFactory,
    StatusUpdateFactory,
    UserFactory,
)
from tracker.models import PointOfContact, PublishError, StatusUpdate

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


def run_together(*functions):
    """Start the functions in threads released by one barrier; return their results."""
    barrier = threading.Barrier(len(functions))
    results = [None] * len(functions)

    def worker(index, function):
        try:
            barrier.wait()
            results[index] = function()
        except Exception as error:  # noqa: BLE001 - the test inspects what each thread met
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_reviewers_publishing_at_once_publish_exactly_once():
    update = StatusUpdateFactory(state="submitted", submitted_at=timezone.now())
    EvidenceFactory(update=update)
    first, second = UserFactory(username="reviewer-a"), UserFactory(username="reviewer-b")

    def publish_as(reviewer):
        def publish():
            StatusUpdate.objects.get(pk=update.pk).publish(reviewer)
            return "published"

        return publish

    results = run_together(publish_as(first), publish_as(second))
    assert sorted(type(r).__name__ if isinstance(r, Exception) else r for r in results) == [
        "PublishError",
        "published",
    ]
    assert any(isinstance(r, PublishError) and "already" in str(r) for r in results)
    update.refresh_from_db()
    assert update.state == "published"
    assert update.history.filter(state="published").count() == 1


def test_two_saves_of_the_same_draft_refuse_the_second():
    from django.contrib.auth.models import Group, Permission

    author = UserFactory(username="draft-author")
    officials, _ = Group.objects.get_or_create(name="Officials")
    officials.permissions.add(Permission.objects.get(codename="add_statusupdate"))
    author.groups.add(officials)
    commitment = CommitmentFactory()
    contact = PointOfContact.objects.create(
        user=author, name="Author", side="japan", organisation=OrganisationFactory()
    )
    contact.commitments.add(commitment)
    draft = StatusUpdateFactory(commitment=commitment, author=author, narrative="Original")
    url = reverse("tracker:update_edit", args=[draft.uid])

    def save_as(narrative):
        def save():
            client = Client()
            client.force_login(author)
            return client.post(
                url,
                {
                    "as_of": draft.as_of.isoformat(),
                    "lifecycle": "in_progress",
                    "completion": "limited",
                    "confidence": "not_assessed",
                    "confidence_rationale": "",
                    "narrative": narrative,
                    "version": str(draft.version),
                    "action": "draft",
                    "evidence-TOTAL_FORMS": "0",
                    "evidence-INITIAL_FORMS": "0",
                    "evidence-MIN_NUM_FORMS": "0",
                    "evidence-MAX_NUM_FORMS": "20",
                },
            ).status_code

        return save

    results = run_together(save_as("From tab one"), save_as("From tab two"))
    assert sorted(results) == [302, 400]
    draft.refresh_from_db()
    assert draft.narrative in {"From tab one", "From tab two"}
    assert draft.version == 2


def test_publications_and_readers_at_once_keep_the_stored_chart_figures_exact(settings):
    """Reviewers publish at once on two commitments (both sides, dates out of order), first
    with the charts' figures stored, then with them emptied while two readers work them out:
    what is stored is each time exactly what working them out afresh gives."""
    import datetime

    from tracker.counts import count_changes, current_changes, forget_changes
    from tracker.models import StoredChanges

    settings.TRACKER_STORED_COUNTS = True
    commitments = [CommitmentFactory(), CommitmentFactory()]
    reviewer = UserFactory(username="chart-reviewer")
    levels = ["limited", "substantial", "complete", "not_started", "no_evidence"]

    def submitted(index):
        update = StatusUpdateFactory(
            commitment=commitments[index % 2],
            side=["japan", "joint", "india"][index % 3],
            completion=levels[index % 5],
            as_of=datetime.date(2026, 1 + index % 4, 20 - index),
            state="submitted",
            submitted_at=timezone.now(),
        )
        EvidenceFactory(update=update)
        return lambda: StatusUpdate.objects.get(pk=update.pk).publish(reviewer)

    def stored():
        return StoredChanges.objects.values_list("changes", flat=True).get(pk=1)

    current_changes()  # stored: each publication adds itself
    results = run_together(*[submitted(index) for index in range(8)])
    assert not [r for r in results if isinstance(r, Exception)]
    assert stored() == count_changes()

    forget_changes()  # emptied: the readers work them out while publications commit
    results = run_together(*[submitted(index) for index in range(8, 14)], *[current_changes] * 2)
    assert not [r for r in results if isinstance(r, Exception)]
    assert stored() is None or stored() == count_changes()
    assert current_changes() == count_changes() == stored()

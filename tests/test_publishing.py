"""Publishing copies an update's status onto its commitment; published updates never change."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from tests.factories import (
    CommitmentFactory,
    EvidenceFactory,
    ProjectFactory,
    StatusUpdateFactory,
    UserFactory,
    published_update,
)
from tracker.models import Evidence, PublishError, StatusUpdate

pytestmark = pytest.mark.django_db


def test_publishing_sets_the_side_status_and_the_next_due_date():
    commitment = CommitmentFactory()
    update = published_update(
        commitment=commitment,
        side="india",
        as_of=datetime.date(2026, 1, 10),
        lifecycle="in_progress",
        completion="substantial",
        confidence="green",
        confidence_rationale="On schedule.",
    )
    commitment.refresh_from_db()
    assert (commitment.india_status, commitment.india_completion) == ("in_progress", "substantial")
    assert commitment.india_confidence == "green"
    assert commitment.india_as_of == datetime.date(2026, 1, 10)
    assert commitment.japan_status == ""
    assert commitment.next_update_due == datetime.date(2026, 1, 10) + datetime.timedelta(182)
    assert update.reviewer is not None and update.published_at is not None


def test_a_joint_update_sets_both_sides():
    commitment = CommitmentFactory()
    published_update(commitment=commitment, side="joint", lifecycle="ongoing")
    commitment.refresh_from_db()
    assert commitment.japan_status == commitment.india_status == "ongoing"


def test_an_older_update_published_later_does_not_overwrite_a_newer_status():
    commitment = CommitmentFactory()
    published_update(commitment=commitment, as_of=datetime.date(2026, 3, 1), lifecycle="completed")
    published_update(commitment=commitment, as_of=datetime.date(2025, 12, 1), lifecycle="suspended")
    commitment.refresh_from_db()
    assert commitment.japan_status == "completed"


def test_publishing_sets_the_project_status_too():
    commitment = CommitmentFactory()
    project = ProjectFactory(commitments=[commitment])
    published_update(commitment=commitment, project=project, side="india", lifecycle="completed")
    project.refresh_from_db()
    assert (project.india_status, project.japan_status) == ("completed", "")


def test_nobody_publishes_their_own_update():
    author = UserFactory()
    update = StatusUpdateFactory(author=author, state="submitted")
    EvidenceFactory(update=update)
    with pytest.raises(PublishError):
        update.publish(author)
    update.refresh_from_db()
    assert update.state == "submitted"
    assert update.commitment.japan_status == ""


def test_only_a_submitted_update_is_published():
    update = StatusUpdateFactory(state="draft")
    EvidenceFactory(update=update)
    with pytest.raises(PublishError):
        update.publish(UserFactory())
    assert StatusUpdate.objects.get(pk=update.pk).state == "draft"


def test_a_status_change_without_evidence_is_not_published():
    update = StatusUpdateFactory(state="submitted", lifecycle="completed")
    with pytest.raises(PublishError):
        update.publish(UserFactory())
    update.commitment.refresh_from_db()
    assert update.commitment.japan_status == ""


def test_publishing_twice_is_refused():
    update = published_update()
    with pytest.raises(PublishError):
        update.publish(UserFactory())


def test_a_published_update_cannot_be_saved_again():
    update = published_update(narrative="Original.")
    update.narrative = "Rewritten history."
    with pytest.raises(PublishError):
        update.save()
    assert StatusUpdate.objects.get(pk=update.pk).narrative == "Original."


def test_evidence_of_a_published_update_cannot_be_changed_or_removed():
    update = published_update()
    item = update.evidence.get()
    item.title = "Changed"
    with pytest.raises(PublishError):
        item.save()
    with pytest.raises(PublishError):
        item.delete()
    with pytest.raises(PublishError):
        Evidence.objects.create(
            update=update, url="https://example.org/late", title="Late", kind="other"
        )
    assert update.evidence.count() == 1


def test_a_correction_supersedes_and_both_stay_visible(client):
    first = published_update(narrative="First account.")
    correction = published_update(
        commitment=first.commitment, supersedes=first, narrative="Corrected account."
    )
    html = client.get(first.commitment.get_absolute_url()).content.decode()
    assert "First account." in html and "Corrected account." in html
    assert "Corrects the update as of" in html
    assert correction.supersedes == first


def test_clean_rejects_a_future_date_and_a_rating_without_rationale():
    update = StatusUpdateFactory.build(
        commitment=CommitmentFactory(),
        as_of=datetime.date.today() + datetime.timedelta(days=2),
        confidence="red",
        confidence_rationale=" ",
    )
    with pytest.raises(ValidationError) as error:
        update.clean()
    assert set(error.value.message_dict) == {"as_of", "confidence_rationale"}


def test_clean_rejects_a_project_that_does_not_serve_the_commitment():
    update = StatusUpdateFactory.build(commitment=CommitmentFactory(), project=ProjectFactory())
    with pytest.raises(ValidationError) as error:
        update.clean()
    assert "project" in error.value.message_dict

"""Drafts, submitted and returned updates never reach the public: pages, feed or exports."""

import pytest
from django.urls import reverse

from tests.factories import EvidenceFactory, StatusUpdateFactory, published_update
from tracker.models import Commitment, StatusUpdate

pytestmark = pytest.mark.django_db

SECRET = "UNPUBLISHED-NARRATIVE-{}"


@pytest.fixture
def unpublished():
    commitment = Commitment.objects.get(reference="11.2")
    updates = []
    for state in ("draft", "submitted", "returned"):
        update = StatusUpdateFactory(
            commitment=commitment,
            state=state,
            narrative=SECRET.format(state),
            review_note=f"REVIEW-NOTE-{state}",
            lifecycle="completed",
            completion="complete",
        )
        EvidenceFactory(update=update, title=f"EVIDENCE-{state}")
        updates.append(update)
    return commitment, updates


def public_urls(commitment):
    return [
        reverse("tracker:dashboard"),
        reverse("tracker:annotated_declaration"),
        commitment.get_absolute_url(),
        commitment.sector.get_absolute_url(),
        reverse("tracker:commitment_list"),
        reverse("tracker:commitment_list") + "?_export=csv",
        reverse("tracker:commitment_list") + "?_export=json",
        reverse("tracker:update_list"),
        reverse("tracker:update_list") + "?_export=csv",
        reverse("tracker:update_list") + "?_export=json",
        reverse("tracker:update_feed"),
    ]


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_unpublished_updates_appear_nowhere_public(client, unpublished):
    commitment, _ = unpublished
    for url in public_urls(commitment):
        response = client.get(url)
        assert response.status_code == 200, url
        content = body(response).decode("utf-8", "replace")
        assert "UNPUBLISHED-NARRATIVE" not in content, url
        assert "REVIEW-NOTE" not in content, url
        assert "EVIDENCE-" not in content, url


def test_unpublished_updates_do_not_change_the_public_status(client, unpublished):
    commitment, _ = unpublished
    commitment.refresh_from_db()
    assert commitment.japan_status != "completed"
    response = client.get(reverse("tracker:commitment_list"), {"japan_status": "completed"})
    assert commitment.reference not in {r.record.reference for r in response.context["table"].rows}


def test_an_update_appears_once_published(client, unpublished):
    commitment, _ = unpublished
    update = published_update(commitment=commitment, narrative="NOW-PUBLIC-NARRATIVE")
    assert StatusUpdate.objects.get(pk=update.pk).is_published
    assert b"NOW-PUBLIC-NARRATIVE" in client.get(commitment.get_absolute_url()).content
    assert b"NOW-PUBLIC-NARRATIVE" in client.get(reverse("tracker:update_feed")).content


def test_private_contact_details_stay_private(client):
    from tests.factories import OrganisationFactory
    from tracker.models import PointOfContact

    commitment = Commitment.objects.get(reference="8.1")
    contact = PointOfContact.objects.create(
        name="Public Contact Person",
        side="japan",
        organisation=OrganisationFactory(),
        email="private-address@example.invalid",
        phone="+81-3-0000-0000",
        is_public=True,
    )
    contact.commitments.add(commitment)
    html = client.get(commitment.get_absolute_url()).content.decode()
    assert "Public Contact Person" in html
    assert "private-address@example.invalid" not in html
    assert "+81-3-0000-0000" not in html
    contact.email_public = True
    contact.save()
    assert (
        "private-address@example.invalid"
        in client.get(commitment.get_absolute_url()).content.decode()
    )

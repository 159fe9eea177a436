"""The admin lists, searches and edits every model; published updates are read-only there."""

import pytest
from django.urls import reverse

from tests.factories import StatusUpdateFactory, UserFactory, published_update
from tracker.models import Commitment, StatusUpdate

pytestmark = pytest.mark.django_db

MODELS = [
    "sectors/sector",
    "tracker/declaration",
    "tracker/paragraph",
    "tracker/commitment",
    "tracker/organisation",
    "tracker/project",
    "tracker/pointofcontact",
    "tracker/statusupdate",
    "tracker/evidence",
]


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="site-admin", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", MODELS)
def test_every_model_has_a_searchable_changelist_and_an_add_form(admin_client, model):
    base = f"/admin/{model}/"
    assert admin_client.get(base).status_code == 200
    assert admin_client.get(base, {"q": "semiconductor"}).status_code == 200
    assert admin_client.get(base + "add/").status_code == 200


def test_a_commitment_page_in_the_admin_lists_its_updates(admin_client):
    commitment = Commitment.objects.filter(updates__isnull=False).first()
    url = reverse("admin:tracker_commitment_change", args=[commitment.pk])
    html = admin_client.get(url).content.decode()
    assert "Status updates" in html
    assert str(commitment.updates.first().as_of.year) in html


def test_a_published_update_cannot_be_changed_through_the_admin(admin_client):
    update = published_update(narrative="As published.")
    url = reverse("admin:tracker_statusupdate_change", args=[update.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert b'name="narrative"' not in page.content
    admin_client.post(url, {"narrative": "Rewritten.", "state": "draft"})
    update.refresh_from_db()
    assert (update.narrative, update.state) == ("As published.", "published")
    delete = reverse("admin:tracker_statusupdate_delete", args=[update.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert StatusUpdate.objects.filter(pk=update.pk).exists()


def test_a_draft_can_be_edited_in_the_admin(admin_client):
    update = StatusUpdateFactory()
    url = reverse("admin:tracker_statusupdate_change", args=[update.pk])
    assert b'name="narrative"' in admin_client.get(url).content


def test_the_public_cannot_reach_the_admin(client):
    response = client.get("/admin/tracker/commitment/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]

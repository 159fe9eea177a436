"""Every change to every editable record is kept, with who and when, and readable in the admin."""

import pytest
from django.urls import reverse

from sectors.models import Sector
from tests.factories import UserFactory, published_update
from tracker.models import Commitment, Organisation, PointOfContact, Project, StatusUpdate

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user():
    return UserFactory(username="history-admin", is_staff=True, is_superuser=True)


def test_an_admin_edit_is_recorded_with_its_author_and_the_change(client, admin_user):
    commitment = Commitment.objects.get(reference="12.1")
    client.force_login(admin_user)
    url = reverse("admin:tracker_commitment_change", args=[commitment.pk])
    page = client.get(url)
    data = {
        key: value
        for key, value in page.context["adminform"].form.initial.items()
        if value is not None
    }
    data.update(
        {
            "declaration": commitment.declaration_id,
            "paragraph": commitment.paragraph_id,
            "sector": commitment.sector_id,
            "title": "Alternative API and KSM supply chains",
            "lead_organisations": [],
            "updates-TOTAL_FORMS": "0",
            "updates-INITIAL_FORMS": "0",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    latest = commitment.history.first()
    assert latest.history_user == admin_user
    assert latest.title == "Alternative API and KSM supply chains"
    delta = latest.diff_against(latest.prev_record)
    assert [change.field for change in delta.changes] == ["title"]
    history_page = client.get(reverse("admin:tracker_commitment_history", args=[commitment.pk]))
    assert b"Alternative API and KSM supply chains" in history_page.content or (
        history_page.status_code == 200 and b"history-admin" in history_page.content
    )


@pytest.mark.parametrize(
    "model, change",
    [
        (Sector, {"name": "Semiconductors (renamed)"}),
        (Organisation, {"name": "Renamed organisation"}),
        (Project, {"location": "Somewhere else"}),
        (Commitment, {"title": "Renamed"}),
    ],
)
def test_each_kind_of_record_keeps_a_history_row_per_change(model, change):
    record = model.objects.first()
    before = record.history.count()
    for field, value in change.items():
        setattr(record, field, value)
    record.save()
    assert record.history.count() == before + 1
    assert record.history.first().history_type == "~"


def test_a_point_of_contact_and_its_assignments_are_recorded(official_japan):
    contact = PointOfContact.objects.get(user=official_japan)
    assert contact.history.filter(history_type="+").exists()
    contact.commitments.add(Commitment.objects.get(reference="12.3"))
    assert contact.history.count() >= 2


def test_the_review_of_an_update_is_recorded_state_by_state():
    reviewer = UserFactory(username="history-reviewer")
    update = published_update(reviewer=reviewer)
    states = list(update.history.order_by("history_date").values_list("state", flat=True))
    assert states[0] == "submitted" and states[-1] == "published"
    assert update.history.first().reviewer_id == reviewer.pk
    evidence = update.evidence.get()
    assert evidence.history.filter(history_type="+").exists()


def test_history_cannot_be_erased_from_the_admin(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/admin/tracker/historicalcommitment/").status_code == 404
    assert client.get("/admin/tracker/historicalstatusupdate/").status_code == 404


def test_deleting_a_draft_keeps_its_history(admin_user):
    from tests.factories import StatusUpdateFactory

    draft = StatusUpdateFactory()
    uid = draft.uid
    draft.delete()
    assert StatusUpdate.history.filter(uid=uid, history_type="-").exists()

"""Officials post updates with evidence; reviewers publish or return them."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.factories import EvidenceFactory, StatusUpdateFactory
from tracker.models import Commitment, Evidence, StatusUpdate

pytestmark = pytest.mark.django_db

DECLARATION = "joint-declaration-economic-security-2025"


def create_url(reference):
    return reverse("tracker:update_create", args=[DECLARATION, reference])


def form_data(action="submit", evidence=1, **overrides):
    data = {
        "as_of": (timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
        "lifecycle": "in_progress",
        "completion": "substantial",
        "confidence": "amber",
        "confidence_rationale": "Two of three planned workshops were held.",
        "narrative": "Workshops on supply-chain mapping were held in Tokyo and Delhi.",
        "project": "",
        "version": "",
        "action": action,
        "evidence-TOTAL_FORMS": "2",
        "evidence-INITIAL_FORMS": "0",
        "evidence-MIN_NUM_FORMS": "0",
        "evidence-MAX_NUM_FORMS": "20",
    }
    for i in range(evidence):
        data.update(
            {
                f"evidence-{i}-url": f"https://www.meti.go.jp/press/{i}.html",
                f"evidence-{i}-title": f"Press release {i}",
                f"evidence-{i}-publisher": "METI",
                f"evidence-{i}-kind": "press_release",
                f"evidence-{i}-published_on": "2025-10-01",
            }
        )
    data.update(overrides)
    return data


def db_state():
    return (StatusUpdate.objects.count(), Evidence.objects.count())


# My commitments


def test_my_commitments_lists_assigned_commitments_overdue_first(client, official_japan):
    Commitment.objects.filter(reference="9.1").update(next_update_due=datetime.date(2020, 1, 1))
    client.force_login(official_japan)
    response = client.get(reverse("tracker:my_commitments"))
    assert response.status_code == 200
    refs = [c.reference for c in response.context["commitments"]]
    assert refs[0] == "9.1" and set(refs) == {"8.1", "9.1"}
    assert "Overdue" in response.content.decode()


def test_my_commitments_lists_drafts_and_returned_updates_with_the_note(client, official_japan):
    commitment = Commitment.objects.get(reference="8.1")
    StatusUpdateFactory(commitment=commitment, author=official_japan, narrative="My draft")
    StatusUpdateFactory(
        commitment=commitment,
        author=official_japan,
        state="returned",
        review_note="Please add the MoC's text.",
    )
    client.force_login(official_japan)
    html = client.get(reverse("tracker:my_commitments")).content.decode()
    assert "Please add the MoC&#x27;s text." in html
    assert html.count(reverse("tracker:update_edit", args=[commitment.updates.first().uid])) == 1


def test_login_is_required(client):
    response = client.get(reverse("tracker:my_commitments"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# Posting


def test_official_submits_an_update_with_two_evidence_items(
    client, official_japan, reviewer, django_capture_on_commit_callbacks
):
    client.force_login(official_japan)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(create_url("8.1"), form_data(evidence=2))
    assert response.status_code == 302
    update = StatusUpdate.objects.get(commitment__reference="8.1", author=official_japan)
    assert (update.state, update.side) == ("submitted", "japan")
    assert update.submitted_at is not None
    assert update.evidence.count() == 2
    assert [m.to for m in mail.outbox] == [[reviewer.email]]
    assert "8.1" in mail.outbox[0].subject


def test_official_saves_a_draft_without_evidence(client, official_japan):
    client.force_login(official_japan)
    response = client.post(create_url("8.1"), form_data(action="draft", evidence=0))
    assert response.status_code == 302
    assert StatusUpdate.objects.get(author=official_japan).state == "draft"
    assert mail.outbox == []


def test_a_status_change_cannot_be_submitted_without_evidence(client, official_japan):
    client.force_login(official_japan)
    before = db_state()
    response = client.post(create_url("8.1"), form_data(evidence=0))
    assert response.status_code == 400
    assert "needs at least one evidence item" in response.content.decode()
    assert db_state() == before


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"as_of": "2099-01-01"}, "as_of"),
        ({"as_of": "2024-01-01"}, "as_of"),
        ({"as_of": "yesterday"}, "as_of"),
        ({"confidence_rationale": ""}, "confidence_rationale"),
        ({"narrative": "x" * 100_000}, "narrative"),
        ({"narrative": ""}, "narrative"),
        ({"lifecycle": "finished"}, "lifecycle"),
        ({"project": "999999"}, "project"),
    ],
)
def test_bad_input_gives_form_errors_and_saves_nothing(client, official_japan, overrides, field):
    client.force_login(official_japan)
    before = db_state()
    response = client.post(create_url("8.1"), form_data(**overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert db_state() == before


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "ftp://example.org/file", "not a url", "data:text/html,hi"],
)
def test_bad_evidence_urls_are_refused_and_nothing_is_saved(client, official_japan, url):
    client.force_login(official_japan)
    before = db_state()
    response = client.post(create_url("8.1"), form_data(**{"evidence-0-url": url}))
    assert response.status_code == 400
    assert response.context["formset"].forms[0].errors["url"]
    assert db_state() == before


def test_a_forged_commitment_in_the_post_is_ignored(client, official_japan):
    client.force_login(official_japan)
    other = Commitment.objects.get(reference="12.1")
    client.post(create_url("8.1"), form_data(commitment=str(other.pk)))
    assert not other.updates.exists()
    assert StatusUpdate.objects.get(author=official_japan).commitment.reference == "8.1"


def test_a_rating_change_to_not_assessed_still_needs_a_rationale(client, official_japan):
    Commitment.objects.filter(reference="8.1").update(japan_confidence="green")
    client.force_login(official_japan)
    response = client.post(
        create_url("8.1"), form_data(confidence="not_assessed", confidence_rationale="")
    )
    assert response.status_code == 400
    assert "confidence_rationale" in response.context["form"].errors


# Scoping


def test_official_cannot_open_or_post_on_an_unassigned_commitment(client, official_japan):
    client.force_login(official_japan)
    before = db_state()
    assert client.get(create_url("8.3")).status_code == 404
    assert client.post(create_url("8.3"), form_data()).status_code == 404
    assert db_state() == before


def test_official_cannot_open_or_edit_another_officials_draft(
    client, official_japan, official_india
):
    draft = StatusUpdateFactory(
        commitment=Commitment.objects.get(reference="8.3"),
        author=official_india,
        side="india",
        narrative="India's draft",
    )
    client.force_login(official_japan)
    url = reverse("tracker:update_edit", args=[draft.uid])
    assert client.get(url).status_code == 404
    assert client.post(url, form_data(narrative="Hijacked")).status_code == 404
    draft.refresh_from_db()
    assert draft.narrative == "India's draft"


def test_someone_who_is_not_an_official_gets_403(client, reviewer):
    client.force_login(reviewer)
    assert client.get(create_url("8.1")).status_code == 403


def test_a_submitted_update_can_no_longer_be_edited_by_its_author(client, official_japan):
    update = StatusUpdateFactory(
        commitment=Commitment.objects.get(reference="8.1"), author=official_japan, state="submitted"
    )
    client.force_login(official_japan)
    assert client.get(reverse("tracker:update_edit", args=[update.uid])).status_code == 404


# Editing a draft


def test_editing_a_draft_keeps_one_row_and_bumps_its_version(client, official_japan):
    client.force_login(official_japan)
    client.post(create_url("8.1"), form_data(action="draft"))
    update = StatusUpdate.objects.get(author=official_japan)
    url = reverse("tracker:update_edit", args=[update.uid])
    data = form_data(
        action="draft",
        narrative="Revised narrative.",
        version=str(update.version),
        **{
            "evidence-INITIAL_FORMS": "1",
            "evidence-0-id": str(update.evidence.get().pk),
            "evidence-0-update": str(update.pk),
        },
    )
    assert client.post(url, data).status_code == 302
    update.refresh_from_db()
    assert update.narrative == "Revised narrative."
    assert StatusUpdate.objects.filter(author=official_japan).count() == 1
    assert update.evidence.count() == 1


def test_a_stale_draft_save_is_refused_not_overwritten(client, official_japan):
    update = StatusUpdateFactory(
        commitment=Commitment.objects.get(reference="8.1"),
        author=official_japan,
        narrative="Saved by the other tab.",
    )
    stale_version = update.version
    update.narrative = "Saved by the other tab, again."
    update.save()
    client.force_login(official_japan)
    response = client.post(
        reverse("tracker:update_edit", args=[update.uid]),
        form_data(action="draft", narrative="From a stale form.", version=str(stale_version)),
    )
    assert response.status_code == 400
    assert "Someone else saved this update" in response.content.decode()
    update.refresh_from_db()
    assert update.narrative == "Saved by the other tab, again."


# Review


def submitted_update(author, reference="8.1", **kwargs):
    update = StatusUpdateFactory(
        commitment=Commitment.objects.get(reference=reference),
        author=author,
        state="submitted",
        submitted_at=timezone.now(),
        **kwargs,
    )
    EvidenceFactory(update=update)
    return update


def test_the_queue_lists_submitted_updates_oldest_first(client, official_japan, reviewer):
    newer = submitted_update(official_japan)
    older = submitted_update(official_japan, reference="9.1")
    StatusUpdate.objects.filter(pk=older.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=2)
    )
    StatusUpdateFactory(author=official_japan, narrative="A draft, not for review")
    client.force_login(reviewer)
    response = client.get(reverse("tracker:review_queue"))
    assert [u.pk for u in response.context["updates"]] == [older.pk, newer.pk]


def test_the_queue_shows_fifty_at_a_time_oldest_first(client, official_japan, reviewer):
    updates = [submitted_update(official_japan) for _ in range(51)]
    for days, update in enumerate(reversed(updates)):  # updates[0] submitted longest ago
        StatusUpdate.objects.filter(pk=update.pk).update(
            submitted_at=timezone.now() - datetime.timedelta(hours=days + 1)
        )
    client.force_login(reviewer)
    first = client.get(reverse("tracker:review_queue"))
    assert [u.pk for u in first.context["updates"]] == [u.pk for u in updates[:50]]
    assert 'href="?page=2"' in first.content.decode()
    second = client.get(reverse("tracker:review_queue"), {"page": "2"})
    assert [u.pk for u in second.context["updates"]] == [updates[50].pk]
    for garbage in ("999", "0", "x"):
        assert client.get(reverse("tracker:review_queue"), {"page": garbage}).status_code == 200


def test_reviewer_publishes_and_the_public_sees_it(client, official_japan, reviewer):
    update = submitted_update(official_japan, narrative="Visible after publishing.")
    page = Commitment.objects.get(reference="8.1").get_absolute_url()
    assert b"Visible after publishing." not in client.get(page).content
    client.force_login(reviewer)
    response = client.post(
        reverse("tracker:review_detail", args=[update.uid]),
        {"action": "publish", "note": "", "version": update.version},
    )
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.state == "published" and update.reviewer == reviewer
    client.logout()
    assert b"Visible after publishing." in client.get(page).content
    assert mail.outbox[-1].to == [official_japan.email]
    assert "Published" in mail.outbox[-1].subject


def test_reviewer_returns_with_a_note_the_author_sees(client, official_japan, reviewer):
    update = submitted_update(official_japan)
    client.force_login(reviewer)
    url = reverse("tracker:review_detail", args=[update.uid])
    no_note = client.post(url, {"action": "return", "note": " ", "version": update.version})
    assert no_note.status_code == 400
    client.post(url, {"action": "return", "note": "Cite the gazette.", "version": update.version})
    update.refresh_from_db()
    assert (update.state, update.review_note) == ("returned", "Cite the gazette.")
    assert "Cite the gazette." in mail.outbox[-1].body
    client.force_login(official_japan)
    assert "Cite the gazette." in client.get(reverse("tracker:my_commitments")).content.decode()


def test_a_reviewer_cannot_publish_their_own_update(client, official_japan, reviewer):
    from django.contrib.auth.models import Group

    official_japan.groups.add(Group.objects.get(name="Reviewers"))
    update = submitted_update(official_japan)
    client.force_login(official_japan)
    response = client.post(
        reverse("tracker:review_detail", args=[update.uid]),
        {"action": "publish", "note": "", "version": update.version},
    )
    assert response.status_code == 400
    assert "own update" in response.content.decode()
    update.refresh_from_db()
    assert update.state == "submitted"


def test_officials_and_the_public_cannot_review(client, official_japan):
    update = submitted_update(official_japan)
    url = reverse("tracker:review_detail", args=[update.uid])
    assert client.get(reverse("tracker:review_queue")).status_code == 302
    client.force_login(official_japan)
    assert client.get(reverse("tracker:review_queue")).status_code == 403
    assert client.post(url, {"action": "publish", "version": update.version}).status_code == 403
    update.refresh_from_db()
    assert update.state == "submitted"


def test_review_with_a_garbage_action_is_a_form_error(client, official_japan, reviewer):
    update = submitted_update(official_japan)
    client.force_login(reviewer)
    response = client.post(
        reverse("tracker:review_detail", args=[update.uid]),
        {"action": "delete", "version": "x"},
    )
    assert response.status_code == 400
    update.refresh_from_db()
    assert update.state == "submitted"


def test_publishing_sets_the_next_due_date(client, official_japan, reviewer):
    update = submitted_update(official_japan, as_of=timezone.localdate())
    update.publish(reviewer)
    commitment = Commitment.objects.get(reference="8.1")
    assert commitment.next_update_due == timezone.localdate() + datetime.timedelta(days=182)


def test_a_correction_names_the_published_update_it_supersedes(client, official_japan, reviewer):
    original = submitted_update(official_japan, narrative="First figures.")
    original.publish(reviewer)
    client.force_login(official_japan)
    response = client.post(
        create_url("8.1"),
        form_data(supersedes=str(original.pk), narrative="Corrected figures."),
    )
    assert response.status_code == 302
    correction = StatusUpdate.objects.get(narrative="Corrected figures.")
    assert correction.supersedes == original
    correction.publish(reviewer)
    html = client.get(original.commitment.get_absolute_url()).content.decode()
    assert "First figures." in html and "Corrected figures." in html


def test_a_correction_cannot_point_at_an_unpublished_or_foreign_update(client, official_japan):
    foreign = submitted_update(official_japan, reference="12.1")
    client.force_login(official_japan)
    before = db_state()
    response = client.post(create_url("8.1"), form_data(supersedes=str(foreign.pk)))
    assert response.status_code == 400
    assert "supersedes" in response.context["form"].errors
    assert db_state() == before

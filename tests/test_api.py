"""The read-only JSON API: every endpoint lists, filters and paginates; nothing private leaks."""

import datetime
import json
import re

import pytest
from django.urls import reverse

from tests.factories import EvidenceFactory, StatusUpdateFactory, published_update
from tracker.api.pagination import Pagination
from tracker.api.views import CommitmentViewSet
from tracker.models import Commitment, PointOfContact, Project

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "sectors",
    "declarations",
    "organisations",
    "commitments",
    "projects",
    "updates",
    "compliance",
]


def get(client, url, **params):
    response = client.get(url, params)
    return response, (
        response.json() if response["Content-Type"].startswith("application/json") else None
    )


@pytest.fixture
def assessment():
    from tests.factories import UserFactory
    from tracker.models import ComplianceAssessment

    return ComplianceAssessment.objects.create(
        commitment=Commitment.objects.get(reference="8.1"),
        party="japan",
        period="2026",
        kind="interim",
        score=1,
        rationale="Checked.",
        analyst=UserFactory(username="api-analyst"),
    )


@pytest.mark.parametrize("name", ENDPOINTS)
def test_every_endpoint_lists_with_pagination(client, name, assessment):
    response, data = get(client, f"/api/{name}/", format="json")
    assert response.status_code == 200
    assert {"count", "next", "previous", "results"} <= set(data)
    assert data["count"] >= len(data["results"]) > 0


def test_commitments_filter_through_the_tables_filterset(client):
    _, data = get(client, "/api/commitments/", sector="pharmaceuticals", format="json")
    assert sorted(row["reference"] for row in data["results"]) == ["12.1", "12.2", "12.3"]
    _, data = get(client, "/api/commitments/", q="JOGMEC", format="json")
    assert [row["reference"] for row in data["results"]] == ["9.1"]


def test_pages_are_stable_and_complete(client):
    seen = []
    url = "/api/commitments/?page_size=10&format=json"
    while url:
        data = client.get(url).json()
        seen += [row["reference"] for row in data["results"]]
        url = data["next"]
    assert len(seen) == len(set(seen)) == Commitment.objects.count()
    assert seen.index("9.2") < seen.index("10.1")


def test_beyond_the_count_cap_count_is_null_and_next_still_reaches_every_record(
    client, monkeypatch
):
    monkeypatch.setattr(Pagination, "count_cap", 12)
    seen, url = [], "/api/commitments/?page_size=5&format=json"
    while url:
        data = client.get(url).json()
        assert data["count"] is None
        seen += [row["reference"] for row in data["results"]]
        url = data["next"]
    assert len(seen) == len(set(seen)) == Commitment.objects.count() > 12
    response = client.get("/api/commitments/?page=last&format=json")
    assert response.status_code == 404 and "next" in response.json()["detail"]
    # Up to the cap the count is exact, and the last page is found.
    _, data = get(client, "/api/commitments/", sector="pharmaceuticals", page="last")
    assert data["count"] == 3 and len(data["results"]) == 3


def test_the_schema_says_count_may_be_null(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    listing = schema["components"]["schemas"]["PaginatedCommitmentList"]
    assert listing["properties"]["count"]["nullable"] is True


def test_project_detail_by_slug(client):
    project = Project.objects.filter(amount__isnull=False).first()
    _, data = get(client, f"/api/projects/{project.slug}/", format="json")
    assert data["name"] == project.name
    assert data["currency"] == project.currency


@pytest.mark.parametrize(
    "url",
    [
        "/api/commitments/?sector=nowhere",
        "/api/commitments/?japan_status=finished",
        "/api/projects/?kind=spaceship",
        "/api/updates/?as_of_after=yesterday",
        "/api/sectors/?kind=nonsense",
    ],
)
def test_unknown_filter_values_are_400_not_500(client, url):
    response = client.get(url + "&format=json")
    assert response.status_code == 400
    assert response.json()


def test_a_page_out_of_range_is_404(client):
    assert client.get("/api/commitments/", {"page": 9999, "format": "json"}).status_code == 404


def test_an_unknown_or_malformed_commitment_key_is_404(client):
    last = Commitment.objects.order_by("pk").last()
    for key in (last.pk + 1, "abc", "1.5"):
        response = client.get(f"/api/commitments/{key}/", {"format": "json"})
        assert response.status_code == 404, key
    assert client.get(f"/api/commitments/{last.pk}/", {"format": "json"}).json()["id"] == last.pk


def test_only_published_updates_with_their_evidence_are_served(client):
    draft = StatusUpdateFactory(narrative="DRAFT-NARRATIVE")
    EvidenceFactory(update=draft, title="DRAFT-EVIDENCE")
    submitted = StatusUpdateFactory(state="submitted", narrative="SUBMITTED-NARRATIVE")
    published = published_update(narrative="PUBLISHED-NARRATIVE", review_note="")
    body = client.get("/api/updates/", {"page_size": 200, "format": "json"}).content.decode()
    assert "PUBLISHED-NARRATIVE" in body
    assert "DRAFT" not in body and "SUBMITTED-NARRATIVE" not in body
    assert client.get(f"/api/updates/{draft.uid}/", {"format": "json"}).status_code == 404
    assert client.get(f"/api/updates/{submitted.uid}/", {"format": "json"}).status_code == 404
    data = client.get(f"/api/updates/{published.uid}/", {"format": "json"}).json()
    assert data["evidence"] and "author" not in data and "review_note" not in data


def test_no_private_field_appears_in_any_response(client, assessment):
    from tests.factories import OrganisationFactory, UserFactory

    author = UserFactory(username="secret-author", email="secret-author@example.invalid")
    contact = PointOfContact.objects.create(
        user=author,
        name="Hidden Person",
        side="india",
        organisation=OrganisationFactory(),
        email="hidden@example.invalid",
        phone="+91-11-0000-0000",
    )
    contact.commitments.add(Commitment.objects.get(reference="8.1"))
    published_update(author=author, narrative="Public text.")
    returned = StatusUpdateFactory(state="returned", review_note="PRIVATE-REVIEW-NOTE")
    assert returned.pk
    bodies = []
    for name in ENDPOINTS:
        url = f"/api/{name}/?page_size=200&format=json"
        bodies.append(client.get(url).content.decode())
    bodies.append(client.get("/api/schema/").content.decode())
    text = "\n".join(bodies)
    for secret in (
        "hidden@example.invalid",
        "+91-11-0000-0000",
        "Hidden Person",
        "secret-author",
        "PRIVATE-REVIEW-NOTE",
    ):
        assert secret not in text
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", "\n".join(bodies[:-1]))


def test_the_openapi_schema_is_served_and_valid(client):
    from drf_spectacular.validation import validate_schema

    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = json.loads(response.content)
    validate_schema(schema)
    assert {"/api/commitments/", "/api/updates/{uid}/"} <= set(schema["paths"])


def test_the_documentation_page_loads_without_outside_assets(client):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger" in html.lower()
    assert "cdn." not in html


def test_a_commitment_is_written_as_drfs_own_fields_write_it(client):
    """CommitmentSerializer writes its representation directly; DRF's field-by-field one is the
    reference, for every commitment of the declaration (dates set and unset, with and without
    lead organisations), through the API's list and its detail."""
    from rest_framework import serializers as drf
    from rest_framework.renderers import JSONRenderer

    from tracker.api.serializers import CommitmentSerializer, attach_lead_organisations

    first = Commitment.objects.order_by("pk").first()
    first.planned_start = datetime.date(2025, 9, 1)
    first.planned_end = None
    first.save()
    records = list(CommitmentViewSet.queryset)
    attach_lead_organisations(records)
    assert any(record.lead_organisation_slugs for record in records)
    assert any(not record.lead_organisation_slugs for record in records)
    for record in records:
        serializer = CommitmentSerializer(record, context={"request": None})
        reference = drf.ModelSerializer.to_representation(serializer, record)
        assert serializer.data == reference
        assert JSONRenderer().render(serializer.data) == JSONRenderer().render(reference)
    listed = client.get("/api/commitments/", {"page_size": 200, "format": "json"}).json()
    by_id = {row["id"]: row for row in listed["results"]}
    assert by_id[first.pk]["planned_start"] == "2025-09-01"
    assert by_id[first.pk]["planned_end"] is None
    detail = client.get(f"/api/commitments/{first.pk}/", {"format": "json"}).json()
    assert detail == by_id[first.pk]

"""Every public page runs the same number of SQL queries with 5 and with 200 commitments."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    CommitmentFactory,
    DeclarationFactory,
    EvidenceFactory,
    OrganisationFactory,
    ParagraphFactory,
    ProjectFactory,
    SectorFactory,
    StatusUpdateFactory,
    UserFactory,
    published_update,
)
from tracker.models import ComplianceAssessment, PointOfContact

pytestmark = pytest.mark.django_db


def make_world():
    sector = SectorFactory()
    declaration = DeclarationFactory()
    organisation = OrganisationFactory()
    first = CommitmentFactory(
        paragraph=ParagraphFactory(declaration=declaration, sector=sector),
        lead_organisations=[organisation],
    )
    project = ProjectFactory(sector=sector, commitments=[first], organisations=[organisation])
    official = UserFactory()
    official.groups.add(Group.objects.get(name="Officials"))
    contact = PointOfContact.objects.create(
        user=official, name="Official", side="japan", organisation=organisation
    )
    contact.commitments.add(first)
    reviewer = UserFactory()
    reviewer.groups.add(Group.objects.get(name="Reviewers"))
    submitted = StatusUpdateFactory(
        commitment=first, author=official, state="submitted", submitted_at=timezone.now()
    )
    return SimpleNamespace(
        official=official,
        contact=contact,
        submitted=submitted,
        sector=sector,
        declaration=declaration,
        organisation=organisation,
        first=first,
        project=project,
        reviewer=reviewer,
        author=UserFactory(),
        size=1,
    )


def grow(world, size):
    """Add commitments (each with a published update, evidence and a draft) up to `size`."""
    while world.size < size:
        commitment = CommitmentFactory(
            paragraph=ParagraphFactory(declaration=world.declaration, sector=world.sector),
            lead_organisations=[world.organisation, OrganisationFactory()],
        )
        world.project.commitments.add(commitment)
        published_update(
            reviewer=world.reviewer,
            author=world.author,
            commitment=commitment,
            project=world.project,
            evidence=2,
        )
        # Each update on the first commitment corrects the one before: pages listing updates
        # say so, and must not query for each corrected one.
        world.latest_on_first = published_update(
            reviewer=world.reviewer,
            author=world.author,
            commitment=world.first,
            evidence=1,
            project=world.project,
            supersedes=getattr(world, "latest_on_first", None),
        )
        StatusUpdateFactory(commitment=commitment, author=world.author)
        world.contact.commitments.add(commitment)
        StatusUpdateFactory(commitment=commitment, author=world.official)
        StatusUpdateFactory(
            commitment=commitment,
            author=world.official,
            state="submitted",
            submitted_at=timezone.now(),
        )
        EvidenceFactory(update=world.submitted)
        for party, score in (("japan", 1), ("india", 0)):
            ComplianceAssessment.objects.create(
                commitment=commitment,
                party=party,
                period="2026",
                kind="interim",
                score=score,
                rationale="Test.",
                analyst=world.reviewer,
            )
        world.size += 1


PAGES = {
    "dashboard": lambda w: reverse("tracker:dashboard"),
    "declaration": lambda w: w.declaration.get_absolute_url(),
    "sector_list": lambda w: reverse("sectors:sector_list"),
    "sector_detail": lambda w: w.sector.get_absolute_url(),
    "commitment_list": lambda w: reverse("tracker:commitment_list"),
    "commitment_list_filtered": lambda w: (
        reverse("tracker:commitment_list")
        + f"?sector={w.sector.slug}&japan_status=in_progress&q=test&sort=-title"
    ),
    "commitment_list_by_organisation": lambda w: (
        reverse("tracker:commitment_list")
        + f"?organisation={w.organisation.slug}&sort=japan_status"
    ),
    "commitment_detail": lambda w: w.first.get_absolute_url(),
    "project_list": lambda w: reverse("tracker:project_list"),
    "project_detail": lambda w: w.project.get_absolute_url(),
    "organisation_list": lambda w: reverse("tracker:organisation_list"),
    "organisation_detail": lambda w: w.organisation.get_absolute_url(),
    "update_list": lambda w: reverse("tracker:update_list") + "?sort=-as_of",
    "update_feed": lambda w: reverse("tracker:update_feed"),
    "methodology": lambda w: reverse("tracker:methodology"),
    "api_commitments": lambda w: f"/api/commitments/?format=json&sector={w.sector.slug}",
    "api_commitment": lambda w: f"/api/commitments/{w.first.pk}/?format=json",
    "api_projects": lambda w: "/api/projects/?format=json",
    "api_updates": lambda w: "/api/updates/?format=json&page_size=200",
    "api_organisations": lambda w: "/api/organisations/?format=json",
    "compliance": lambda w: reverse("tracker:compliance"),
    "api_compliance": lambda w: "/api/compliance/?format=json",
    "charts": lambda w: reverse("tracker:charts"),
}

# The pinned budget of each page: a change that adds a query per row fails the equality
# test below; a change that adds a fixed query must update this table on purpose.
EXPECTED = {
    "dashboard": 7,
    "declaration": 5,
    # With stored counts off (as in tests), the sector list and page count everything for
    # their chart and totals; with them on they read them instead (tests/test_counts.py).
    "sector_list": 4,
    # Its commitments and their declarations in two queries (tests/test_filters.py); one more
    # project than it shows tells whether to link to the rest (no query of its own).
    "sector_detail": 9,
    # A table's page and how many rows match in one query (tables.PageAndCountPaginator);
    # the sectors for the filter's choices; the page's lead organisations.
    "commitment_list": 3,
    # With a search: its matches' keys are read first (one query), then counted and paged;
    # the sectors read once, for the filter's choices and to check the chosen one.
    "commitment_list_filtered": 4,
    "commitment_list_by_organisation": 4,
    "commitment_detail": 7,
    "project_list": 3,
    "project_detail": 5,
    "organisation_list": 1,
    "organisation_detail": 4,
    "update_list": 2,
    "update_feed": 1,
    "methodology": 1,
    "api_commitments": 4,
    # The commitment with its declaration's and sector's slugs, then its lead organisations.
    "api_commitment": 2,
    "api_projects": 4,
    "api_updates": 3,
    "api_organisations": 2,
    "compliance": 4,
    "api_compliance": 2,
    # Stored counts off, as in tests: the monthly figures in two queries, the sectors' sizes in
    # three; stored, one row for the figures, the data version and one row for the counts
    # (tests/test_charts.py).
    "charts": 7,
}


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context)


def measure(client, world):
    """The query count of every page, anonymous and signed in, on the world as it is."""
    counts = {}
    for page, url in PAGES.items():
        counts[page] = count_queries(client, url(world))
    for page, (who, url) in SIGNED_IN_PAGES.items():
        client.force_login(getattr(world, who))
        counts[page] = count_queries(client, url(world))
        client.logout()
    return counts


def test_every_page_has_a_fixed_query_count_whatever_the_number_of_commitments(client):
    # One world for all pages: building 200 commitments per page would cost minutes.
    world = make_world()
    grow(world, 5)
    # A search reads PostgreSQL's word statistics once per process and ten minutes
    # (WordShares in tracker/filtersets.py), not once per page: read them before counting.
    client.get(PAGES["commitment_list_filtered"](world))
    small = measure(client, world)
    grow(world, 200)
    large = measure(client, world)
    expected = {**EXPECTED, **SIGNED_IN_EXPECTED}
    assert small == expected
    assert large == expected


# Pages behind a login: (who asks, the URL). Their budget includes the session and user.
SIGNED_IN_PAGES = {
    "my_commitments": ("official", lambda w: reverse("tracker:my_commitments")),
    "update_form": (
        "official",
        lambda w: reverse("tracker:update_create", args=[w.declaration.slug, w.first.reference]),
    ),
    "review_queue": ("reviewer", lambda w: reverse("tracker:review_queue")),
    "review_detail": (
        "reviewer",
        lambda w: reverse("tracker:review_detail", args=[w.submitted.uid]),
    ),
}

SIGNED_IN_EXPECTED = {
    "my_commitments": 9,
    "update_form": 8,
    "review_queue": 6,
    "review_detail": 6,
}

"""Each public page answers 200 with what a reader expects to find on it."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from sectors.models import Sector
from sectors.views import SectorDetailView
from tracker.models import Commitment, Organisation, Project

from .factories import OrganisationFactory, ProjectFactory, SectorFactory

pytestmark = pytest.mark.django_db

DECLARATION = "joint-declaration-economic-security-2025"


def test_dashboard_shows_figures_every_sector_and_the_overdue_list(client):
    response = client.get(reverse("tracker:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["figures"]["total"] == Commitment.objects.count()
    for sector in Sector.objects.all():
        assert sector.name in html
    assert "<svg" in html and "Commitments by completion level" in html
    assert "Overdue for an update" in html


def test_the_dashboard_counts_are_right_on_mixed_statuses():
    # Ratings and statuses spread over sectors and sides, so that every count is non-trivial.
    for i, commitment in enumerate(Commitment.objects.order_by("pk")):
        Commitment.objects.filter(pk=commitment.pk).update(
            japan_confidence=["green", "amber", "red", "not_assessed"][i % 4],
            india_confidence=["red", "not_assessed", "green"][i % 3],
            india_status="" if i % 2 else "in_progress",
        )
    rows = list(Commitment.objects.select_related("sector"))
    today = timezone.localdate()
    figures, confidence, by_sector = Commitment.objects.summary(today=today)

    assert figures == {
        "total": len(rows),
        "in_key_sectors": sum(c.sector.kind == "key" for c in rows),
        "overdue": sum(bool(c.next_update_due and c.next_update_due < today) for c in rows),
        "japan_reported": sum(c.japan_status != "" for c in rows),
        "india_reported": sum(c.india_status != "" for c in rows),
    }
    assert 0 < figures["india_reported"] < figures["total"]
    for side in ("japan", "india"):
        for rating in ("green", "amber", "red", "not_assessed"):
            expected = sum(getattr(c, f"{side}_confidence") == rating for c in rows)
            assert confidence[f"{side}_{rating}"] == expected, (side, rating)
    for row in by_sector:
        mine = [c for c in rows if c.sector.slug == row["sector__slug"]]
        assert row["total"] == len(mine)
        assert row["india_complete"] == sum(c.india_completion == "complete" for c in mine)
        assert row["japan_limited"] == sum(c.japan_completion == "limited" for c in mine)
    assert sum(row["total"] for row in by_sector) == len(rows)


def test_annotated_declaration_prints_every_commitment_with_both_sides_status(client):
    response = client.get(reverse("tracker:annotated_declaration"))
    assert response.status_code == 200
    html = response.content.decode()
    for commitment in Commitment.objects.filter(declaration__slug=DECLARATION):
        assert commitment.get_absolute_url() in html
        assert f'id="c-{commitment.reference}"' in html
    assert "Enhancing Engagement in the Indo-Pacific Region" in html
    assert (
        html.count('class="side-badge"')
        == 2 * Commitment.objects.filter(declaration__slug=DECLARATION).count()
    )


def test_sector_list_and_every_sector_page(client):
    response = client.get(reverse("sectors:sector_list"))
    assert response.status_code == 200
    for sector in Sector.objects.all():
        assert sector.get_absolute_url() in response.content.decode()
        page = client.get(sector.get_absolute_url())
        assert page.status_code == 200
        assert sector.lead_in in page.content.decode()
        for commitment in sector.commitments.all():
            assert commitment.get_absolute_url() in page.content.decode()


def test_a_sector_page_names_each_projects_organisations_and_links_to_the_rest(client):
    sector = SectorFactory(name="Test sector of many projects")
    ministry = OrganisationFactory(name="Ministry of Tests", abbreviation="MOT")
    agency = OrganisationFactory(
        name="Agency of Tests", abbreviation="", country=Organisation.Country.INDIA
    )
    first = ProjectFactory(name="Project 000", sector=sector, organisations=[ministry, agency])
    shown = SectorDetailView.projects_shown
    ProjectFactory.create_batch(shown - 1, sector=sector, source=first.source)
    more = reverse("tracker:project_list") + f"?sector={sector.slug}"

    html = client.get(sector.get_absolute_url()).content.decode()
    # Organisations by name, each by its abbreviation where it has one.
    assert f'<a href="{first.get_absolute_url()}">Project 000</a>' in html
    assert "Agreement, MoU or MoC · Agency of Tests, MOT</span>" in html
    assert html.count('<li><a href="/projects/test-project-') == shown
    assert more not in html  # all shown

    ProjectFactory(name="Zulu project", sector=sector, source=first.source)  # last by name
    html = client.get(sector.get_absolute_url()).content.decode()
    assert html.count('<li><a href="/projects/test-project-') == shown
    assert "Zulu project" not in html
    assert more in html


def test_commitment_page_quotes_the_text_cites_it_and_shows_both_sides(client):
    commitment = Commitment.objects.get(declaration__slug=DECLARATION, reference="10.3.d")
    response = client.get(commitment.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert commitment.text in html
    assert "para. 10, bullet 3, sub-bullet d" in html
    assert "Japan" in html and "India" in html
    assert "Timeline of published updates" in html


def test_commitment_page_shows_its_fact_sheet_updates_and_projects(client):
    commitment = Commitment.objects.filter(updates__state="published").first()
    response = client.get(commitment.get_absolute_url())
    html = response.content.decode()
    update = commitment.updates.published().first()
    assert update.narrative.split("“")[1][:40] in html
    assert "Fact Sheet on Japan-India Economic Security Cooperation" in html
    for project in commitment.projects.all():
        assert project.get_absolute_url() in html


def test_commitment_page_names_each_projects_organisations(client):
    project = Project.objects.filter(organisations__isnull=False, commitments__isnull=False)[0]
    commitment = project.commitments.all()[0]
    html = client.get(commitment.get_absolute_url()).content.decode()
    item = html.split(f'<a href="{project.get_absolute_url()}">')[1].split("</li>")[0]
    names = ", ".join(escape(str(o)) for o in project.organisations.all())
    assert f'<span class="meta">{escape(project.get_kind_display())} · {names}</span>' in item


def test_unknown_commitment_is_404(client):
    url = reverse("tracker:commitment_detail", args=[DECLARATION, "99.9"])
    assert client.get(url).status_code == 404


def test_project_table_and_page(client):
    response = client.get(reverse("tracker:project_list"))
    assert response.status_code == 200
    project = Project.objects.get(slug__contains="sanand")
    assert project.name in response.content.decode() or response.context["table"].page
    page = client.get(project.get_absolute_url())
    assert page.status_code == 200
    assert "Sanand, Gujarat" in page.content.decode()
    assert project.description in page.content.decode()


def test_organisation_table_and_page(client):
    assert client.get(reverse("tracker:organisation_list")).status_code == 200
    organisation = Organisation.objects.filter(projects__isnull=False).first()
    page = client.get(organisation.get_absolute_url())
    assert page.status_code == 200
    for project in organisation.projects.all():
        assert project.get_absolute_url() in page.content.decode()


def test_updates_table_and_atom_feed(client):
    response = client.get(reverse("tracker:update_list"))
    assert response.status_code == 200
    feed = client.get(reverse("tracker:update_feed"))
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert b"<entry>" in feed.content


def test_methodology_defines_every_status_word(client):
    from tracker.models import Completion, Confidence, Lifecycle

    html = client.get(reverse("tracker:methodology")).content.decode()
    for choices in (Lifecycle, Completion, Confidence):
        for label in choices.labels:
            assert f">{label}</span>" in html


def test_every_page_links_the_navigation_and_skip_link(client):
    html = client.get(reverse("tracker:methodology")).content.decode()
    assert 'href="#main"' in html
    for name in ("tracker:commitment_list", "tracker:project_list", "sectors:sector_list"):
        assert reverse(name) in html

"""seed_scale: marked synthetic rows at any size, the real declaration untouched, removable."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from sectors.models import Sector
from tracker.models import Commitment, Declaration, Evidence, PointOfContact, Project, StatusUpdate

pytestmark = pytest.mark.django_db

DECLARATION = "joint-declaration-economic-security-2025"


def real_rows():
    return (
        list(Commitment.objects.filter(declaration__slug=DECLARATION).order_by("pk").values()),
        list(Project.objects.order_by("pk").values()),
        list(StatusUpdate.objects.order_by("pk").values()),
        Evidence.objects.count(),
    )


def seed(**options):
    call_command(
        "seed_scale",
        commitments=60,
        updates_per_commitment=4,
        evidence_per_commitment=2,
        contacts=5,
        verbosity=0,
        **options,
    )


def test_seeding_adds_marked_rows_and_removing_leaves_the_real_declaration_as_it_was():
    before = real_rows()
    seed()
    synthetic = Declaration.objects.filter(slug__startswith="synthetic-scale-")
    assert synthetic.count() == 1
    assert all(
        "not a real document" in title for title in synthetic.values_list("title", flat=True)
    )
    assert Commitment.objects.filter(declaration__in=synthetic).count() == 60
    assert Project.objects.filter(slug__startswith="synthetic-scale-").count() == 12
    updates = StatusUpdate.objects.filter(commitment__declaration__in=synthetic)
    assert updates.count() == 240 and not updates.filter(is_sample=False).exists()
    assert {"published", "draft"} <= set(updates.values_list("state", flat=True))
    assert Evidence.objects.filter(update__in=updates).count() == 120
    assert PointOfContact.objects.filter(name__startswith="Synthetic contact").count() == 5

    call_command("seed_scale", remove=True, verbosity=0)
    assert not Declaration.objects.filter(slug__startswith="synthetic-scale-").exists()
    assert real_rows() == before


def test_a_seeded_commitment_shows_the_status_of_its_latest_published_update():
    seed()
    for commitment in Commitment.objects.filter(declaration__slug__startswith="synthetic-scale-"):
        latest = (
            commitment.updates.published()
            .filter(side__in=["japan", "joint"])
            .order_by("-as_of", "-published_at")
            .first()
        )
        if latest is not None:
            assert commitment.japan_as_of == latest.as_of


def test_seeding_twice_is_refused():
    seed()
    with pytest.raises(Exception, match="already loaded"):
        seed()


def test_public_pages_answer_with_the_synthetic_data_in_place(client):
    seed()
    sector = Sector.objects.get(slug="semiconductors")
    for url in [
        reverse("tracker:dashboard"),
        reverse("tracker:commitment_list") + "?per_page=50",
        reverse("tracker:update_list"),
        sector.get_absolute_url(),
        "/api/commitments/?format=json",
    ]:
        assert client.get(url).status_code == 200, url


def test_the_commitments_table_rows_have_a_cell_for_every_header(client):
    seed()
    for url in [
        reverse("tracker:commitment_list") + "?per_page=50",
        Sector.objects.get(slug="semiconductors").get_absolute_url(),
    ]:
        html = client.get(url).content.decode()
        table = html[html.index('<table class="data-table"') : html.index("</table>")]
        head, body = table.split("<tbody>")
        rows = re.split(r"<tr[\s>]", body)[1:]
        assert rows
        for row in rows:
            assert len(re.findall(r"<td[\s>]", row)) == len(re.findall(r"<th[\s>]", head)), url


def test_a_sector_page_shows_one_page_of_commitments_not_the_whole_sector(client):
    seed()
    sector = Sector.objects.get(slug="semiconductors")
    assert sector.commitments.count() > 0
    html = client.get(sector.get_absolute_url()).content.decode()
    table = html[html.index('<table class="data-table"') : html.index("</table>")]
    assert len(re.findall(r"<tr[\s>]", table)) - 1 == min(50, sector.commitments.count())

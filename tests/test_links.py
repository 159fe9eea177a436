"""Links written without reverse() are the URLs reverse() gives, under any script prefix."""

import pytest
from django.urls import reverse, set_script_prefix

from sectors.models import Sector
from tests.factories import CommitmentFactory, OrganisationFactory
from tracker import links
from tracker.models import Commitment, Declaration, Project

pytestmark = pytest.mark.django_db


def expected_urls():
    commitment = Commitment.objects.select_related("declaration").get(reference="10.3.d")
    project = Project.objects.order_by("pk").first()
    sector = Sector.objects.get(slug="semiconductors")
    declaration = Declaration.objects.order_by("pk").first()
    odd = CommitmentFactory(reference="7.b (2)")  # a space and brackets, quoted as reverse() does
    organisation = OrganisationFactory(slug="test-agency_2")
    return [
        (
            commitment,
            reverse(
                "tracker:commitment_detail",
                args=["joint-declaration-economic-security-2025", "10.3.d"],
            ),
        ),
        (odd, reverse("tracker:commitment_detail", args=[odd.declaration.slug, "7.b (2)"])),
        (project, reverse("tracker:project_detail", args=[project.slug])),
        (sector, reverse("sectors:sector_detail", args=["semiconductors"])),
        (declaration, reverse("tracker:declaration", args=[declaration.slug])),
        (organisation, reverse("tracker:organisation_detail", args=["test-agency_2"])),
    ]


@pytest.mark.parametrize("prefix", ["/", "/tracker/"])
def test_record_links_are_the_urls_reverse_gives(prefix):
    set_script_prefix(prefix)
    try:
        pairs = expected_urls()
        for record, url in pairs:
            assert url.startswith(prefix)
            assert record.get_absolute_url() == url
    finally:
        set_script_prefix("/")


def test_url_maker_fills_each_record_in():
    make = links.url_maker("tracker:organisation_detail")
    assert make("meti") == reverse("tracker:organisation_detail", args=["meti"])
    assert make("mea") == reverse("tracker:organisation_detail", args=["mea"])

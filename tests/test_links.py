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


@pytest.mark.parametrize("script_name", ["", "/tracker"])
def test_every_pages_header_links_are_the_urls_reverse_gives(client, reviewer, script_name):
    """The header's links ({% path %}) for a reader and a signed-in reviewer, at the site's
    root and under a prefix, are the URLs reverse() gives there."""
    names = [
        "tracker:dashboard",
        "tracker:annotated_declaration",
        "sectors:sector_list",
        "tracker:commitment_list",
        "tracker:update_feed",
        "tracker:methodology",
        "login",
    ]
    signed_in = ["tracker:review_queue", "password_change", "logout"]
    for user in (None, reviewer):
        if user:
            client.force_login(user)
        page = reverse("tracker:commitment_list")
        set_script_prefix(script_name + "/")  # as the WSGI handler sets it (the client does not)
        try:
            html = client.get(page).content
            expected = [reverse(name) for name in (signed_in if user else names)]
            expected.append(reverse("tracker:switch_language", args=["ja"]))
        finally:
            set_script_prefix("/")
        for url in expected:
            assert url.startswith(script_name + "/")
            assert f'"{url}'.encode() in html, url

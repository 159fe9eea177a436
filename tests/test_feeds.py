"""Atom feeds: site-wide, per sector and per commitment; published updates only."""

import pytest
from django.urls import reverse

from tests.factories import StatusUpdateFactory, published_update
from tracker.models import Commitment

pytestmark = pytest.mark.django_db


def test_sector_feed_holds_only_that_sectors_published_updates(client):
    pharma = Commitment.objects.get(reference="12.1")
    published_update(commitment=pharma, narrative="PHARMA-PUBLISHED")
    published_update(commitment=Commitment.objects.get(reference="9.2"), narrative="MINERALS")
    StatusUpdateFactory(commitment=pharma, narrative="PHARMA-DRAFT")
    response = client.get(reverse("sectors:sector_feed", args=["pharmaceuticals"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert b"PHARMA-PUBLISHED" in response.content
    assert b"MINERALS" not in response.content and b"PHARMA-DRAFT" not in response.content


def test_commitment_feed(client):
    commitment = Commitment.objects.get(reference="11.6")
    published_update(commitment=commitment, narrative="JCM-UPDATE")
    url = reverse("tracker:commitment_feed", args=[commitment.declaration.slug, "11.6"])
    response = client.get(url)
    assert response.status_code == 200 and b"JCM-UPDATE" in response.content
    assert url in client.get(commitment.get_absolute_url()).content.decode()


def test_unknown_feed_targets_are_404(client):
    assert client.get(reverse("sectors:sector_feed", args=["nowhere"])).status_code == 404
    assert client.get("/commitments/x/99.9/feed/").status_code == 404


def test_feeds_are_sent_in_one_piece(client):
    """The server writes each piece a response yields: a feed goes out in one write."""
    commitment = Commitment.objects.get(reference="11.6")
    for n in range(3):
        published_update(commitment=commitment, narrative=f"PIECE-{n}")
    for url in (
        reverse("tracker:update_feed"),
        reverse("sectors:sector_feed", args=[commitment.sector.slug]),
        reverse("tracker:commitment_feed", args=[commitment.declaration.slug, "11.6"]),
    ):
        response = client.get(url)
        pieces = list(response)
        assert len(pieces) == 1 and b"PIECE-2" in pieces[0]
        assert int(response["Content-Length"]) == len(pieces[0])

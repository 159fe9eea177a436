"""Analysts name a table's current filter, list it, reopen it and share its URL."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.factories import UserFactory
from tracker.models import SavedFilter

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(client):
    user = UserFactory(username="filter-analyst")
    user.groups.add(Group.objects.get(name="Analysts"))
    client.force_login(user)
    return user


def test_an_analyst_saves_and_reopens_a_filter(client, analyst):
    table = reverse("tracker:commitment_list")
    page = client.get(table, {"sector": "ict", "page": "1"})
    form = page.context["save_filter_form"]
    assert form.initial == {"path": table, "query": "sector=ict"}
    response = client.post(
        reverse("tracker:saved_filters"),
        {"name": "ICT", "path": table, "query": "sector=ict&page=1"},
    )
    assert response.status_code == 302
    saved = SavedFilter.objects.get(user=analyst)
    assert saved.url == f"{table}?sector=ict"
    listing = client.get(reverse("tracker:saved_filters")).content.decode()
    assert saved.url in listing
    client.logout()
    shared = client.get(saved.url)
    assert shared.status_code == 200
    assert shared.context["table"].paginator.count == 9


@pytest.mark.parametrize(
    "data",
    [
        {"name": "Off-site", "path": "https://evil.example/", "query": ""},
        {"name": "Admin", "path": "/admin/", "query": ""},
        {"name": "Not a table", "path": "/methodology/", "query": ""},
        {"name": "", "path": "/commitments/", "query": ""},
        {"name": "x" * 500, "path": "/commitments/", "query": ""},
    ],
)
def test_bad_saved_filters_are_refused(client, analyst, data):
    response = client.post(reverse("tracker:saved_filters"), data)
    assert response.status_code == 400
    assert not SavedFilter.objects.exists()


def test_names_are_unique_per_analyst(client, analyst):
    data = {"name": "Mine", "path": "/commitments/", "query": ""}
    assert client.post(reverse("tracker:saved_filters"), data).status_code == 302
    assert client.post(reverse("tracker:saved_filters"), data).status_code == 400


def test_only_the_owner_removes_a_saved_filter(client, analyst):
    other = SavedFilter.objects.create(
        user=UserFactory(username="other-analyst"), name="Theirs", path="/projects/"
    )
    assert client.post(reverse("tracker:saved_filter_delete", args=[other.pk])).status_code == 404
    assert SavedFilter.objects.filter(pk=other.pk).exists()


def test_the_public_and_officials_cannot_save_filters(client, official_japan):
    client.logout()
    assert client.get(reverse("tracker:saved_filters")).status_code == 302
    assert client.get(reverse("tracker:commitment_list")).context["save_filter_form"] is None
    client.force_login(official_japan)
    assert client.get(reverse("tracker:saved_filters")).status_code == 403

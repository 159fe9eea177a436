"""The open-data package: every public table, valid against its own datapackage.json."""

import csv
import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from frictionless import Package, system

from tests.factories import StatusUpdateFactory, UserFactory, published_update
from tracker import opendata
from tracker.models import Commitment, Organisation, PointOfContact, Project, StatusUpdate

pytestmark = pytest.mark.django_db

URL = reverse("tracker:open_data_zip")


@pytest.fixture(autouse=True)
def package_dir(settings, tmp_path):
    settings.TRACKER_OPEN_DATA_DIR = str(tmp_path / "packages")


def download(client, **headers):
    response = client.get(URL, headers=headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return response, zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def table(archive, name):
    with archive.open(f"{name}.csv") as member:
        return list(csv.DictReader(io.TextIOWrapper(member, encoding="utf-8")))


def test_the_package_validates_against_its_own_descriptor(client, tmp_path):
    _response, archive = download(client)
    archive.extractall(tmp_path / "unzipped")
    descriptor = json.loads(archive.read("datapackage.json"))
    assert {resource["path"] for resource in descriptor["resources"]} | {"datapackage.json"} == set(
        archive.namelist()
    )
    with system.use_context(trusted=True):
        report = Package(str(tmp_path / "unzipped" / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    # Foreign keys are checked too: every commitment's sector is in sectors.csv, and so on.
    commitments = next(r for r in descriptor["resources"] if r["name"] == "commitments")
    assert {fk["reference"]["resource"] for fk in commitments["schema"]["foreignKeys"]} == {
        "declarations",
        "sectors",
    }


def test_the_package_holds_every_public_row(client):
    _response, archive = download(client)
    commitments = table(archive, "commitments")
    assert len(commitments) == Commitment.objects.count() == 34
    row = next(r for r in commitments if r["reference"] == "10.3.d")
    assert row["text"] == Commitment.objects.get(reference="10.3.d").text
    assert len(table(archive, "projects")) == Project.objects.count() == 47
    assert len(table(archive, "status_updates")) == StatusUpdate.objects.published().count()
    assert len(table(archive, "organisations")) == 56
    links = table(archive, "project_commitments")
    assert len(links) == Project.commitments.through.objects.count() > 47


def test_drafts_review_notes_and_private_contact_details_stay_out(client):
    draft = StatusUpdateFactory(
        commitment=Commitment.objects.get(reference="8.1"), narrative="DRAFT-NARRATIVE-X"
    )
    StatusUpdateFactory(commitment=draft.commitment, state="returned", review_note="REVIEW-NOTE-X")
    organisation = Organisation.objects.get(slug="meti")
    PointOfContact.objects.create(
        name="Desk officer, semiconductors",
        side="japan",
        organisation=organisation,
        email="private@example.invalid",
        phone="+81 3 0000 0000",
        phone_public=True,
    )
    PointOfContact.objects.create(
        name="Unlisted contact", side="india", organisation=organisation, is_public=False
    )
    _response, archive = download(client)
    everything = b"".join(archive.read(name) for name in archive.namelist()).decode()
    for secret in ("DRAFT-NARRATIVE-X", "REVIEW-NOTE-X", "private@example.invalid", "Unlisted"):
        assert secret not in everything
    (contact,) = table(archive, "points_of_contact")
    assert contact["phone"] == "+81 3 0000 0000" and contact["email"] == ""


def test_a_publication_rebuilds_the_package_and_an_unchanged_one_is_not_modified(client):
    first, archive = download(client)
    etag = first["ETag"]
    assert client.get(URL, headers={"If-None-Match": etag}).status_code == 304
    before = len(table(archive, "status_updates"))

    update = published_update(
        commitment=Commitment.objects.get(reference="11.2"), reviewer=UserFactory()
    )
    second, archive = download(client, **{"If-None-Match": etag})
    assert second["ETag"] != etag
    rows = table(archive, "status_updates")
    assert len(rows) == before + 1
    assert str(update.uid) in {row["uid"] for row in rows}
    assert len(list(opendata.package_dir().glob("*.zip"))) == 1  # the old one is gone


def test_the_page_lists_every_table_and_links_the_download(client):
    response = client.get(reverse("tracker:open_data"))
    content = response.content.decode()
    assert URL in content
    for resource in opendata.RESOURCES:
        assert f"{resource.name}.csv" in content


def test_the_command_writes_the_same_tables(tmp_path):
    path = tmp_path / "package.zip"
    call_command("export_open_data", str(path), stdout=io.StringIO())
    with zipfile.ZipFile(path) as archive:
        assert len(table(archive, "commitments")) == 34

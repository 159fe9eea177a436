"""Bulk import in the admin: a dry-run preview with every row's errors, all or nothing, and an
export that re-imports to the same data."""

import io

import openpyxl
import pytest
from django.urls import reverse

from tests.factories import ProjectFactory, UserFactory
from tracker.models import Commitment, Organisation, PointOfContact, Project
from tracker.resources import (
    CommitmentResource,
    OrganisationResource,
    PointOfContactResource,
    ProjectResource,
)

pytestmark = pytest.mark.django_db

CSV_FORMAT, XLSX_FORMAT = "0", "1"  # the admin's format choices, in BulkImportExport.formats


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="bulk-admin", is_staff=True, is_superuser=True))
    return client


def url(model, action):
    return reverse(f"admin:tracker_{model}_{action}")


def upload(admin_client, model, content, name="rows.csv", file_format=CSV_FORMAT):
    """Post a file to the admin's import page: the dry run and its preview."""
    data = content.encode() if isinstance(content, str) else content
    handle = io.BytesIO(data)
    handle.name = name
    return admin_client.post(
        url(model, "import"), {"import_file": handle, "format": file_format, "resource": "0"}
    )


def confirm(admin_client, model, preview):
    form = preview.context["confirm_form"]
    return admin_client.post(url(model, "process_import"), form.initial)


def export(admin_client, model, resource, file_format=CSV_FORMAT):
    """Post the admin's export form with every column ticked, as the page offers it."""
    prefix = resource.__name__.lower()
    data = {"format": file_format, "resource": "0"}
    data.update({f"{prefix}_{name}": "on" for name in resource().get_export_order()})
    response = admin_client.post(url(model, "export"), data)
    assert response.status_code == 200, response.content[:500]
    return response.content


ORGANISATION_HEADER = "slug,name,abbreviation,kind,country,url\n"


def test_a_good_file_is_previewed_without_writing_then_imported_with_history(admin_client):
    content = ORGANISATION_HEADER + (
        "test-agency,Test Agency,TA,agency,JP,https://example.org/ta\n"
        "test-ministry,Test Ministry,,ministry,IN,\n"
    )
    preview = upload(admin_client, "organisation", content)
    assert preview.status_code == 200
    result = preview.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert [row.import_type for row in result.rows] == ["new", "new"]
    assert not Organisation.objects.filter(slug__startswith="test-").exists()  # dry run only

    response = confirm(admin_client, "organisation", preview)
    assert response.status_code == 302
    agency = Organisation.objects.get(slug="test-agency")
    assert (agency.name, agency.kind, agency.country) == ("Test Agency", "agency", "JP")
    assert agency.history.count() == 1


def test_a_file_with_bad_rows_is_refused_whole_with_every_rows_errors(admin_client):
    before = list(Organisation.objects.values_list("slug", "name", "kind"))
    content = ORGANISATION_HEADER + (
        "good-agency,Good Agency,,agency,JP,\n"
        "bad-kind,Bad Kind,,spaceship,JP,\n"
        "bad-url,Bad URL,,agency,IN,javascript:alert(1)\n"
        "meti,Renamed by a bad file,,agency,ZZ,\n"
    )
    preview = upload(admin_client, "organisation", content)
    result = preview.context["result"]
    assert result.has_validation_errors()
    invalid = {row.number: row.field_specific_errors for row in result.invalid_rows}
    assert set(invalid) == {2, 3, 4}
    assert "kind" in invalid[2] and "url" in invalid[3] and "country" in invalid[4]
    page = preview.content.decode()
    assert "spaceship" in page and "is not a valid choice" in page
    assert "confirm_form" not in preview.context or preview.context["confirm_form"] is None

    # Even a confirmation forged from a clean file's form cannot sneak the bad rows in.
    clean = upload(admin_client, "organisation", ORGANISATION_HEADER + "x-agency,X,,agency,JP,\n")
    forged = {**clean.context["confirm_form"].initial}
    bad = upload(admin_client, "organisation", content)  # stored but offered no confirmation
    assert bad.context.get("confirm_form") is None
    admin_client.post(url("organisation", "process_import"), forged)  # the clean file: imports
    assert Organisation.objects.filter(slug="x-agency").exists()
    assert set(before) <= set(Organisation.objects.values_list("slug", "name", "kind"))
    assert not Organisation.objects.filter(slug__in=["good-agency", "bad-kind", "bad-url"]).exists()


def test_a_failed_import_rolls_back_rows_that_were_valid(admin_client):
    """Run the real import (not the dry run) on a file whose last row fails: nothing stays."""
    resource = OrganisationResource()
    import tablib

    dataset = tablib.Dataset(headers=["slug", "name", "abbreviation", "kind", "country", "url"])
    dataset.append(["kept-nowhere", "Valid row", "", "agency", "JP", ""])
    dataset.append(["broken", "Invalid row", "", "agency", "ZZ", ""])
    result = resource.import_data(dataset, dry_run=False, rollback_on_validation_errors=True)
    assert result.has_validation_errors()
    assert not Organisation.objects.filter(slug__in=["kept-nowhere", "broken"]).exists()


def test_commitment_rows_name_their_relations_and_bad_ones_say_which(admin_client):
    header = (
        "declaration,reference,paragraph,position,sector,title,text,parties,"
        "lead_organisations,planned_start,planned_end,next_update_due\n"
    )
    declaration = "joint-declaration-economic-security-2025"
    content = header + (
        f"{declaration},8.9,4,900,semiconductors,New,Text.,joint,meti,,,\n"
        f"{declaration},8.10,4,901,nowhere,New,Text.,joint,meti,,,\n"
        f'{declaration},8.11,4,902,semiconductors,New,Text.,joint,"meti,nobody",,,\n'
        f"{declaration},8.12,999,903,semiconductors,New,Text.,joint,,2026-13-01,,\n"
    )
    preview = upload(admin_client, "commitment", content)
    result = preview.context["result"]
    assert not result.has_errors()  # every problem is a validation error, listed per row
    assert {row.number for row in result.invalid_rows} == {2, 3, 4}
    page = preview.content.decode()
    assert "No sector with slug “nowhere”" in page
    assert "No organisation with slug “nobody”" in page
    assert "no paragraph at position 999" in page
    assert not Commitment.objects.filter(reference__in=["8.9", "8.10", "8.11", "8.12"]).exists()


def snapshot(resource):
    return resource().export().csv


@pytest.mark.parametrize(
    ("model", "resource"),
    [
        ("organisation", OrganisationResource),
        ("commitment", CommitmentResource),
        ("project", ProjectResource),
        ("pointofcontact", PointOfContactResource),
    ],
)
@pytest.mark.parametrize("file_format", [CSV_FORMAT, XLSX_FORMAT])
def test_an_admin_export_re_imports_to_the_same_data(admin_client, model, resource, file_format):
    # Records with every kind of relation, including ones the declaration does not have yet.
    project = ProjectFactory(
        slug="round-trip-project",
        commitments=list(Commitment.objects.filter(reference__in=["8.1", "10.3.d"])),
        organisations=list(Organisation.objects.filter(slug__in=["meti", "meity"])),
        amount="1250.50",
        currency="JPY",
    )
    contact = PointOfContact.objects.create(
        name="Desk, critical minerals",
        role="Director",
        side="india",
        organisation=Organisation.objects.get(slug="meity"),
        email="desk@example.invalid",
        phone="+91 11 0000 0000",
        phone_public=True,
        user=UserFactory(username="round-trip-official"),
    )
    contact.commitments.set(Commitment.objects.filter(reference__in=["9.1", "IP"]))
    contact.projects.set([project])
    Organisation.objects.create(
        slug="round-trip-organisation", name="Round trip", kind="agency", country="XX"
    )
    original = snapshot(resource)
    exported = export(admin_client, model, resource, file_format)

    # Damage the data: edit fields, drop relations, delete records that have no dependants.
    Organisation.objects.filter(slug="meti").update(name="Damaged", url="")
    commitment = Commitment.objects.get(reference="10.3.d")
    commitment.title = "Damaged"
    commitment.save()
    commitment.lead_organisations.clear()
    Organisation.objects.filter(slug="round-trip-organisation").delete()
    if model == "project":
        project.delete()  # with its relations: the import must bring all of them back
    if model == "pointofcontact":
        contact.delete()

    preview = upload(
        admin_client,
        model,
        exported,
        "export." + ("csv" if file_format == CSV_FORMAT else "xlsx"),
        file_format,
    )
    result = preview.context["result"]
    assert not result.has_errors() and not result.has_validation_errors(), [
        (e.error, e.traceback[-800:]) for _n, errors in result.row_errors() for e in errors
    ] + [row.error_dict for row in result.invalid_rows]
    assert confirm(admin_client, model, preview).status_code == 302
    assert snapshot(resource) == original


def test_the_export_is_a_real_xlsx_with_the_natural_keys(admin_client):
    content = export(admin_client, "commitment", CommitmentResource, XLSX_FORMAT)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("declaration", "reference", "paragraph")
    row = next(r for r in rows if r[1] == "10.3.d")
    assert row[0] == "joint-declaration-economic-security-2025"
    assert len(rows) == Commitment.objects.count() + 1


def test_import_needs_the_add_permission(client):
    staff = UserFactory(username="staff-no-perms", is_staff=True)
    client.force_login(staff)
    assert client.get(url("organisation", "import")).status_code == 403
    assert Project.objects.count() == 47

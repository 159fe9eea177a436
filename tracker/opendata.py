"""The open-data package: every public table as CSV, described by a Frictionless datapackage.json.

The package is built from the database as it stands and kept on disk under a fingerprint of
the data (each table's row count and latest history entry), so a change to any public record
(a publication, an admin edit, an import) makes the next download a new package, and an
unchanged database serves the same file again without rebuilding it.
"""

import csv
import datetime
import decimal
import hashlib
import io
import json
import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from sectors.models import Sector

from .models import (
    Commitment,
    ComplianceAssessment,
    Declaration,
    Evidence,
    Organisation,
    Paragraph,
    PointOfContact,
    Project,
    StatusUpdate,
)

PACKAGE_NAME = "japan-india-economic-security-tracker"
FILENAME = f"{PACKAGE_NAME}-open-data.zip"


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # a Frictionless Table Schema type: string, integer, number, boolean, date...
    path: str  # the ORM path read with values_list()
    description: str


def F(name, type_, description, path=None):  # noqa: N802 - reads as a table of fields
    return Field(name, type_, path or name, description)


@dataclass(frozen=True)
class Resource:
    name: str
    title: str
    queryset: object  # a callable returning the public rows
    fields: tuple
    primary_key: tuple
    foreign_keys: tuple = ()  # (fields, resource, resource fields)

    def rows(self):
        paths = [field.path for field in self.fields]
        return self.queryset().values_list(*paths).iterator(chunk_size=2000)


SIDE_STATUS = (
    F("japan_status", "string", "Japan's current lifecycle status (empty: not reported)."),
    F("japan_as_of", "date", "The as-of date of Japan's current status."),
    F("india_status", "string", "India's current lifecycle status (empty: not reported)."),
    F("india_as_of", "date", "The as-of date of India's current status."),
)

RESOURCES = (
    Resource(
        "sectors",
        "Sectors and cross-cutting areas",
        lambda: Sector.objects.order_by("order"),
        (
            F("slug", "string", "Identifier."),
            F("name", "string", "Name."),
            F("kind", "string", "key (one of the five key sectors) or cross_cutting."),
            F("order", "integer", "Order in the declaration."),
            F("heading", "string", "The declaration's heading for it."),
            F("lead_in", "string", "The declaration's lead-in sentence, verbatim."),
        ),
        ("slug",),
    ),
    Resource(
        "declarations",
        "Declarations and fact sheets",
        lambda: Declaration.objects.order_by("adopted_on", "slug"),
        (
            F("slug", "string", "Identifier."),
            F("title", "string", "Title."),
            F("short_title", "string", "Short title."),
            F("kind", "string", "declaration or fact_sheet."),
            F("adopted_on", "date", "Date of adoption or issue."),
            F("place", "string", "Place of adoption."),
            F("parties", "string", "The parties."),
            F("url", "string", "Address of the official text."),
        ),
        ("slug",),
    ),
    Resource(
        "paragraphs",
        "Paragraphs of each declaration",
        lambda: Paragraph.objects.order_by("declaration__slug", "position"),
        (
            F("declaration", "string", "The declaration's slug.", "declaration__slug"),
            F("position", "integer", "Position in the text."),
            F("number", "string", "The paragraph's number, if it has one."),
            F("heading", "string", "Heading above the paragraph."),
            F("text", "string", "The paragraph's text, verbatim."),
            F("sector", "string", "The sector's slug.", "sector__slug"),
        ),
        ("declaration", "position"),
        ((("declaration",), "declarations", ("slug",)),),
    ),
    Resource(
        "commitments",
        "Commitments, with each side's current status",
        lambda: Commitment.objects.order_by("declaration__slug", "position"),
        (
            F("declaration", "string", "The declaration's slug.", "declaration__slug"),
            F("reference", "string", "Reference: paragraph, bullet, sub-bullet (10.3.d)."),
            F("position", "integer", "Position in the text."),
            F("sector", "string", "The sector's slug.", "sector__slug"),
            F("title", "string", "Short title."),
            F("text", "string", "The commitment's text, verbatim."),
            F("parties", "string", "Who commits: joint, japan or india."),
            *SIDE_STATUS,
            F("japan_completion", "string", "Japan's completion level."),
            F("india_completion", "string", "India's completion level."),
            F("japan_confidence", "string", "Japan's delivery-confidence rating."),
            F("india_confidence", "string", "India's delivery-confidence rating."),
            F("next_update_due", "date", "When the next status update is due."),
        ),
        ("declaration", "reference"),
        (
            (("declaration",), "declarations", ("slug",)),
            (("sector",), "sectors", ("slug",)),
        ),
    ),
    Resource(
        "commitment_lead_organisations",
        "Lead organisations of each commitment",
        lambda: Commitment.lead_organisations.through.objects.order_by(
            "commitment__declaration__slug", "commitment__position", "organisation__slug"
        ),
        (
            F("declaration", "string", "The declaration's slug.", "commitment__declaration__slug"),
            F("reference", "string", "The commitment's reference.", "commitment__reference"),
            F("organisation", "string", "The organisation's slug.", "organisation__slug"),
        ),
        ("declaration", "reference", "organisation"),
        (
            (("declaration", "reference"), "commitments", ("declaration", "reference")),
            (("organisation",), "organisations", ("slug",)),
        ),
    ),
    Resource(
        "organisations",
        "Organisations named in the declaration and the Fact Sheet",
        lambda: Organisation.objects.order_by("slug"),
        (
            F("slug", "string", "Identifier."),
            F("name", "string", "Name."),
            F("abbreviation", "string", "Abbreviation."),
            F("kind", "string", "Kind of organisation."),
            F("country", "string", "Country code (JP, IN, or other)."),
            F("url", "string", "Website."),
        ),
        ("slug",),
    ),
    Resource(
        "projects",
        "Projects, agreements, dialogues, programmes and loans of the Fact Sheet",
        lambda: Project.objects.order_by("slug"),
        (
            F("slug", "string", "Identifier."),
            F("name", "string", "Name."),
            F("kind", "string", "Kind of project."),
            F("description", "string", "Description, verbatim from the source."),
            F("source", "string", "The source document's slug.", "source__slug"),
            F("sector", "string", "The sector's slug.", "sector__slug"),
            F("announced_on", "date", "Date given by the source."),
            F("announced_precision", "string", "Precision of that date: day, month or year."),
            F("location", "string", "Place."),
            F("amount", "number", "Amount, where the source gives one."),
            F("currency", "string", "Currency of the amount (ISO 4217)."),
            *SIDE_STATUS,
        ),
        ("slug",),
        (
            (("source",), "declarations", ("slug",)),
            (("sector",), "sectors", ("slug",)),
        ),
    ),
    Resource(
        "project_commitments",
        "The commitments each project serves",
        lambda: Project.commitments.through.objects.order_by(
            "project__slug", "commitment__declaration__slug", "commitment__position"
        ),
        (
            F("project", "string", "The project's slug.", "project__slug"),
            F("declaration", "string", "The declaration's slug.", "commitment__declaration__slug"),
            F("reference", "string", "The commitment's reference.", "commitment__reference"),
        ),
        ("project", "declaration", "reference"),
        (
            (("project",), "projects", ("slug",)),
            (("declaration", "reference"), "commitments", ("declaration", "reference")),
        ),
    ),
    Resource(
        "project_organisations",
        "The organisations of each project",
        lambda: Project.organisations.through.objects.order_by(
            "project__slug", "organisation__slug"
        ),
        (
            F("project", "string", "The project's slug.", "project__slug"),
            F("organisation", "string", "The organisation's slug.", "organisation__slug"),
        ),
        ("project", "organisation"),
        (
            (("project",), "projects", ("slug",)),
            (("organisation",), "organisations", ("slug",)),
        ),
    ),
    Resource(
        "points_of_contact",
        "Points of contact listed publicly (email and phone only where marked public)",
        lambda: PointOfContact.objects.filter(is_public=True).order_by("side", "name", "pk"),
        (
            F("id", "integer", "Identifier."),
            F("name", "string", "Name or title of the post."),
            F("role", "string", "Role."),
            F("side", "string", "japan or india."),
            F("organisation", "string", "The organisation's slug.", "organisation__slug"),
            F("email", "string", "Email, where marked public."),
            F("email_public", "boolean", "Whether the email is public."),
            F("phone", "string", "Phone, where marked public."),
            F("phone_public", "boolean", "Whether the phone is public."),
        ),
        ("id",),
        ((("organisation",), "organisations", ("slug",)),),
    ),
    Resource(
        "status_updates",
        "Published status updates",
        lambda: StatusUpdate.objects.published().order_by("published_at", "pk"),
        (
            F("uid", "string", "Identifier."),
            F("declaration", "string", "The declaration's slug.", "commitment__declaration__slug"),
            F("reference", "string", "The commitment's reference.", "commitment__reference"),
            F(
                "project",
                "string",
                "The project's slug, if the update is about one.",
                "project__slug",
            ),
            F("side", "string", "Who reports: japan, india or joint."),
            F("as_of", "date", "The date the update speaks for."),
            F("lifecycle", "string", "Lifecycle status."),
            F("completion", "string", "Completion level."),
            F("confidence", "string", "Delivery-confidence rating."),
            F("confidence_rationale", "string", "Rationale for the rating."),
            F("narrative", "string", "Narrative."),
            F("published_at", "datetime", "When a reviewer published it."),
            F("supersedes", "string", "The update it corrects, if any.", "supersedes__uid"),
        ),
        ("uid",),
        (
            (("declaration", "reference"), "commitments", ("declaration", "reference")),
            (("project",), "projects", ("slug",)),
        ),
    ),
    Resource(
        "evidence",
        "Evidence cited by published status updates",
        lambda: Evidence.objects.filter(update__state=StatusUpdate.State.PUBLISHED).order_by(
            "update__published_at", "update__pk", "pk"
        ),
        (
            F("uid", "string", "Identifier."),
            F("update", "string", "The status update's identifier.", "update__uid"),
            F("url", "string", "Address of the evidence."),
            F("document", "string", "The source document's slug, if it is one.", "document__slug"),
            F("title", "string", "Title."),
            F("publisher", "string", "Publisher."),
            F("kind", "string", "Kind of evidence."),
            F("published_on", "date", "Date of the evidence."),
            F("excerpt", "string", "Excerpt."),
        ),
        ("uid",),
        ((("update",), "status_updates", ("uid",)),),
    ),
    Resource(
        "compliance_assessments",
        "Current compliance scores (G7/G20 Research Group method)",
        lambda: ComplianceAssessment.objects.current().order_by(
            "commitment__declaration__slug", "commitment__position", "party", "period", "kind"
        ),
        (
            F("declaration", "string", "The declaration's slug.", "commitment__declaration__slug"),
            F("reference", "string", "The commitment's reference.", "commitment__reference"),
            F("party", "string", "japan or india."),
            F("period", "string", "Assessment period."),
            F("kind", "string", "interim or final."),
            F("score", "integer", "-1, 0 or +1."),
            F("rationale", "string", "Rationale."),
            F("evidence_url", "string", "Address of the evidence."),
            F("evidence_title", "string", "Title of the evidence."),
            F("assessed_at", "datetime", "When the analyst scored it."),
        ),
        ("declaration", "reference", "party", "period", "kind"),
        ((("declaration", "reference"), "commitments", ("declaration", "reference")),),
    ),
)

# Private columns read through values_list(): blanked unless their flag says public.
PRIVATE_UNLESS = {"points_of_contact": {"email": "email_public", "phone": "phone_public"}}

FINGERPRINT_MODELS = (
    Sector,
    Declaration,
    Paragraph,
    Commitment,
    Organisation,
    Project,
    PointOfContact,
    StatusUpdate,
    Evidence,
    ComplianceAssessment,
)


def fingerprint():
    """A digest of every public table's size and latest history entry (two queries a table).

    Saves, deletions and imports add history rows; bulk loads that bypass history still
    change a table's size, or are followed by a save (publishing, `load_declaration`).
    """
    parts = []
    for model in FINGERPRINT_MODELS:
        parts.append(model._meta.label)
        parts.append(model._default_manager.count())
        parts.append(model.history.aggregate(latest=Max("history_id"))["latest"])
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:20]


def cell(value, type_):
    if value is None:
        return ""
    if type_ == "boolean":
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value
    if isinstance(value, (datetime.date, decimal.Decimal)):
        return str(value)
    return str(value)


def resource_csv(resource, stream):
    """Write one resource as UTF-8 CSV to a text stream."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow([field.name for field in resource.fields])
    private = PRIVATE_UNLESS.get(resource.name, {})
    names = [field.name for field in resource.fields]
    types = [field.type for field in resource.fields]
    for row in resource.rows():
        values = dict(zip(names, row, strict=True))
        for column, flag in private.items():
            if not values[flag]:
                values[column] = ""
        writer.writerow(
            [cell(values[name], type_) for name, type_ in zip(names, types, strict=True)]
        )


def descriptor(created=None):
    """The Frictionless Data Package descriptor (datapackage.json) of the package."""
    declaration = Declaration.objects.declarations().first()
    return {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": "Japan-India Economic Security Cooperation Tracker: open data",
        "description": (
            "Commitments of the Joint Declaration on Economic Security Cooperation between "
            "Japan and India (Tokyo, 29 August 2025), the projects of its Fact Sheet, and the "
            "published status updates, evidence and compliance scores recorded against them. "
            "Only published and public records are included."
        ),
        "created": (created or timezone.now()).isoformat(timespec="seconds"),
        "sources": [{"title": declaration.title, "path": declaration.url}]
        if declaration and declaration.url
        else [],
        "resources": [
            {
                "name": resource.name,
                "title": resource.title,
                "path": f"{resource.name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [
                        {"name": field.name, "type": field.type, "description": field.description}
                        for field in resource.fields
                    ],
                    "primaryKey": list(resource.primary_key),
                    "foreignKeys": [
                        {
                            "fields": list(fields),
                            "reference": {"resource": target, "fields": list(target_fields)},
                        }
                        for fields, target, target_fields in resource.foreign_keys
                    ],
                    "missingValues": [""],
                },
            }
            for resource in RESOURCES
        ],
    }


def write_package(target):
    """Write the whole package as a ZIP to `target` (a path or a binary file object)."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", json.dumps(descriptor(), indent=2, ensure_ascii=False))
        for resource in RESOURCES:
            with (
                archive.open(f"{resource.name}.csv", "w") as member,
                io.TextIOWrapper(member, encoding="utf-8", newline="") as text,
            ):
                resource_csv(resource, text)


def package_dir():
    return Path(settings.TRACKER_OPEN_DATA_DIR or tempfile.gettempdir()) / "tracker-open-data"


def current_package():
    """The path of the package for the data as it stands, built if it does not exist yet.

    Returns (path, fingerprint). Older packages are removed once the new one is in place.
    """
    digest = fingerprint()
    directory = package_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{digest}.zip"
    if not path.exists():
        # Build under a unique name and rename: concurrent requests never see half a file.
        handle, partial = tempfile.mkstemp(dir=directory, suffix=".partial")
        try:
            with os.fdopen(handle, "wb") as stream:
                write_package(stream)
            os.replace(partial, path)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
        for old in directory.glob("*.zip"):
            if old != path:
                old.unlink(missing_ok=True)
    return path, digest

"""The fixtures taken from the Joint Declaration and its Fact Sheet: verbatim, complete, idempotent.

Every check reads the loaded rows and compares them with the repaired source texts in
fixtures/sources/, so a fixture that drifts from its source (a typo, a dropped bullet, a status
that no published update supports) fails here.
"""

import calendar
import datetime
import json
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from sectors.models import Sector
from tracker.models import (
    Commitment,
    Declaration,
    Evidence,
    Organisation,
    Paragraph,
    PointOfContact,
    Project,
    StatusUpdate,
)

FIXTURES_DIR = Path(django_settings.BASE_DIR) / "fixtures"
FIXTURE_NAMES = ("sectors", "declarations", "organisations", "commitments", "projects", "updates")
DECLARATION = "joint-declaration-economic-security-2025"
FACT_SHEET = "fact-sheet-economic-security-2025"
ADOPTED_ON = datetime.date(2025, 8, 29)
DECLARATION_TEXT = (FIXTURES_DIR / "sources" / "joint-declaration.txt").read_text(encoding="utf-8")
FACT_SHEET_TEXT = (FIXTURES_DIR / "sources" / "fact-sheet.txt").read_text(encoding="utf-8")

KEY_SECTORS = {"semiconductors", "critical-minerals", "ict", "clean-energy", "pharmaceuticals"}
CROSS_CUTTING = {
    "project-based-collaboration",
    "institutional-mechanisms",
    "critical-emerging-technologies",
    "indo-pacific",
}
# Models the fixtures may hold; nothing about people (users, points of contact).
ALLOWED_MODELS = {
    "sectors.sector",
    "tracker.declaration",
    "tracker.paragraph",
    "tracker.organisation",
    "tracker.commitment",
    "tracker.project",
    "tracker.statusupdate",
    "tracker.evidence",
}
# Organisations the sources name in another form than the stored name or abbreviation.
NAMED_AS = {
    "ministry-of-foreign-affairs-japan": "the Foreign Ministries",
    "ministry-of-external-affairs-india": "the Foreign Ministries",
    "ministry-of-science-and-technology-india": "India's Ministry of Science and Technology",
}


def load():
    call_command("loaddata", *FIXTURE_NAMES, verbosity=0)


@pytest.fixture
def fixtures_loaded(settings):
    """The six fixtures, loaded by name the way `load_declaration` loads them."""
    fixture_dirs = [Path(d).resolve() for d in settings.FIXTURE_DIRS]
    if FIXTURES_DIR.resolve() not in fixture_dirs:
        settings.FIXTURE_DIRS = [*settings.FIXTURE_DIRS, FIXTURES_DIR]
    load()


def declaration_lines(*markers):
    return [
        line[len(marker) :]
        for line in DECLARATION_TEXT.splitlines()
        for marker in markers
        if line.startswith(marker)
    ]


def snapshot():
    """Every row of every fixture model, with its many-to-many links."""
    return {
        "sectors": list(Sector.objects.order_by("pk").values()),
        "declarations": list(Declaration.objects.order_by("pk").values()),
        "paragraphs": list(Paragraph.objects.order_by("pk").values()),
        "organisations": list(Organisation.objects.order_by("pk").values()),
        "commitments": list(Commitment.objects.order_by("pk").values()),
        "leads": list(
            Commitment.lead_organisations.through.objects.order_by(
                "commitment_id", "organisation_id"
            ).values_list("commitment_id", "organisation_id")
        ),
        "projects": list(Project.objects.order_by("pk").values()),
        "project_commitments": list(
            Project.commitments.through.objects.order_by("project_id", "commitment_id").values_list(
                "project_id", "commitment_id"
            )
        ),
        "project_organisations": list(
            Project.organisations.through.objects.order_by(
                "project_id", "organisation_id"
            ).values_list("project_id", "organisation_id")
        ),
        "updates": list(StatusUpdate.objects.order_by("pk").values()),
        "evidence": list(Evidence.objects.order_by("pk").values()),
    }


def implied_status(record, updates):
    """What a row's stored status must be, given the published updates that name it."""
    interval = datetime.timedelta(days=django_settings.TRACKER_REPORTING_INTERVAL_DAYS)
    expected = {}
    latest_as_of = None
    for side in ("japan", "india"):
        mine = [u for u in updates if u.side in ("joint", side)]
        last = max(mine, key=lambda u: (u.as_of, u.published_at, u.pk), default=None)
        expected[f"{side}_status"] = last.lifecycle if last else ""
        expected[f"{side}_as_of"] = last.as_of if last else None
        if isinstance(record, Commitment):
            expected[f"{side}_completion"] = last.completion if last else "no_evidence"
            expected[f"{side}_confidence"] = last.confidence if last else "not_assessed"
        if last and (latest_as_of is None or last.as_of > latest_as_of):
            latest_as_of = last.as_of
    if isinstance(record, Commitment):
        expected["next_update_due"] = (latest_as_of or ADOPTED_ON) + interval
    return expected


def stored_status(record, expected):
    return {field: getattr(record, field) for field in expected}


def last_day_of_period(announced_on, precision):
    if precision == "year":
        day = datetime.date(announced_on.year, 12, 31)
    else:
        last = calendar.monthrange(announced_on.year, announced_on.month)[1]
        day = announced_on.replace(day=last)
    return min(day, ADOPTED_ON)


@pytest.mark.django_db
def test_loading_the_fixtures_again_changes_nothing(fixtures_loaded):
    before = snapshot()
    load()
    after = snapshot()
    assert {name: len(rows) for name, rows in after.items()} == {
        name: len(rows) for name, rows in before.items()
    }
    assert after == before


@pytest.mark.django_db
def test_the_fixtures_hold_the_whole_declaration_and_fact_sheet(fixtures_loaded):
    assert set(Declaration.objects.values_list("slug", "kind")) == {
        (DECLARATION, "declaration"),
        (FACT_SHEET, "fact_sheet"),
    }
    assert Paragraph.objects.filter(declaration__slug=DECLARATION).count() == 14
    assert Commitment.objects.filter(declaration__slug=DECLARATION).count() == 34
    assert Project.objects.filter(source__slug=FACT_SHEET).count() >= 40


@pytest.mark.django_db
def test_five_key_sectors_and_the_cross_cutting_areas(fixtures_loaded):
    assert set(Sector.objects.key().values_list("slug", flat=True)) == KEY_SECTORS
    assert set(Sector.objects.cross_cutting().values_list("slug", flat=True)) == CROSS_CUTTING
    assert list(Sector.objects.order_by("order").values_list("order", flat=True)) == list(
        range(1, 10)
    )
    for sector in Sector.objects.all():
        assert sector.lead_in in DECLARATION_TEXT, sector.slug
        if sector.heading:
            headings = {sector.heading, f"{sector.heading}:"}
            assert headings & set(DECLARATION_TEXT.splitlines()), sector.slug


@pytest.mark.django_db
def test_every_commitment_text_occurs_verbatim_in_the_declaration(fixtures_loaded):
    for commitment in Commitment.objects.filter(declaration__slug=DECLARATION):
        assert commitment.text in DECLARATION_TEXT, commitment.reference


@pytest.mark.django_db
def test_every_bullet_and_sub_bullet_of_the_declaration_is_a_commitment(fixtures_loaded):
    bullets = declaration_lines("- ", "  ❖ ")
    assert len(bullets) == 30
    texts = set(
        Commitment.objects.filter(declaration__slug=DECLARATION).values_list("text", flat=True)
    )
    missing = [bullet for bullet in bullets if bullet not in texts]
    assert missing == []


@pytest.mark.django_db
def test_sub_bullets_are_referenced_under_their_bullet(fixtures_loaded):
    sub_bullets = declaration_lines("  ❖ ")
    commitments = Commitment.objects.filter(declaration__slug=DECLARATION)
    sub_bullet_refs = commitments.filter(reference__regex=r"^\d+\.\d+\.[a-z]$")
    stored = dict(sub_bullet_refs.values_list("text", "reference"))
    assert [stored.get(text) for text in sub_bullets] == [f"10.3.{x}" for x in "abcdef"]


@pytest.mark.django_db
def test_commitments_are_numbered_in_document_order(fixtures_loaded):
    commitments = Commitment.objects.filter(declaration__slug=DECLARATION).order_by("position")
    commitments = list(commitments)
    assert [c.position for c in commitments] == list(range(1, len(commitments) + 1))
    offsets = [DECLARATION_TEXT.index(c.text) for c in commitments]
    assert offsets == sorted(offsets)
    assert len(set(offsets)) == len(offsets)


@pytest.mark.django_db
def test_unbulleted_paragraphs_have_commitments(fixtures_loaded):
    for reference, number in [("5", "5"), ("6", "6"), ("7", "7"), ("IP", "")]:
        commitment = Commitment.objects.get(declaration__slug=DECLARATION, reference=reference)
        assert commitment.paragraph.number == number
        assert commitment.text in commitment.paragraph.text


@pytest.mark.django_db
def test_every_paragraph_text_occurs_in_the_declaration(fixtures_loaded):
    paragraphs = Paragraph.objects.filter(declaration__slug=DECLARATION).order_by("position")
    assert [p.position for p in paragraphs] == list(range(1, 15))
    assert [p.number for p in paragraphs] == [str(n) for n in range(1, 14)] + [""]
    lines = DECLARATION_TEXT.splitlines()
    for paragraph in paragraphs:
        printed = f"{paragraph.number}. {paragraph.text}" if paragraph.number else paragraph.text
        assert printed in lines, paragraph.position
        for heading in filter(None, [paragraph.heading, paragraph.subheading]):
            assert heading in lines or f"{heading}:" in lines, paragraph.position


@pytest.mark.django_db
def test_commitments_share_their_paragraphs_sector(fixtures_loaded):
    for commitment in Commitment.objects.select_related("paragraph"):
        assert commitment.paragraph.sector_id is not None, commitment.reference
        assert commitment.sector_id == commitment.paragraph.sector_id, commitment.reference
    unsectored = Paragraph.objects.filter(sector__isnull=True).values_list("number", flat=True)
    assert sorted(unsectored, key=int) == ["1", "2", "3", "4"]


@pytest.mark.django_db
def test_every_project_description_is_verbatim_in_the_fact_sheet_and_serves_a_commitment(
    fixtures_loaded,
):
    items = {
        line[2:] if line.startswith("- ") else line[4:]
        for line in FACT_SHEET_TEXT.splitlines()
        if line.startswith(("- ", "  ➤ "))
    }
    for project in Project.objects.all():
        assert project.description in items, project.slug
        assert project.source.slug == FACT_SHEET, project.slug
        assert project.commitments.exists(), project.slug


@pytest.mark.django_db
def test_project_amounts_are_sums_of_money_the_fact_sheet_gives(fixtures_loaded):
    with_amounts = Project.objects.exclude(amount=None)
    for project in with_amounts:
        assert re.search(rf"\b{project.currency} [\d,]+", project.description), project.slug
    assert {(p.currency, int(p.amount)) for p in with_amounts} == {
        ("JPY", 60_000_000_000),
        ("INR", 105_000_000_000),
    }


@pytest.mark.django_db
def test_every_organisation_is_named_in_a_source(fixtures_loaded):
    sources = DECLARATION_TEXT + FACT_SHEET_TEXT
    for organisation in Organisation.objects.all():
        forms = [NAMED_AS.get(organisation.slug), organisation.name, organisation.abbreviation]
        assert any(form and form in sources for form in forms), organisation.slug
        if organisation.abbreviation:
            assert organisation.abbreviation in sources, organisation.slug


@pytest.mark.django_db
def test_stored_statuses_equal_what_the_published_updates_imply(fixtures_loaded):
    published = list(StatusUpdate.objects.published())
    for commitment in Commitment.objects.all():
        updates = [u for u in published if u.commitment_id == commitment.pk]
        expected = implied_status(commitment, updates)
        assert stored_status(commitment, expected) == expected, commitment.reference
    for project in Project.objects.all():
        updates = [u for u in published if u.project_id == project.pk]
        expected = implied_status(project, updates)
        assert stored_status(project, expected) == expected, project.slug


@pytest.mark.django_db
def test_every_update_is_published_with_evidence_citing_the_fact_sheet(fixtures_loaded):
    fact_sheet = Declaration.objects.get(slug=FACT_SHEET)
    assert StatusUpdate.objects.exists()
    for update in StatusUpdate.objects.select_related("project"):
        assert update.state == StatusUpdate.State.PUBLISHED, update.uid
        assert update.published_at is not None, update.uid
        assert not update.is_sample, update.uid
        evidence = list(update.evidence.all())
        assert evidence, update.uid
        for item in evidence:
            assert item.document_id == fact_sheet.pk, update.uid
            assert item.excerpt == update.project.description, update.uid
        assert update.narrative == f"The Fact Sheet reports: “{update.project.description}”"


@pytest.mark.django_db
def test_every_update_reports_a_project_serving_its_commitment(fixtures_loaded):
    for update in StatusUpdate.objects.select_related("project", "commitment"):
        assert update.project is not None, update.uid
        assert update.project.commitments.filter(pk=update.commitment_id).exists(), update.uid


@pytest.mark.django_db
def test_updates_are_dated_by_the_period_the_fact_sheet_gives(fixtures_loaded):
    for update in StatusUpdate.objects.select_related("project"):
        project = update.project
        assert project.announced_on is not None, project.slug
        expected = last_day_of_period(project.announced_on, project.announced_precision)
        assert update.as_of == expected, project.slug


@pytest.mark.django_db
def test_no_update_is_dated_after_the_declaration(fixtures_loaded):
    assert not StatusUpdate.objects.filter(as_of__gt=ADOPTED_ON).exists()
    assert not Project.objects.filter(announced_on__gt=ADOPTED_ON).exists()


@pytest.mark.django_db
def test_the_fixtures_name_no_person(fixtures_loaded):
    for name in FIXTURE_NAMES:
        rows = json.loads((FIXTURES_DIR / f"{name}.json").read_text(encoding="utf-8"))
        assert {row["model"] for row in rows} <= ALLOWED_MODELS, name
    assert not PointOfContact.objects.exists()
    assert not get_user_model().objects.exists()
    assert not StatusUpdate.objects.exclude(author=None).exists()
    assert not StatusUpdate.objects.exclude(reviewer=None).exists()

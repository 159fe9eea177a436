"""Four people's journeys through the site, in Chromium, as they would click and type."""

import csv
import datetime
import io
from pathlib import Path

from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import DECLARATION, login, screenshot
from tests.conftest import make_official
from tests.factories import EvidenceFactory, StatusUpdateFactory, UserFactory
from tracker.models import Commitment, StatusUpdate


def visible_references(page):
    return [
        cell.strip()
        for cell in page.locator("table.data-table tbody tr td:first-child").all_inner_texts()
    ]


def test_reader_filters_sorts_downloads_and_follows_evidence(page, site_data):
    page.goto(site_data("/"))
    page.get_by_role("link", name="Read the annotated declaration").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Japan-India Joint")
    # Each bullet shows each side's status in words, and leads to its commitment.
    expect(page.locator("#c-8\\.1").get_by_text("In progress")).to_have_count(2)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Commitments").click()
    page.get_by_text("Filter", exact=True).click()
    page.get_by_label("Sector", exact=True).select_option(["semiconductors", "critical-minerals"])
    page.get_by_role("group", name="Lifecycle (Japan)").get_by_label("In progress").check()
    page.get_by_role("button", name="Apply filters").click()
    page.get_by_role("link", name="Short title").click()

    expected = Commitment.objects.filter(
        sector__slug__in=["semiconductors", "critical-minerals"], japan_status="in_progress"
    )
    on_screen = visible_references(page)
    assert sorted(on_screen) == sorted(expected.values_list("reference", flat=True))
    assert len(on_screen) >= 2
    titles = page.locator("table.data-table tbody tr td:nth-child(2)").all_inner_texts()
    assert titles == sorted(titles, key=str.casefold)
    assert "sort=title" in page.url and "japan_status=in_progress" in page.url
    screenshot(page, "journey-reader-filtered-1280")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV", exact=True).click()
    download = download_info.value
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["Ref."] for row in rows] == on_screen

    first = on_screen[0]
    page.get_by_role("link", name=first, exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text().startswith(first)
    evidence = page.locator(".evidence a").first
    source_title = evidence.inner_text()
    evidence.click()
    assert page.get_by_role("heading", level=1).inner_text() == source_title


def test_official_posts_an_update_on_an_overdue_commitment(page, site_data):
    make_official("official-japan", "japan", ["8.1", "9.1"])
    today = timezone.localdate()
    Commitment.objects.filter(reference="8.1").update(
        next_update_due=today + datetime.timedelta(days=90)
    )
    Commitment.objects.filter(reference="9.1").update(
        next_update_due=today - datetime.timedelta(days=10)
    )

    login(page, site_data, "official-japan")
    assert page.get_by_role("heading", level=1).inner_text() == "My commitments"
    overdue_row = page.locator("tbody tr", has=page.locator(".badge-overdue"))
    expect(overdue_row).to_have_count(1)
    assert "9.1" in overdue_row.inner_text()
    overdue_row.get_by_role("link", name="Post an update").click()

    page.get_by_label("As of").fill((today + datetime.timedelta(days=3)).isoformat())
    page.get_by_label("Lifecycle status").select_option(label="In progress")
    page.get_by_label("Completion level").select_option(label="Limited")
    page.get_by_label("Delivery confidence").select_option(label="Not assessed")
    page.get_by_label("Narrative").fill("The joint working group met and agreed a work plan.")
    for number, kind in ((1, "Press release"), (2, "Official document")):
        item = page.get_by_role("group", name=f"Evidence item {number}")
        item.get_by_label("URL").fill(f"https://www.meti.go.jp/english/press/item-{number}.html")
        item.get_by_label("Title").fill(f"Working group record {number}")
        item.get_by_label("Publisher").fill("Ministry of Economy, Trade and Industry")
        item.get_by_label("Kind").select_option(label=kind)
    page.get_by_role("button", name="Submit for review").click()

    # Refused with a message tied to the field; nothing is saved.
    as_of = page.get_by_label("As of")
    expect(as_of).to_have_attribute("aria-invalid", "true")
    described_by = as_of.get_attribute("aria-describedby").split()
    messages = " ".join(page.locator(f"#{ident}").inner_text() for ident in described_by)
    assert "The as-of date cannot be in the future." in messages
    assert not StatusUpdate.objects.filter(
        commitment__reference="9.1", author__username="official-japan"
    ).exists()
    screenshot(page, "journey-official-error-1280")

    as_of.fill((today - datetime.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Submit for review").click()

    expect(page.get_by_text("Update submitted for review.")).to_be_visible()
    waiting = page.get_by_role("region", name="Waiting for review")
    assert "9.1" in waiting.inner_text()
    update = StatusUpdate.objects.get(
        commitment__reference="9.1", author__username="official-japan"
    )
    assert update.state == "submitted"
    assert update.evidence.count() == 2


def test_reviewer_returns_one_update_and_publishes_another(new_context, site_data):
    official = make_official("official-japan", "japan", ["8.1"])
    reviewer = UserFactory(username="reviewer")
    reviewer.groups.add(Group.objects.get(name="Reviewers"))
    commitment = Commitment.objects.get(declaration__slug=DECLARATION, reference="8.1")
    now = timezone.now()
    for minutes, narrative in (
        (30, "Draft figures, not yet confirmed."),
        (10, "Fabs agreed in Gujarat."),
    ):
        update = StatusUpdateFactory(
            commitment=commitment,
            author=official,
            state="submitted",
            submitted_at=now - datetime.timedelta(minutes=minutes),
            narrative=narrative,
            as_of=datetime.date(2025, 12, 31),
        )
        EvidenceFactory(update=update)

    page = new_context().new_page()
    login(page, site_data, "reviewer")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Review queue").click()
    expect(page.get_by_role("link", name="Review 8.1")).to_have_count(2)
    page.get_by_role("link", name="Review 8.1").first.click()
    expect(page.get_by_text("Draft figures, not yet confirmed.")).to_be_visible()
    page.get_by_label("Note to the author").fill("Cite the published figures, please.")
    page.get_by_role("button", name="Return with the note").click()
    expect(page.get_by_text("Update returned to its author.")).to_be_visible()

    page.get_by_role("link", name="Review 8.1").click()
    expect(page.get_by_text("Fabs agreed in Gujarat.")).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Update published.")).to_be_visible()
    expect(page.get_by_text("Nothing is waiting for review.")).to_be_visible()

    reader = new_context().new_page()
    reader.goto(site_data(commitment.get_absolute_url()))
    timeline = reader.get_by_role("region", name="Timeline of published updates")
    assert "Fabs agreed in Gujarat." in timeline.inner_text()
    assert "Draft figures" not in reader.content()
    assert "Cite the published figures" not in reader.content()


def test_admin_edits_a_commitment_and_sees_it_in_the_history(page, site_data):
    UserFactory(username="site-admin", is_staff=True, is_superuser=True)
    commitment = Commitment.objects.get(declaration__slug=DECLARATION, reference="8.1")

    page.goto(site_data("/admin/"))
    page.get_by_label("Username").fill("site-admin")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Commitments").first.click()
    page.get_by_role("link", name="8.1", exact=True).click()
    page.get_by_label("Short title").fill("Resilient semiconductor supply chains")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was changed successfully")).to_be_visible()

    page.get_by_role("link", name="8.1", exact=True).click()
    page.get_by_role("link", name="History").click()
    latest = page.locator("#change-history tbody tr").first.inner_text()
    assert "Changed" in latest and "site-admin" in latest
    assert "Resilient semiconductor supply chains" in latest
    assert Commitment.objects.get(pk=commitment.pk).history.first().history_user.username == (
        "site-admin"
    )
    screenshot(page, "journey-admin-history-1280")

"""axe-core finds no WCAG 2.1 A or AA violation on any page a person can reach.

Every public page, the official's and the reviewer's pages and the login page are checked in
English at 1280 px; the main public pages again in Japanese and Hindi, and at 390 px. The
counts per page are written to tests/artifacts/axe-summary.txt.
"""

from django.contrib.auth.models import Group
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, DECLARATION, describe_violations, login, run_axe
from tests.conftest import make_official
from tests.factories import EvidenceFactory, StatusUpdateFactory, UserFactory
from tracker.models import Commitment, Organisation, Project

MAIN_PAGES = [
    "/",
    "/declaration/",
    "/commitments/?sector=semiconductors&japan_status=in_progress",
    f"/commitments/{DECLARATION}/8.1/",
    "/sectors/semiconductors/",
]


def public_paths():
    project = Project.objects.order_by("pk").first()
    organisation = Organisation.objects.order_by("pk").first()
    paths = [
        "/",
        "/declaration/",
        "/sectors/",
        "/sectors/semiconductors/",
        "/commitments/",
        "/commitments/?sector=semiconductors&japan_status=in_progress",
        "/commitments/?japan_status=no-such-status",
        f"/commitments/{DECLARATION}/8.1/",
        f"/commitments/{DECLARATION}/10.3.d/",
        "/projects/",
        project.get_absolute_url(),
        "/organisations/",
        organisation.get_absolute_url(),
        "/updates/",
        "/compliance/",
        "/methodology/",
        "/accounts/login/",
        "/accounts/password_reset/",
        "/no-such-page/",
    ]
    # Pages that other parts of the project add join the check as soon as they exist.
    for name in ("charts", "open_data"):
        try:
            paths.append(reverse(f"tracker:{name}"))
        except NoReverseMatch:
            continue
    return paths


class Audit:
    def __init__(self):
        self.results = {}

    def check(self, page, label):
        self.results[label] = run_axe(page)

    def visit(self, page, site, paths, suffix=""):
        for path in paths:
            page.goto(site(path))
            self.check(page, path + suffix)

    def summary(self):
        lines = []
        for label, result in self.results.items():
            nodes = sum(len(v["nodes"]) for v in result["violations"])
            lines.append(
                f"{label}: {nodes} violating nodes {[v['id'] for v in result['violations']]};"
                f" to check by hand: {[v['id'] for v in result['incomplete']]}"
            )
        return "\n".join(lines)

    def failures(self):
        return {label: r["violations"] for label, r in self.results.items() if r["violations"]}


def test_every_page_has_no_axe_violation(new_context, site_data):
    official = make_official("official-japan", "japan", ["8.1", "9.1"])
    UserFactory(username="reviewer").groups.add(Group.objects.get(name="Reviewers"))
    commitment = Commitment.objects.get(declaration__slug=DECLARATION, reference="8.1")
    submitted = StatusUpdateFactory(
        commitment=commitment, author=official, state="submitted", submitted_at=timezone.now()
    )
    EvidenceFactory(update=submitted)
    audit = Audit()

    public = new_context().new_page()
    audit.visit(public, site_data, public_paths())

    for language in ("ja", "hi"):
        translated = new_context(locale=language).new_page()
        audit.visit(translated, site_data, MAIN_PAGES, suffix=f" [{language}]")

    narrow = new_context(width=390, height=844).new_page()
    audit.visit(narrow, site_data, MAIN_PAGES, suffix=" [390 px]")

    official_page = new_context().new_page()
    login(official_page, site_data, "official-japan")
    audit.visit(
        official_page,
        site_data,
        ["/my/", "/accounts/password_change/", f"/my/commitments/{DECLARATION}/8.1/new/"],
    )
    # The refused form, with its error messages, must be as usable as the empty one.
    official_page.get_by_role("button", name="Submit for review").click()
    expect(official_page.locator(".errorlist").first).to_be_visible()
    audit.check(official_page, "update form showing errors")

    reviewer_page = new_context().new_page()
    login(reviewer_page, site_data, "reviewer")
    audit.visit(reviewer_page, site_data, ["/review/", f"/review/{submitted.uid}/"])

    ARTIFACTS.mkdir(exist_ok=True)
    summary = audit.summary()
    (ARTIFACTS / "axe-summary.txt").write_text(summary + "\n", encoding="utf-8")
    assert len(audit.results) >= 30
    assert not audit.failures(), summary + "\n" + describe_violations(audit.failures())


def test_axe_is_really_running(page, site_data):
    """A page with known faults must fail: zero violations elsewhere is then a real zero."""
    page.goto(site_data("/methodology/"))
    page.evaluate(
        """() => {
            const main = document.querySelector('main');
            main.insertAdjacentHTML('beforeend',
                '<img src="/static/none.png"><a href="/"></a>' +
                '<p style="color:#bbb;background:#fff">faint text</p>');
        }"""
    )
    found = {violation["id"] for violation in run_axe(page)["violations"]}
    assert {"image-alt", "link-name", "color-contrast"} <= found

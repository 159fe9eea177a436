"""No private data leaks: a crawl of everything an anonymous reader can reach.

With the demo data loaded (accounts with emails, points of contact with private emails and
phones, a draft, a submitted update) and more from the factories (a returned update with a
review note, an unlisted contact, a rejected rating's rationale), the test follows every link
of every public page, and reads every feed, every export in every format, every API list and
detail, the API schema and the open-data ZIP (each file inside). It fails on any email address
or telephone number that is not marked public, and on any text of an unpublished update or of a
review note.
"""

import io
import json
import re
import zipfile
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urlencode, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from tests.factories import (
    EvidenceFactory,
    OrganisationFactory,
    StatusUpdateFactory,
    UserFactory,
    published_update,
)
from tracker.models import Commitment, PointOfContact, StatusUpdate

pytestmark = pytest.mark.django_db

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"\+\d{1,3}[\s-]\(?\d[\d\s()-]{5,}\d")
# Not crawled: pages that need an account, and the admin.
PRIVATE_PREFIXES = ("/admin/", "/accounts/", "/my/", "/review/", "/saved-filters/", "/i18n/")
MAX_PAGES = 600


@pytest.fixture
def demo_world():
    with override_settings(DEBUG=True):
        call_command("load_demo", verbosity=0)
    commitment = Commitment.objects.get(reference="11.2")
    returned = StatusUpdateFactory(
        commitment=commitment,
        state="returned",
        narrative="LEAK-RETURNED-NARRATIVE: not yet fit to publish.",
        review_note="LEAK-REVIEW-NOTE: cite the gazette notification.",
        confidence="red",
        confidence_rationale="LEAK-DRAFT-RATIONALE: an unpublished rating.",
    )
    EvidenceFactory(update=returned, title="LEAK-EVIDENCE-OF-RETURNED")
    StatusUpdateFactory(commitment=commitment, narrative="LEAK-DRAFT-NARRATIVE: a draft.")
    published = published_update(
        commitment=commitment,
        narrative="A published narrative, public by design.",
        reviewer=UserFactory(username="leak-reviewer", email="reviewer-private@example.invalid"),
    )
    # A reviewer's note on a published update (from an earlier return) is never public either.
    StatusUpdate.objects.filter(pk=published.pk).update(
        review_note="LEAK-NOTE-ON-PUBLISHED: first returned for a missing source."
    )
    organisation = OrganisationFactory()
    public_contact = PointOfContact.objects.create(
        name="Listed Contact With Private Details",
        side="india",
        organisation=organisation,
        email="listed-private@example.invalid",
        phone="+91 11 2300 0000",
        is_public=True,
    )
    public_contact.commitments.add(commitment)
    shared = PointOfContact.objects.create(
        name="Contact Who Shares Email",
        side="japan",
        organisation=organisation,
        email="shared-on-purpose@example.invalid",
        email_public=True,
        phone="+81 3 3500 0000",
        phone_public=True,
    )
    shared.commitments.add(commitment)
    unlisted = PointOfContact.objects.create(
        name="LEAK-UNLISTED-CONTACT-NAME",
        side="japan",
        organisation=organisation,
        email="unlisted@example.invalid",
        phone="+81 3 0000 1111",
        is_public=False,
    )
    unlisted.commitments.add(commitment)
    return {"allowed_emails": {"shared-on-purpose@example.invalid"}}


def secrets():
    """Every text that must never be served publicly, with where it comes from."""
    found = {}
    for update in StatusUpdate.objects.exclude(state="published"):
        found[update.narrative] = f"narrative of a {update.state} update"
        if update.confidence_rationale:
            found[update.confidence_rationale] = f"rating rationale of a {update.state} update"
        for evidence in update.evidence.all():
            found[evidence.title] = f"evidence title of a {update.state} update"
    for update in StatusUpdate.objects.exclude(review_note=""):
        found[update.review_note] = "review note"
    for contact in PointOfContact.objects.all():
        if contact.phone and not (contact.phone_public and contact.is_public):
            found[contact.phone] = "private phone"
        if not contact.is_public:
            found[contact.name] = "unlisted point of contact"
    return found


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def bodies(response):
    """The text of a response; for a ZIP (open data, XLSX), the text of each file inside."""
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    if raw[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
    return [raw.decode("utf-8", "replace")]


def start_urls():
    urls = [
        reverse("tracker:dashboard"),
        reverse("tracker:open_data"),
        reverse("tracker:open_data_zip"),
        reverse("tracker:update_feed"),
        reverse("api:api-root") + "?format=json",
        reverse("api:schema"),
    ]
    for name in (
        "tracker:commitment_list",
        "tracker:project_list",
        "tracker:organisation_list",
        "tracker:update_list",
        "tracker:compliance",
    ):
        urls += [reverse(name) + f"?_export={fmt}" for fmt in ("csv", "xlsx", "json")]
        urls.append(reverse(name) + "?per_page=100")
    for endpoint in ("sectors", "declarations", "organisations", "commitments", "projects"):
        urls.append(f"/api/{endpoint}/?format=json&page_size=200")
    urls.append("/api/updates/?format=json&page_size=200")
    urls.append("/api/compliance/?format=json&page_size=200")
    return urls


def normalise(url):
    """Follow pages and exports of a table, not each of its sort orders and filters."""
    parts = urlsplit(url)
    kept = [(k, v) for k, v in parse_qsl(parts.query) if k in ("page", "_export", "format")]
    return parts._replace(query=urlencode(kept), fragment="").geturl()


def api_links(text):
    """Detail URLs named in an API answer (html_url, url of each item, next page)."""
    try:
        data = json.loads(text)
    except ValueError:
        return []
    links = []
    if isinstance(data, dict):
        if data.get("next"):
            links.append(data["next"])
        for item in data.get("results", []):
            if isinstance(item, dict) and item.get("html_url"):
                links.append(item["html_url"])
    return links


def test_no_private_data_reaches_any_public_page_feed_export_or_api(client, demo_world):
    forbidden = secrets()
    assert len(forbidden) >= 8  # the fixture planted them
    queue = start_urls()
    seen = set()
    problems = []
    while queue and len(seen) < MAX_PAGES:
        url = urldefrag(queue.pop(0))[0]
        parts = urlsplit(url)
        external = parts.scheme not in ("", "http", "https") or parts.netloc not in (
            "",
            "testserver",
        )
        if external or url in seen:
            continue
        path = parts.path
        if path.startswith(PRIVATE_PREFIXES) or path.startswith("/static/"):
            continue
        seen.add(url)
        response = client.get(f"{path}?{parts.query}" if parts.query else path)
        if response.status_code in (301, 302):
            queue.append(response["Location"])
            continue
        assert response.status_code == 200, url
        for text in bodies(response):
            for email in set(EMAIL.findall(text)) - demo_world["allowed_emails"]:
                problems.append(f"{url}: email address {email}")
            for phone in PHONE.findall(text):
                if phone.strip() != "+81 3 3500 0000":  # the one phone marked public
                    problems.append(f"{url}: telephone number {phone}")
            problems += [f"{url}: {what}" for secret, what in forbidden.items() if secret in text]
            if response.get("Content-Type", "").startswith("text/html"):
                parser = LinkParser()
                parser.feed(text)
                queue += [normalise(urljoin(path, link)) for link in parser.links]
            queue += api_links(text)
    assert len(seen) > 100, "the crawl should reach every commitment, project and organisation"
    assert not problems, "\n".join(sorted(set(problems)))


def test_the_public_details_that_are_marked_public_do_appear(client, demo_world):
    """The crawl's allow-list is real: the shared email and phone are on the public page."""
    page = client.get(reverse("tracker:commitment_list")).content.decode()
    assert "Commitments" in page
    commitment = Commitment.objects.get(reference="11.2")
    html = client.get(commitment.get_absolute_url()).content.decode()
    assert "shared-on-purpose@example.invalid" in html
    assert "Listed Contact With Private Details" in html

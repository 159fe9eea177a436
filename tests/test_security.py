"""Production settings, browser hardening headers, and login throttling."""

import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from tracker.security import client_ip

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-" + "x7Qp2Lk9" * 6,
    "DJANGO_ALLOWED_HOSTS": "tracker.example.org",
    "DJANGO_SECURE_SSL_REDIRECT": "1",
    "DJANGO_HSTS_SECONDS": "31536000",
    "DJANGO_HSTS_PRELOAD": "1",
    "DJANGO_BEHIND_PROXY": "1",
}


def manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_the_deployment_checklist_passes_with_no_warning_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_deployment_checklist_fails_when_https_is_not_enforced():
    insecure = {**PRODUCTION, "DJANGO_SECURE_SSL_REDIRECT": "0", "DJANGO_HSTS_SECONDS": "0"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", **insecure)
    assert result.returncode != 0
    assert "security.W004" in result.stderr and "security.W008" in result.stderr


def test_the_site_refuses_to_start_without_allowed_hosts_when_debug_is_off():
    result = manage("check", **{**PRODUCTION, "DJANGO_ALLOWED_HOSTS": ""})
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must be set" in result.stderr


@pytest.mark.django_db
def test_production_serves_https_only_with_hsts(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    client = Client()
    response = client.get(reverse("tracker:methodology"))
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
    response = client.get(reverse("tracker:methodology"), secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@pytest.mark.django_db
def test_every_page_carries_the_hardening_headers(client):
    response = client.get(reverse("tracker:dashboard"))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_secure_and_http_only(client):
    user = UserFactory(username="cookie-user")
    response = client.get(reverse("login"))
    csrf = response.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
    response = client.post(
        reverse("login"),
        {"username": user.username, "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


class InlineFinder(HTMLParser):
    """Collects inline scripts, event-handler attributes, style attributes and style elements."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not attrs.get("src") and attrs.get("type") != "application/json":
            self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style> element")
        for name in attrs:
            if name.startswith("on"):
                self.found.append(f"{name}= handler on <{tag}>")
            if name == "style":
                self.found.append(f"style= attribute on <{tag}>")


@pytest.mark.django_db
def test_no_page_needs_inline_script_or_style(admin_client):
    """The CSP forbids them, so a page that used them would be broken in the browser."""

    pages = [
        reverse("tracker:dashboard"),
        reverse("tracker:annotated_declaration"),
        reverse("tracker:commitment_list"),
        "/commitments/joint-declaration-economic-security-2025/8.1/",
        reverse("tracker:project_list"),
        reverse("tracker:organisation_list"),
        reverse("tracker:update_list"),
        reverse("tracker:compliance"),
        reverse("tracker:compliance_create"),
        reverse("tracker:charts"),
        reverse("tracker:methodology"),
        reverse("tracker:my_commitments"),
        reverse("tracker:review_queue"),
        reverse("tracker:saved_filters"),
        reverse("sectors:sector_list"),
        reverse("login"),
        reverse("api:docs"),
    ]
    offending = {}
    for url in pages:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        finder = InlineFinder()
        finder.feed(response.content.decode())
        if finder.found:
            offending[url] = sorted(set(finder.found))
    assert not offending


@pytest.mark.django_db
def test_the_api_documentation_loads_its_start_up_script_as_a_file(client):
    response = client.get(reverse("api:docs") + "?script")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle" in response.content


# Login throttling (django-axes).

PASSWORD = "correct horse battery staple"


def login(client, username, password, url=None, address="198.51.100.7"):
    return client.post(
        url or reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


@pytest.mark.django_db
def test_repeated_failed_logins_lock_the_account_out_from_that_address(client, settings):
    user = UserFactory(username="target")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = login(client, user.username, "wrong")
        assert response.status_code == 200  # the form again, with its error
    response = login(client, user.username, "wrong")
    assert response.status_code == 429
    assert b"Too many failed logins" in response.content
    # Now even the right password is refused, from that address ...
    response = login(client, user.username, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # ... but the owner can still log in from elsewhere.
    response = login(Client(), user.username, PASSWORD, address="203.0.113.9")
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_admin_login_is_throttled_too(client, settings):
    UserFactory(username="staff", is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "staff", "wrong", url=reverse("admin:login"))
    response = login(client, "staff", PASSWORD, url=reverse("admin:login"))
    assert response.status_code == 429
    assert client.get(reverse("admin:index")).status_code == 302


@pytest.mark.django_db
def test_a_successful_login_clears_the_count(client, settings):
    user = UserFactory(username="forgetful")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, user.username, "wrong")
    assert login(client, user.username, PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, user.username, "wrong").status_code == 200
    assert login(client, user.username, PASSWORD).status_code == 302


def test_the_client_address_behind_a_proxy_is_the_one_the_proxy_saw(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    settings.TRACKER_TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"
    settings.TRACKER_TRUSTED_PROXY_COUNT = 1
    # The client wrote 1.2.3.4 itself; our proxy appended the address it really saw.
    assert client_ip(request) == "198.51.100.7"

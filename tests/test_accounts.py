"""Login, logout, password change and reset work with the site's own templates."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def test_login_then_land_on_my_commitments(client, official_japan):
    page = client.get(reverse("login"))
    assert page.status_code == 200 and b"Log in" in page.content
    response = client.post(
        reverse("login"), {"username": official_japan.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("tracker:my_commitments")


def test_a_wrong_password_is_a_form_error(client, official_japan):
    response = client.post(
        reverse("login"), {"username": official_japan.username, "password": "no"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post(client, official_japan):
    client.force_login(official_japan)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_change(client):
    user = UserFactory(username="changer")
    client.force_login(user)
    assert client.get(reverse("password_change")).status_code == 200
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a new and long passphrase",
            "new_password2": "a new and long passphrase",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a new and long passphrase")


def test_password_reset_sends_a_link(client):
    UserFactory(username="forgetful", email="forgetful@example.invalid")
    assert client.get(reverse("password_reset")).status_code == 200
    response = client.post(reverse("password_reset"), {"email": "forgetful@example.invalid"})
    assert response.status_code == 302
    assert mail.outbox[0].to == ["forgetful@example.invalid"]
    assert "/accounts/reset/" in mail.outbox[0].body


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
@pytest.mark.parametrize(
    "username",
    ["x" * 300, "\ufdfa" * 15],  # too long as typed; too long once normalised (270 letters)
    ids=["typed", "normalised"],
)
def test_a_username_too_long_is_a_form_error_not_a_server_error(client, url, username):
    """Django's login forms leave the length to the browser: a longer name reached the login
    throttle, whose column is 255 characters on PostgreSQL, and failed there."""
    from axes.models import AccessAttempt

    response = client.post(url, {"username": username, "password": "wrong-password"})
    assert response.status_code == 200
    assert "at most 150 characters" in response.content.decode()
    assert not AccessAttempt.objects.exists()

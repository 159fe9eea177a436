"""The interface in English, Japanese and Hindi: complete catalogues, the switcher, formats.

The declaration's own text stays in English (its official language here) on every page.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from tracker.models import Completion, Confidence, Lifecycle, UpdateState

ROOT = Path(settings.BASE_DIR)
LANGUAGES = ["ja", "hi"]
DECLARATION = "joint-declaration-economic-security-2025"


def read_catalogue(path):
    """(msgid, translations, flags) for each message of a .po file, the header included."""
    messages, entry, field = [], None, None

    def close():
        if entry is not None and "msgid" in entry:
            messages.append(entry)

    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            close()
            entry, field = None, None
            continue
        if entry is None:
            entry = {"flags": set(), "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif match := re.match(r'(msgid|msgid_plural|msgctxt|msgstr(?:\[(\d+)\])?) "(.*)"$', line):
            keyword, index, text = match.groups()
            field = (keyword, index)
            if keyword.startswith("msgstr"):
                entry["msgstr"][int(index or 0)] = text
            else:
                entry[keyword] = text
        elif line.startswith('"') and field is not None:
            keyword, index = field
            if keyword.startswith("msgstr"):
                entry["msgstr"][int(index or 0)] += line[1:-1]
            else:
                entry[keyword] += line[1:-1]
    close()
    return messages


def problems(path):
    """Messages that are untranslated or fuzzy, the header's fuzzy flag included."""
    found = []
    for message in read_catalogue(path):
        if "fuzzy" in message["flags"]:
            found.append(f"fuzzy: {message['msgid'][:80]!r}")
        elif message["msgid"] and not all(message["msgstr"].values()):
            found.append(f"untranslated: {message['msgid'][:80]!r}")
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_no_untranslated_or_fuzzy_message(language):
    path = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    assert path.exists(), f"{path} is missing: run `make messages`"
    assert len(read_catalogue(path)) > 400
    assert problems(path) == []


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs gettext (make install)")
def test_catalogues_hold_every_message_of_the_code(tmp_path):
    """Extract the messages again from a copy of the code: none may be new or untranslated.

    A string added to a template or to Python without `make messages` and its translations
    fails here, naming the string.
    """
    for name in ("manage.py", "tracker", "sectors", "templates", "locale"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("*.mo"))
        else:
            shutil.copy(source, tmp_path / name)
    makefile = (ROOT / "Makefile").read_text()
    ignores = re.search(r"^MESSAGES_IGNORE := (.*)$", makefile, re.MULTILINE).group(1).split()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--no-obsolete", "--no-location"]
        + [f"--locale={language}" for language in LANGUAGES]
        + ignores,
        cwd=tmp_path,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tracker.settings"},
        check=True,
        capture_output=True,
    )
    for language in LANGUAGES:
        found = problems(tmp_path / "locale" / language / "LC_MESSAGES" / "django.po")
        assert found == [], f"{language}: run `make messages` and translate:\n" + "\n".join(found)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("choices", [Lifecycle, Completion, Confidence, UpdateState])
def test_status_words_are_translated_and_distinct(language, choices):
    """A reader must tell every status apart in their language, as in English."""
    with translation.override(language):
        labels = [str(label) for label in choices.labels]
    assert len(set(labels)) == len(labels)
    assert not set(labels) & {str(label) for label in choices.labels}


@pytest.mark.django_db
def test_switcher_sets_the_language_and_returns_to_the_page(client):
    response = client.get(
        reverse("tracker:switch_language", args=["ja"]), {"next": "/methodology/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/methodology/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ja"

    page = client.get("/methodology/").content.decode()
    assert '<html lang="ja">' in page
    assert "方法論" in page
    assert '<span lang="ja" aria-current="true">日本語</span>' in page
    assert 'href="/language/hi/?next=/methodology/"' in page


@pytest.mark.django_db
def test_switcher_refuses_other_sites_and_unknown_languages(client):
    response = client.get(
        reverse("tracker:switch_language", args=["hi"]), {"next": "https://elsewhere.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("tracker:dashboard")
    assert client.get(reverse("tracker:switch_language", args=["fr"])).status_code == 404
    assert client.post(reverse("tracker:switch_language", args=["ja"])).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading", "adopted"),
    [
        ("en", "Lifecycle status", "29 August 2025"),
        ("ja", "進捗段階", "2025年8月29日"),
        ("hi", "जीवनचक्र स्थिति", "29 अगस्त 2025"),
    ],
)
def test_interface_follows_the_language_but_the_declaration_stays_english(
    client, language, heading, adopted
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(f"/commitments/{DECLARATION}/8.1/").content.decode()
    assert f'<html lang="{language}">' in page
    assert adopted in page
    # The commitment's verbatim text is English, and marked so for screen readers.
    assert re.search(r'<p lang="en">[^<]*supply chains', page)
    declaration = client.get("/declaration/").content.decode()
    assert '<h1 lang="en">Japan-India Joint Declaration' in declaration
    assert heading in client.get("/methodology/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "amount"),
    [("en", "JPY 60,000,000,000"), ("ja", "JPY 60,000,000,000"), ("hi", "JPY 60,00,00,00,000")],
)
def test_amounts_are_grouped_as_the_reader_writes_numbers(client, language, amount):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get("/projects/assam-bamboo-bioethanol-loan/").content.decode()
    assert amount in page


@pytest.mark.django_db
@override_settings(TRACKER_PAGE_CACHE=True)
def test_a_cached_public_page_is_never_served_in_another_language(client):
    english = client.get("/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hi"
    hindi = client.get("/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english_again = client.get("/").content.decode()
    assert '<html lang="en">' in english and '<html lang="en">' in english_again
    assert '<html lang="hi">' in hindi and "डैशबोर्ड" in hindi

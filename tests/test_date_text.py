"""Dates written once per process are still written in the reader's language and time zone."""

import datetime

from django.template import Context, Template
from django.utils import timezone, translation

from tracker.html import date_text

MOMENT = datetime.datetime(2025, 8, 29, 20, 30, tzinfo=datetime.UTC)


def as_the_date_filter_writes_it(value, format_name):
    return Template("{{ value|date:format_name }}").render(
        Context({"value": value, "format_name": format_name})
    )


def test_a_moment_is_written_in_the_time_zone_and_language_in_force():
    seen = set()
    for zone in ("Asia/Kolkata", "Asia/Tokyo", "UTC"):
        for language in ("en", "ja", "hi"):
            with timezone.override(zone), translation.override(language):
                for format_name in ("c", "SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT"):
                    written = date_text(MOMENT, format_name)
                    assert written == as_the_date_filter_writes_it(MOMENT, format_name)
                    seen.add(written)
    # The same instant: 02:00 on the 30th in Kolkata, 05:30 in Tokyo, 20:30 on the 29th in UTC.
    with timezone.override("Asia/Tokyo"):
        assert date_text(MOMENT, "c") == "2025-08-30T05:30:00+09:00"
    with timezone.override("UTC"):
        assert date_text(MOMENT, "c") == "2025-08-29T20:30:00+00:00"
    assert len(seen) > 9


def test_a_date_is_written_in_the_language_in_force():
    day = datetime.date(2025, 8, 29)
    written = set()
    for language in ("en", "ja", "hi"):
        with translation.override(language):
            written.add(date_text(day, "DATE_FORMAT"))
            assert date_text(day, "DATE_FORMAT") == as_the_date_filter_writes_it(day, "DATE_FORMAT")
    assert len(written) == 3

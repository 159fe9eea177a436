"""The completion chart's bars add up to the commitments they stand for."""

from tracker.charts import completion_by_sector_chart


def row(name, total, **counts):
    values = {
        f"{side}_{level}": 0
        for side in ("japan", "india")
        for level in ("complete", "substantial", "limited", "not_started", "no_evidence")
    }
    values.update(counts)
    return {"sector__name": name, "sector__slug": name.lower(), "total": total, **values}


def test_segments_are_proportional_and_fill_the_plot():
    chart = completion_by_sector_chart(
        [row("Alpha", 4, japan_complete=1, japan_limited=3, india_no_evidence=4)],
        width=500,
        label_width=100,
    )
    japan, india = chart.bars
    assert [(s.level, s.count) for s in japan.segments] == [("complete", 1), ("limited", 3)]
    assert japan.segments[0].width == chart.plot_width / 4
    assert japan.segments[1].x == 100 + chart.plot_width / 4
    assert sum(s.width for s in india.segments) == chart.plot_width
    assert chart.rows[0]["sides"][0]["counts"] == [1, 0, 3, 0, 0]


def test_an_empty_sector_draws_no_segment():
    chart = completion_by_sector_chart([row("Empty", 0)])
    assert all(not bar.segments for bar in chart.bars)


# Completion over time, updates per month, compliance: the charts page.

import datetime  # noqa: E402

import pytest  # noqa: E402
from django.template import Context, Template  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import translation  # noqa: E402

from tests.factories import CommitmentFactory, published_update  # noqa: E402
from tracker.charts import (  # noqa: E402
    completion_changes,
    completion_over_time,
    compliance_chart,
    month_window,
    updates_per_month,
)
from tracker.models import Commitment, Completion, ComplianceAssessment  # noqa: E402
from tracker.templatetags.chart_svg import chart_table_rows  # noqa: E402

JAN, FEB, MAR = datetime.date(2026, 1, 31), datetime.date(2026, 2, 28), datetime.date(2026, 3, 31)


def test_month_window_runs_from_the_first_month_to_the_last_and_keeps_the_latest():
    assert month_window(datetime.date(2025, 11, 15), datetime.date(2026, 2, 3)) == [
        datetime.date(2025, 11, 30),
        datetime.date(2025, 12, 31),
        JAN,
        FEB,
    ]
    assert month_window(datetime.date(2020, 1, 1), MAR, limit=2) == [FEB, MAR]


def test_completion_over_time_replays_updates_as_publishing_would():
    sectors = [{"name": "Alpha", "slug": "alpha", "total": 2}]
    updates = [
        (10, "alpha", "japan", datetime.date(2026, 1, 10), "limited"),
        (10, "alpha", "joint", datetime.date(2026, 2, 5), "substantial"),  # both sides
        (10, "alpha", "japan", datetime.date(2026, 3, 1), ""),  # a later update with no rating
        (20, "alpha", "india", datetime.date(2026, 3, 31), "complete"),
    ]
    chart = completion_over_time(sectors, completion_changes(updates), [JAN, FEB, MAR])
    (panel,) = chart.panels
    # Levels in order complete, substantial, limited, not started, no evidence; then not reported.
    # Before its first update a commitment-side has "no evidence"; a blank rating is "not
    # reported", as on the commitment's row.
    assert panel.rows == [
        (JAN, [0, 0, 1, 0, 3], 0),
        (FEB, [0, 2, 0, 0, 2], 0),
        (MAR, [1, 1, 0, 0, 1], 1),
    ]
    assert panel.sides_total == 4
    march = panel.columns[2]
    assert [(block.key, block.count) for block in march.segments] == [
        ("complete", 1),
        ("substantial", 1),
        ("no_evidence", 1),
    ]
    assert march.segments[0].height == chart.plot_height / 4


def test_updates_per_month_counts_each_side_and_scales_to_the_busiest():
    chart = updates_per_month(
        {(JAN, "japan"): 2, (JAN, "joint"): 1, (MAR, "india"): 4},
        [JAN, FEB, MAR],
        [("japan", "Japan"), ("india", "India"), ("joint", "Joint")],
    )
    assert chart.rows == [(JAN, [2, 0, 1], 3), (FEB, [0, 0, 0], 0), (MAR, [0, 4, 0], 4)]
    assert chart.maximum == 4
    india_in_march = chart.groups[2].segments[1]
    assert india_in_march.height == chart.plot_height
    assert chart.groups[0].segments[0].height == chart.plot_height / 2


def test_compliance_chart_draws_bars_from_the_zero_line():
    chart = compliance_chart(
        [
            {"label": "Alpha", "party": "japan", "average": 0.5, "commitments": 2},
            {"label": "Alpha", "party": "india", "average": -1, "commitments": 1},
        ],
        {"japan": "Japan", "india": "India"},
    )
    japan, india = chart.bars
    assert japan.x == chart.centre and japan.width == chart.half / 2
    assert india.x == chart.centre - chart.half and india.width == chart.half
    assert japan.first_of_group and not india.first_of_group


@pytest.mark.django_db
def test_the_charts_page_ends_where_the_dashboard_stands(client):
    """The last month of the over-time chart equals each sector's current stored status."""
    response = client.get(reverse("tracker:charts"))
    assert response.status_code == 200
    chart = response.context["over_time"]
    current = {row["sector__slug"]: row for row in Commitment.objects.completion_by_sector()}
    assert {panel.slug for panel in chart.panels} == set(current)
    levels = ["complete", "substantial", "limited", "not_started", "no_evidence"]
    for panel in chart.panels:
        _month, counts, _not_reported = panel.rows[-1]
        row = current[panel.slug]
        assert counts == [row[f"japan_{level}"] + row[f"india_{level}"] for level in levels]
    content = response.content.decode()
    assert content.count('role="img"') == len(chart.panels) + 1  # no compliance scored yet
    assert "No assessment yet." in content


@pytest.mark.django_db
def test_a_published_update_shows_in_its_month_and_sector(client, settings):
    commitment = CommitmentFactory()
    today = datetime.date.today()
    published_update(commitment=commitment, side="india", as_of=today, completion="substantial")
    response = client.get(reverse("tracker:charts"))
    panel = next(
        p for p in response.context["over_time"].panels if p.slug == commitment.sector.slug
    )
    assert panel.rows[-1][1] == [0, 1, 0, 0, 1]  # Japan has not reported: no evidence
    month, counts, total = response.context["per_month"].rows[-1]
    assert month.month == today.month and counts[1] >= 1
    assert str(Completion.SUBSTANTIAL.label) in response.content.decode()


@pytest.mark.django_db
def test_the_compliance_chart_shows_each_sector_and_party_average(client):
    from tests.factories import UserFactory
    from tests.test_compliance import assess

    analyst = UserFactory(username="chart-analyst")
    assess(analyst, "8.1", "japan", 1)
    assess(analyst, "8.2", "japan", 0)
    assess(analyst, "12.1", "india", -1)
    response = client.get(reverse("tracker:charts"))
    bars = {
        (bar.label, bar.party): (bar.average, bar.commitments)
        for bar in response.context["compliance"].bars
    }
    assert bars == {("Semiconductors", "japan"): (0.5, 2), ("Pharmaceuticals", "india"): (-1.0, 1)}
    assert ComplianceAssessment.objects.count() == 3
    assert "average score 0.50 over 2 commitments" in response.content.decode()


# The table under the chart as the template engine wrote it before chart_table_rows().
TABLE_ROWS = Template(
    "{% for row in chart.rows %}{% for side in row.sides %}"
    '<tr>{% if forloop.first %}<th scope="rowgroup" rowspan="{{ row.sides|length }}">'
    "<a href=\"{% url 'sectors:sector_detail' row.slug %}\">{{ row.sector }}</a></th>"
    "{% endif %}<td>{{ side.side }}</td>{% for count in side.counts %}"
    '<td class="num">{{ count }}</td>{% endfor %}<td class="num">{{ side.total }}</td>'
    "</tr>\n{% endfor %}{% endfor %}"
)


@pytest.mark.parametrize("language", ["en", "ja", "hi"])
def test_the_table_under_the_chart_is_written_as_the_template_wrote_it(language):
    rows = [
        {**row("Alpha & <Beta>", 2400, japan_complete=1200, india_limited=3), "sector__slug": "ab"},
        row("Gamma", 4, japan_no_evidence=4),
    ]
    with translation.override(language):
        chart = completion_by_sector_chart(rows)
        expected = TABLE_ROWS.render(Context({"chart": chart})).strip()
        assert chart_table_rows(chart) == expected
    assert "Alpha &amp; &lt;Beta&gt;" in expected and 'href="/sectors/ab/"' in expected


@pytest.mark.django_db
def test_the_stored_changes_are_those_the_updates_make_one_by_one():
    """The database's one query (LAG over each commitment-side) gives exactly what replaying
    the published updates one by one gives: joint reports on both sides, a back-dated report
    before a later one, two on the same day in order of publication, a report that changes
    nothing; drafts and submissions left out."""
    from tests.factories import StatusUpdateFactory
    from tracker.counts import count_changes
    from tracker.models import StatusUpdate

    minerals = Commitment.objects.get(reference="9.1")
    pharma = Commitment.objects.get(reference="12.1")
    day = datetime.date
    for commitment, side, as_of, completion in [
        (minerals, "japan", day(2025, 11, 3), "limited"),
        (minerals, "joint", day(2026, 1, 20), "substantial"),
        (minerals, "india", day(2025, 12, 1), "not_started"),  # published later, dated earlier
        (minerals, "india", day(2026, 1, 20), "complete"),  # same day as the joint one
        (minerals, "japan", day(2026, 2, 14), "not_started"),
        (pharma, "joint", day(2026, 2, 1), "limited"),
        (pharma, "japan", day(2026, 2, 1), "limited"),  # no change: nothing counted
        (pharma, "india", day(2026, 3, 9), "no_evidence"),
    ]:
        published_update(commitment=commitment, side=side, as_of=as_of, completion=completion)
    StatusUpdateFactory(commitment=pharma, side="japan", completion="complete")  # a draft
    StatusUpdateFactory(commitment=minerals, side="india", completion="complete", state="submitted")
    updates = (
        StatusUpdate.objects.published()
        .order_by("as_of", "published_at", "pk")
        .values_list("commitment", "commitment__sector__slug", "side", "as_of", "completion")
    )
    stored = count_changes()
    assert stored["completion"] == completion_changes(updates)
    assert stored["completion"]["critical-minerals"]["2026-01"] == [1, 1, -1, -1, 0]
    months = {}
    for as_of, side in StatusUpdate.objects.published().values_list("as_of", "side"):
        month = months.setdefault(f"{as_of:%Y-%m}", {})
        month[side] = month.get(side, 0) + 1
    assert stored["updates"] == months


@pytest.mark.django_db
def test_the_charts_page_reads_no_update_once_its_figures_are_stored(
    client, settings, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.TRACKER_STORED_COUNTS = True
    commitment = Commitment.objects.get(reference="9.1")
    with django_capture_on_commit_callbacks(execute=True):
        published_update(commitment=commitment, as_of=datetime.date.today(), completion="limited")
    first = client.get(reverse("tracker:charts"))
    with CaptureQueriesContext(connection) as queries:
        second = client.get(reverse("tracker:charts"))
    assert not [q["sql"] for q in queries if "tracker_statusupdate" in q["sql"]]
    assert second.content == first.content
    # A publication is drawn at once: it has added itself to the stored figures.
    with django_capture_on_commit_callbacks(execute=True):
        published_update(commitment=commitment, as_of=datetime.date.today(), completion="complete")
    panel = next(
        p
        for p in client.get(reverse("tracker:charts")).context["over_time"].panels
        if p.slug == commitment.sector.slug
    )
    assert panel.rows[-1][1][0] >= 1  # "complete" on one side at least


def stored_changes():
    from tracker.models import StoredChanges

    return StoredChanges.objects.values_list("changes", flat=True).get(pk=1)


@pytest.mark.django_db
def test_each_publication_adds_itself_to_the_stored_chart_figures(settings):
    """Publications are added one by one to the stored figures, reading only their own
    commitment's updates, and the figures stay exactly what working them out afresh gives:
    joint reports, back-dated ones, several on one commitment, one that changes nothing."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tracker.counts import count_changes, current_changes
    from tracker.models import StatusUpdate

    settings.TRACKER_STORED_COUNTS = True
    minerals = Commitment.objects.get(reference="9.1")
    pharma = Commitment.objects.get(reference="12.1")
    published_update(commitment=minerals, side="japan", as_of=datetime.date(2025, 11, 3))
    current_changes()  # worked out and stored, as the first reader does
    day = datetime.date
    for commitment, side, as_of, completion in [
        (minerals, "joint", day(2026, 1, 20), "substantial"),
        (minerals, "india", day(2025, 12, 1), "not_started"),  # dated before the joint one
        (minerals, "india", day(2026, 1, 20), "complete"),
        (minerals, "japan", day(2025, 10, 2), "complete"),  # before all: changes later months
        (pharma, "joint", day(2026, 2, 1), "limited"),
        (pharma, "japan", day(2026, 2, 1), "limited"),  # no change of level
        (pharma, "india", day(2026, 3, 9), "no_evidence"),
    ]:
        with CaptureQueriesContext(connection) as queries:
            update = published_update(
                commitment=commitment, side=side, as_of=as_of, completion=completion
            )
        stored = stored_changes()
        assert stored is not None  # kept, not emptied for the next reader to work out
        assert stored == count_changes(), (side, as_of, completion)
        read = [q["sql"] for q in queries if "LAG(" in q["sql"]]
        assert len(read) == 2 and all(str(update.commitment_id) in sql for sql in read)
    # And what replaying every published update in Python gives (the rule, tracker/charts.py).
    updates = (
        StatusUpdate.objects.published()
        .order_by("as_of", "published_at", "pk")
        .values_list("commitment", "commitment__sector__slug", "side", "as_of", "completion")
    )
    assert stored["completion"] == completion_changes(updates)


@pytest.mark.django_db
def test_other_changes_to_what_the_charts_count_have_them_worked_out_again(settings):
    """A commitment moved to another sector, a published update deleted, a sector renamed:
    the stored figures are emptied in the same transaction, and the charts count the change.
    An edit that changes nothing the charts count keeps them."""
    from sectors.models import Sector
    from tracker.counts import count_changes, current_changes
    from tracker.models import StatusUpdate

    settings.TRACKER_STORED_COUNTS = True
    commitment = Commitment.objects.get(reference="9.1")
    published_update(commitment=commitment, side="joint", completion="complete")
    current_changes()

    commitment = Commitment.objects.get(pk=commitment.pk)
    commitment.title = commitment.title + " (edited)"
    commitment.save()
    assert stored_changes() is not None

    commitment.sector = Sector.objects.get(slug="pharmaceuticals")
    commitment.save()
    assert stored_changes() is None
    moved = current_changes()
    assert "critical-minerals" not in moved["completion"]
    assert moved == count_changes() == stored_changes()

    Sector.objects.filter(slug="pharmaceuticals").update(slug="medicines")  # no signal:
    assert stored_changes() is not None  # (only a bulk change goes past them)
    sector = Sector.objects.get(slug="medicines")
    sector.save()
    assert stored_changes() is None
    assert "medicines" in current_changes()["completion"]

    def published(figures):
        return sum(sum(sides.values()) for sides in figures["updates"].values())

    before = published(current_changes())
    _, deleted = StatusUpdate.objects.filter(commitment=commitment, state="published").delete()
    assert stored_changes() is None
    after = current_changes()
    assert after == count_changes() == stored_changes()
    assert published(after) == before - deleted["tracker.StatusUpdate"]


@pytest.mark.django_db
def test_figures_worked_out_before_a_change_are_not_stored(settings, monkeypatch):
    """A reader works the figures out while a publication commits: what it read may predate
    the publication, so it serves them but does not store them; the next reader does."""
    from tracker import counts

    settings.TRACKER_STORED_COUNTS = True
    commitment = Commitment.objects.get(reference="9.1")
    counts.forget_changes()
    recount = counts.count_changes

    def recount_while_publishing():
        figures = recount()
        published_update(commitment=commitment, side="india", completion="limited")
        return figures

    before = recount()
    monkeypatch.setattr(counts, "count_changes", recount_while_publishing)
    assert counts.current_changes() == before  # served, as read
    assert stored_changes() is None  # not stored: the publication came after the reading
    monkeypatch.setattr(counts, "count_changes", recount)
    assert counts.current_changes() != before  # the next reader counts the publication
    assert stored_changes() == counts.count_changes()


# The completion-over-time chart's columns and table rows as the charts template drew them.
OVER_TIME_COLUMNS = Template(
    "{% load l10n %}{% localize off %}{% for column in panel.columns %}"
    '<rect x="{{ column.x|floatformat:2 }}" y="{{ over_time.plot_top }}" '
    'width="{{ column.width|floatformat:2 }}" height="{{ over_time.plot_height }}" '
    'class="chart-track"/>'
    '{% for block in column.segments %}<rect x="{{ block.x|floatformat:2 }}" '
    'y="{{ block.y|floatformat:2 }}" width="{{ block.width|floatformat:2 }}" '
    'height="{{ block.height|floatformat:2 }}" class="seg seg-{{ block.key }}">'
    '<title>{{ column.month|date:"M Y" }}: {{ block.label }} {{ block.count }}</title></rect>'
    "{% endfor %}"
    '{% if column.label %}<text x="{{ column.x|floatformat:2 }}" '
    'y="{{ over_time.panel_height }}" dy="-4" class="chart-label">'
    '{{ column.month|date:"M Y" }}</text>{% endif %}'
    "{% endfor %}{% endlocalize %}"
)
OVER_TIME_ROWS = Template(
    "{% for panel in over_time.panels %}{% for month, counts, not_reported in panel.rows %}"
    '<tr>{% if forloop.first %}<th scope="rowgroup" rowspan="{{ panel.rows|length }}">'
    '{{ panel.name }}</th>{% endif %}<td>{{ month|date:"M Y" }}</td>'
    '{% for count in counts %}<td class="num">{{ count }}</td>{% endfor %}'
    '<td class="num">{{ not_reported }}</td></tr>{% endfor %}{% endfor %}'
)


@pytest.mark.parametrize("language", ["en", "ja", "hi"])
def test_the_over_time_chart_is_written_as_the_template_wrote_it(language):
    from tracker.templatetags.chart_svg import over_time_columns, over_time_table_rows

    months = month_window(datetime.date(2024, 1, 1), datetime.date(2026, 3, 1))
    sectors = [
        {"name": "Alpha & <Beta>", "slug": "ab", "total": 1234},
        {"name": "Gamma", "slug": "gamma", "total": 7},
    ]
    changes = {
        "ab": {
            "2023-12": [3, 0, 0, 0, -3],
            "2024-05": [100, 17, 3, 0, -120],
            "2025-02": [-1, 1, 900, 1, -901],
        },
        "gamma": {"2025-07": [1, 1, 1, 0, -4], "2026-03": [0, 0, 0, 2, 0]},
    }
    with translation.override(language):
        chart = completion_over_time(sectors, changes, months)
        for panel in chart.panels:
            expected = OVER_TIME_COLUMNS.render(Context({"over_time": chart, "panel": panel}))
            assert over_time_columns(chart, panel).replace("\n", "") == expected
        expected = OVER_TIME_ROWS.render(Context({"over_time": chart}))
        assert over_time_table_rows(chart).replace("\n", "") == expected
    assert "Alpha &amp; &lt;Beta&gt;" in expected


# The completion chart as the dashboard and sector pages included it before it was kept.
INCLUDED_CHART = Template(
    '{% include "tracker/includes/completion_chart.html" with chart=chart id="completion" %}'
)
KEPT_CHART = Template('{% load chart_svg %}{% completion_chart rows "completion" %}')


def test_a_kept_chart_is_the_one_the_figures_and_language_draw():
    figures = [
        [row("Alpha", 4, japan_complete=1, japan_limited=3, india_no_evidence=4)],
        [row("Alpha", 4, japan_complete=2, japan_limited=2, india_no_evidence=4)],
    ]
    drawn = set()
    for _ in range(2):  # drawn, then kept
        for rows in figures:
            for language in ("en", "ja", "hi"):
                with translation.override(language):
                    kept = KEPT_CHART.render(Context({"rows": rows}))
                    chart = completion_by_sector_chart(rows)
                    assert kept == INCLUDED_CHART.render(Context({"chart": chart}))
                    drawn.add(kept)
    assert len(drawn) == 6  # each set of figures in each language its own


# The charts page's coordinates, counts and months, written without the template filters.
DJANGO_FILTERS = Template(
    "{% load l10n %}{% localize off %}{{ value|floatformat:2 }}{% endlocalize %}|{{ count }}|"
    '{{ month|date:"M Y" }}'
)
CHART_FILTERS = Template(
    "{% load chart_svg l10n %}{% localize off %}{{ value|two_places }}{% endlocalize %}|"
    "{{ count }}|{{ month|month_text }}"
)


@pytest.mark.parametrize("language", ["en", "ja", "hi"])
def test_the_charts_filters_write_what_django_filters_write(language):
    import random

    from tracker.html import number_text

    draw = random.Random(2025)
    values = [0, 7, -3, 0.0, -0.0, 0.125, 2.675, 1.005, 0.5, -0.001, -0.005, -2.675, 1e-05]
    values += [1e16, 123456.789, 640 / 24 * 0.7, 99.995, 0.015, 1234.5]
    values += [draw.uniform(-700, 700) for _ in range(2000)]
    values += [round(draw.uniform(0, 700), 3) for _ in range(2000)]  # ties on the third place
    counts = [0, 7, -12, 999, 1000, 1234567, 2.5]
    with translation.override(language):
        for index, value in enumerate(values):
            context = {
                "value": value,
                "count": counts[index % len(counts)],
                "month": datetime.date(2024 + index % 3, 1 + index % 12, 28),
            }
            expected = DJANGO_FILTERS.render(Context(context))
            assert CHART_FILTERS.render(Context(context)) == expected, value
            assert number_text(context["count"]) == expected.split("|")[1]


# The updates-per-month bars as the charts template drew them.
PER_MONTH_COLUMNS = Template(
    "{% load l10n %}{% localize off %}{% for group in per_month.groups %}"
    "{% for block in group.segments %}{% if block.count %}"
    '<rect x="{{ block.x|floatformat:2 }}" y="{{ block.y|floatformat:2 }}" '
    'width="{{ block.width|floatformat:2 }}" height="{{ block.height|floatformat:2 }}" '
    'class="side side-{{ block.key }}"><title>{{ group.month|date:"M Y" }}, {{ block.label }}: '
    "{{ block.count }}</title></rect>{% endif %}{% endfor %}"
    '{% if group.label %}<text x="{{ group.x|floatformat:2 }}" y="{{ per_month.height }}" '
    'dy="-6" class="chart-label">{{ group.month|date:"M Y" }}</text>{% endif %}'
    "{% endfor %}{% endlocalize %}"
)


@pytest.mark.parametrize("language", ["en", "ja", "hi"])
def test_the_updates_per_month_bars_are_written_as_the_template_wrote_them(language):
    from tracker.models import ReportingSide
    from tracker.templatetags.chart_svg import per_month_columns

    months = month_window(datetime.date(2024, 1, 1), datetime.date(2026, 3, 1))
    counts = {(month, "japan"): index * 7 % 5 for index, month in enumerate(months)}
    counts.update(
        {(month, "india"): 1234 if index == 4 else index % 3 for index, month in enumerate(months)}
    )
    counts[months[2], "joint"] = 3
    with translation.override(language):
        chart = updates_per_month(counts, months, ReportingSide.choices)
        expected = PER_MONTH_COLUMNS.render(Context({"per_month": chart}))
        assert per_month_columns(chart).replace("\n", "") == expected
    assert expected.count("<rect") == sum(1 for count in counts.values() if count)


@pytest.mark.django_db
def test_the_kept_over_time_chart_is_the_one_the_figures_draw(client):
    """The chart is kept between views, with its markup in each language; a publication,
    which changes its figures, has it drawn afresh."""
    from tracker.chart_views import KEPT_OVER_TIME

    commitment = CommitmentFactory()
    languages = ("en", "ja", "hi")

    def pages(afresh=False):
        found = {}
        for lang in languages:
            if afresh:
                KEPT_OVER_TIME.clear()
            found[lang] = client.get(reverse("tracker:charts"), HTTP_ACCEPT_LANGUAGE=lang).content
            assert f'lang="{lang}"'.encode() in found[lang]
        return found

    before = pages(afresh=True)
    assert pages() == before  # now from the kept chart, one chart for the three languages
    published_update(
        commitment=commitment, side="japan", as_of=datetime.date.today(), completion="complete"
    )
    kept = pages()
    assert pages(afresh=True) == kept
    assert all(kept[lang] != before[lang] for lang in languages)
    assert kept["en"].count(b"seg seg-complete") == before["en"].count(b"seg seg-complete") + 1

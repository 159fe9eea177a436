"""The commitments table's filters return the right rows; garbage never gives a 500."""

import csv
import io
import re

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.http import urlencode

from sectors.models import Sector
from tests.factories import SectorFactory, published_update
from tracker import filtersets
from tracker.models import Commitment, Organisation, Project
from tracker.templatetags.filter_form import INPUT_TEMPLATES, input_html

pytestmark = pytest.mark.django_db

URL = reverse("tracker:commitment_list")


def references(response):
    """The references on the page shown (not the whole filtered list)."""
    return {row.record.reference for row in response.context["table"].paginated_rows}


def get_all(client, query):
    response = client.get(URL, {**query, "per_page": 100})
    assert response.status_code == 200
    return {row.record.reference for row in response.context["table"].rows}


def test_unfiltered_table_pages_through_every_commitment(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["table"].paginator.count == Commitment.objects.count()
    assert len(references(response)) == 25


def test_filter_by_sector(client):
    assert get_all(client, {"sector": "pharmaceuticals"}) == {"12.1", "12.2", "12.3"}


def test_filter_by_several_sectors_is_their_union(client):
    expected = set(
        Commitment.objects.filter(
            sector__slug__in=["pharmaceuticals", "critical-minerals"]
        ).values_list("reference", flat=True)
    )
    assert get_all(client, {"sector": ["pharmaceuticals", "critical-minerals"]}) == expected


def test_filter_key_sectors_against_cross_cutting(client):
    key = get_all(client, {"sector_kind": "key"})
    cross = get_all(client, {"sector_kind": "cross_cutting"})
    assert "8.1" in key and "5" in cross
    assert not key & cross
    assert key | cross == set(Commitment.objects.values_list("reference", flat=True))


def test_filter_by_lifecycle_per_side_and_not_reported(client):
    reviewer_published = published_update(
        commitment=Commitment.objects.get(reference="12.2"),
        side="india",
        lifecycle="completed",
        completion="complete",
    )
    assert get_all(client, {"india_status": "completed"}) == {"12.2"}
    assert "12.2" not in get_all(client, {"japan_status": "completed"})
    not_reported = get_all(client, {"india_status": "not_reported"})
    assert "12.2" not in not_reported
    assert not_reported == set(
        Commitment.objects.filter(india_status="").values_list("reference", flat=True)
    )
    assert reviewer_published.is_published


def test_filter_by_completion_and_confidence(client):
    published_update(
        commitment=Commitment.objects.get(reference="9.2"),
        side="japan",
        completion="substantial",
        confidence="amber",
        confidence_rationale="Recycling plant permits are pending.",
    )
    assert get_all(client, {"japan_completion": "substantial"}) == {"9.2"}
    assert get_all(client, {"japan_confidence": "amber"}) == {"9.2"}
    assert get_all(client, {"india_confidence": "amber"}) == set()


def test_filter_by_organisation_covers_lead_and_project_organisations(client):
    jogmec = Organisation.objects.get(abbreviation="JOGMEC")
    assert "9.1" in get_all(client, {"organisation": jogmec.slug})
    renesas = Organisation.objects.filter(name__icontains="Renesas").first()
    served = set(
        Commitment.objects.filter(projects__organisations=renesas).values_list(
            "reference", flat=True
        )
    )
    assert served and get_all(client, {"organisation": renesas.slug}) == served


def test_free_text_search(client):
    assert get_all(client, {"q": "JOGMEC"}) == {"9.1"}
    assert get_all(client, {"q": "Bharat 6G"}) == {"10.2"}


@pytest.fixture
def analysed_words():
    """The commitments' word statistics as ANALYZE writes them (rolled back with the test),
    read afresh by the search: on PostgreSQL a term with a common word then searches its rare
    words first."""
    from django.db import connection

    from tracker.filtersets import WORD_SHARES

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE tracker_commitment")
            cursor.execute("ANALYZE tracker_project")
    WORD_SHARES.clear()
    yield
    WORD_SHARES.clear()


@pytest.mark.parametrize(
    "term",
    [
        "8.1",
        "semiconductor",
        "supply chain",
        "JOGMEC",
        "e",
        "%",
        "_",
        # Several words: a row must hold the whole term, not each word somewhere.
        "India and JOGMEC",
        "JOGMEC and India",
        "supply  chain",
        "SUPPLY chain supply",
        "of the",
    ],
)
def test_search_finds_what_a_search_of_each_field_finds(client, analysed_words, term):
    """Searching the fields as one text finds the same rows as searching them one by one."""
    from django.db.models import Q

    expected = set(
        Commitment.objects.filter(
            Q(reference__icontains=term) | Q(title__icontains=term) | Q(text__icontains=term)
        ).values_list("reference", flat=True)
    )
    assert get_all(client, {"q": term}) == expected


def test_search_never_matches_across_two_fields(client):
    commitment = Commitment.objects.get(reference="9.1")
    # The end of the reference and the start of the title, as if they were one text.
    across = f"{commitment.reference}{commitment.title[:6]}"
    assert across not in commitment.title and across not in commitment.text
    assert get_all(client, {"q": across}) == set()
    # Nor with the character that joins the fields typed between the two.
    with_separator = f"{commitment.reference}\x1f{commitment.title[:6]}"
    assert get_all(client, {"q": with_separator}) == set()


def test_a_search_with_more_matches_than_the_cap_counts_and_pages_them_all(client, monkeypatch):
    """Past the cap of keys read, the search stays in the query: nothing is lost."""
    from django.db.models import Q

    from tracker.filtersets import CommitmentFilterSet

    monkeypatch.setattr(CommitmentFilterSet, "search_keys_cap", 3)
    expected = set(
        Commitment.objects.filter(Q(title__icontains="e") | Q(text__icontains="e")).values_list(
            "reference", flat=True
        )
    )
    assert len(expected) > 3
    assert get_all(client, {"q": "e"}) == expected


@pytest.mark.postgresql
def test_the_search_reads_its_trigram_index_on_postgresql():
    from django.db import connection

    from tracker.filtersets import CommitmentFilterSet, search_text

    searched = Commitment.objects.alias(
        search_text=search_text(CommitmentFilterSet.search_fields)
    ).filter(search_text__icontains="semiconductor")
    sql, params = searched.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "commitment_search_trgm_idx" in plan


@pytest.mark.postgresql
def test_a_search_looks_for_its_rare_words_first_then_the_whole_term(client, analysed_words):
    """At scale the trigram index reads every row of a common word's trigrams unless a rarer
    condition comes first (migration 0009). Of the 34 commitments, "and" is in 28, "India" in
    9, "JOGMEC" in one, "Survey" in one: the rare words come first, as typed when equally rare."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def conditions(term):
        with CaptureQueriesContext(connection) as queries:
            found = get_all(client, {"q": term})
        searches = [query["sql"] for query in queries if "LIKE UPPER" in query["sql"]]
        assert len(searches) == 1
        return found, re.findall(r"LIKE UPPER\('%(.*?)%'\)", searches[0])

    assert conditions("India and JOGMEC") == ({"9.1"}, ["JOGMEC", "India and JOGMEC"])
    term = "Survey of India and JOGMEC"
    assert conditions(term) == ({"9.1"}, ["Survey", "JOGMEC", term])
    # Without a common word the whole term alone is cheap: nothing to put first.
    assert conditions("Geological Survey") == ({"9.1"}, ["Geological Survey"])


@pytest.mark.postgresql
def test_the_word_statistics_are_read_once_not_per_search(client, analysed_words):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def statistics_read(term):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, {"q": term}).status_code == 200
        return sum("pg_stats_ext_exprs" in query["sql"] for query in queries)

    assert statistics_read("India and JOGMEC") == 1
    assert statistics_read("supply chain") == 0
    assert statistics_read("JOGMEC") == 0  # one word: nothing to order


def test_filter_by_parties(client):
    assert get_all(client, {"parties": "joint"}) == set(
        Commitment.objects.values_list("reference", flat=True)
    )
    assert get_all(client, {"parties": "india"}) == set()


def test_sort_by_reference_follows_the_document_order(client):
    response = client.get(URL, {"sort": "reference", "per_page": 100})
    refs = [row.record.reference for row in response.context["table"].rows]
    assert refs.index("9.2") < refs.index("10.1")
    response = client.get(URL, {"sort": "-reference", "per_page": 100})
    refs = [row.record.reference for row in response.context["table"].rows]
    assert refs.index("10.1") < refs.index("9.2")


def test_sort_by_title(client):
    response = client.get(URL, {"sort": "title", "per_page": 100})
    titles = [row.record.title for row in response.context["table"].rows]
    assert titles == sorted(titles, key=str.lower) or titles == sorted(titles)


@pytest.mark.parametrize(
    "query",
    [
        {"sector": "<script>alert(1)</script>"},
        {"japan_status": "finished"},
        {"india_completion": "lots"},
        {"sector_kind": "other"},
        {"organisation": "no-such-organisation"},
        {"parties": "'; DROP TABLE tracker_commitment; --"},
    ],
)
def test_garbage_filter_values_answer_400_with_a_message(client, query):
    response = client.get(URL, query)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Some filter values are not valid" in html
    assert "<script>alert(1)</script>" not in html
    assert Commitment.objects.count() > 0


def test_a_sector_added_since_the_last_page_can_be_chosen_at_once(client):
    assert client.get(URL, {"sector": "ict"}).status_code == 200
    assert client.get(URL, {"sector": "quantum"}).status_code == 400
    SectorFactory(slug="quantum", name="Quantum technologies")
    response = client.get(URL, {"sector": ["quantum", "ict"]})
    assert response.status_code == 200
    assert '<option value="quantum" selected>Quantum technologies</option>' in (
        response.content.decode()
    )
    assert client.get(URL, {"sector": ["quantum", "nowhere"]}).status_code == 400


@pytest.mark.parametrize("sort", ["nonsense", "-title,declaration.slug", "sector__slug", ""])
def test_an_unknown_sort_is_ignored(client, sort):
    response = client.get(URL, {"sort": sort})
    assert response.status_code == 200
    assert response.context["table"].paginator.count == Commitment.objects.count()
    assert response.context["table"].order_by == client.get(URL).context["table"].order_by


@pytest.mark.parametrize("page", ["999999", "0", "-1"])
def test_a_page_out_of_range_is_404(client, page):
    response = client.get(URL, {"page": page})
    assert response.status_code == 404
    assert b"There is no page at this address" in response.content


def test_a_page_that_is_not_a_number_shows_the_first_page(client):
    response = client.get(URL, {"page": "abc"})
    assert response.status_code == 200
    assert response.context["table"].page.number == 1


def test_a_huge_search_is_refused_not_run(client):
    response = client.get(URL, {"q": "x" * 5000})
    assert response.status_code == 400


@pytest.mark.parametrize("per_page", ["0", "101", "ten", "-5", "2.5", "", " 25", "¹", "²⁵", "٣"])
def test_rows_per_page_other_than_1_to_100_in_ascii_digits_is_refused(client, per_page):
    """Superscripts and other scripts' digits are digits to str.isdigit(), not to int()."""
    response = client.get(URL, {"per_page": per_page})
    assert response.status_code == 400
    assert "Rows per page must be a whole number from 1 to 100." in response.content.decode()


@pytest.mark.parametrize("per_page", ["1", "100"])
def test_rows_per_page_from_1_to_100_is_taken(client, per_page):
    response = client.get(URL, {"per_page": per_page})
    assert response.status_code == 200
    assert len(response.context["table"].paginated_rows) == min(int(per_page), 34)


def test_unknown_parameters_are_ignored(client):
    response = client.get(URL, {"colour": "blue"})
    assert response.status_code == 200


def test_project_filters_by_sector_and_organisation(client):
    url = reverse("tracker:project_list")
    response = client.get(url, {"sector": "critical-minerals", "per_page": 100})
    assert response.status_code == 200
    sectors = {row.record.sector.slug for row in response.context["table"].rows}
    assert sectors == {"critical-minerals"}
    assert client.get(url, {"kind": "spaceship"}).status_code == 400


def test_sector_filter_choices_list_every_sector(client):
    response = client.get(URL)
    choices = {slug for slug, _ in response.context["filter"].form.fields["sector"].choices}
    assert set(Sector.objects.values_list("slug", flat=True)) <= choices


def test_each_request_gets_a_fresh_filter_form(client):
    """The filter forms' class is built once per process: a sector added since, or a choice
    made by the previous reader, must still show (or not) as it should."""
    first = client.get(URL, {"sector": "ict"}).content.decode()
    assert '<option value="ict" selected>' in first
    Sector.objects.create(slug="space", name="Space", kind=Sector.Kind.CROSS_CUTTING, order=99)
    second = client.get(URL).content.decode()
    assert '<option value="ict">' in second
    assert '<option value="space">Space</option>' in second
    assert client.get(URL, {"sector": "space"}).status_code == 200
    # Choice filters written once per language and choice made (filter_form.FIELDS).
    chosen = client.get(URL, {"japan_status": "ongoing"}).content.decode()
    assert 'value="ongoing" id="id_japan_status_2" checked>' in chosen
    assert 'value="ongoing" id="id_japan_status_2">' in client.get(URL).content.decode()
    client.cookies["django_language"] = "ja"
    japanese = client.get(URL, {"japan_status": "ongoing"}).content.decode()
    assert 'value="ongoing" id="id_japan_status_2" checked> 継続中' in japanese


def test_the_filter_form_shows_the_choices_a_reader_made(client):
    """A shared filtered URL opens with its choices marked in the form, so it can be refined."""
    html = client.get(
        URL, {"sector": ["ict", "semiconductors"], "overdue": "true", "japan_status": "ongoing"}
    ).content.decode()
    assert '<select name="sector" id="id_sector" multiple>' in html
    assert '<option value="ict" selected>' in html
    assert '<option value="semiconductors" selected>' in html
    assert '<option value="pharmaceuticals">' in html
    assert '<option value="true" selected>Yes</option>' in html
    assert '<option value="unknown">Unknown</option>' in html
    assert 'value="ongoing" id="id_japan_status_2" checked>' in html
    assert 'value="completed" id="id_japan_status_3">' in html


def test_a_table_page_reads_its_rows_and_how_many_match_in_one_query(client):
    total = Commitment.objects.count()
    for query in ({"per_page": 10}, {"per_page": 10, "page": 2, "sort": "-title"}):
        with CaptureQueriesContext(connection) as queries:
            html = client.get(URL, query).content.decode()
        assert f"{total} rows match." in html and "of 4</p>" in html
        reads = [q["sql"] for q in queries if 'FROM "tracker_commitment"' in q["sql"]]
        assert len(reads) == 1 and "COUNT(*)" in reads[0], reads


def test_the_commitments_table_reads_only_what_it_shows_or_exports(client):
    with CaptureQueriesContext(connection) as queries:
        client.get(URL)
    (page,) = [q["sql"] for q in queries if 'FROM "tracker_commitment"' in q["sql"]]
    for unshown in ('"summary"', '"lead_in"', '"heading"', '"planned_start"', '"paragraph_id"'):
        assert unshown not in page
    # The export, from the same rows, still has every column, the verbatim text included.
    export = client.get(URL, {"_export": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert {row["Text"] for row in rows} == set(Commitment.objects.values_list("text", flat=True))
    assert {row["Sector"] for row in rows} == set(
        Commitment.objects.values_list("sector__name", flat=True)
    )


def test_beyond_the_count_cap_the_table_pages_on_without_counting(client, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tracker.views import CommitmentListView

    total = Commitment.objects.count()
    with CaptureQueriesContext(connection) as counted:
        exact = client.get(URL, {"per_page": 10}).content.decode()
    assert f"{total} rows match." in exact and "Page 1 of 4" in exact

    monkeypatch.setattr(CommitmentListView, "count_cap", 20)
    with CaptureQueriesContext(connection) as capped:
        first = client.get(URL, {"per_page": 10}).content.decode()
    assert "More than 20 rows match." in first
    assert "Page 1</p>" in first and " of " not in first.split("Page 1")[1][:10]
    assert len(capped) == len(counted)  # the capped count replaces the count, nothing more

    # Every row is still reachable, page by page, in the same order as when counted.
    seen, page = [], 1
    while True:
        response = client.get(URL, {"per_page": 10, "page": page})
        assert response.status_code == 200
        seen += [row.record.reference for row in response.context["table"].paginated_rows]
        if 'rel="next"' not in response.content.decode():
            break
        page += 1
    assert len(seen) == total == len(set(seen))
    assert client.get(URL, {"per_page": 10, "page": page + 1}).status_code == 404


# Past any row a table could hold: an OFFSET this large is beyond the 64-bit integers SQLite
# and PostgreSQL take, which made a database error (a 500) before the paginators refused it.
HUGE_PAGES = [str(10**30), str(2**63 // 25), str(2**63)]


@pytest.mark.parametrize("page", HUGE_PAGES)
@pytest.mark.parametrize(
    "name",
    [
        "tracker:commitment_list",
        "tracker:project_list",
        "tracker:organisation_list",
        "tracker:update_list",
        "tracker:compliance",
    ],
)
def test_a_page_past_any_possible_row_is_not_found(client, name, page):
    response = client.get(reverse(name), {"page": page})
    assert response.status_code == 404
    assert "the list may have fewer pages now" in response.content.decode()


@pytest.mark.parametrize("page", HUGE_PAGES)
@pytest.mark.parametrize("capped", [False, True])
def test_an_api_page_past_any_possible_record_is_not_found(client, monkeypatch, page, capped):
    from tracker.api.pagination import Pagination

    if capped:  # beyond the cap the API pages on by looking ahead, without a count
        monkeypatch.setattr(Pagination, "count_cap", 5)
    response = client.get("/api/commitments/", {"page": page, "format": "json"})
    assert response.status_code == 404
    assert "detail" in response.json()


@pytest.mark.parametrize(
    "filterset_class",
    [
        filtersets.CommitmentFilterSet,
        filtersets.ProjectFilterSet,
        filtersets.OrganisationFilterSet,
        filtersets.StatusUpdateFilterSet,
    ],
)
@pytest.mark.parametrize(
    "data",
    [
        {},
        {"q": 'semi "chips" <b>&', "organisation": "meti, mea"},
        {"q": "x" * 201, "as_of_after": "<not a date>", "as_of_before": "2031-13-45"},
    ],
    ids=["empty", "typed", "invalid"],
)
def test_text_inputs_are_written_as_djangos_widget_writes_them(filterset_class, data):
    """The filter form writes its text boxes without the template engine: the same markup,
    typed values (escaped), error state and all, as Django's own widget rendering."""
    form = filterset_class(QueryDict(urlencode(data)), queryset=None).form
    form.is_valid()
    inputs = [field for field in form if field.field.widget.template_name in INPUT_TEMPLATES]
    assert inputs
    for field in inputs:
        assert input_html(field, field.field.widget) == field.as_widget()
    search = input_html(form["q"], form["q"].field.widget)
    if "<b>" in data.get("q", ""):
        assert "&lt;b&gt;&amp;" in search
    assert ('aria-invalid="true"' in search) == (len(data.get("q", "")) > 200)


def test_two_filtersets_at_once_each_filter_their_own_rows():
    """Filters are copied one level deep per filterset (FiltersCopiedOneDeep): a filter with a
    method (the search, the overdue flag) must run on its own filterset, even while another
    made from the same class is alive, as in a server's other thread."""
    queryset = Commitment.objects.all()
    supply = filtersets.CommitmentFilterSet(QueryDict("q=supply"), queryset=queryset)
    nothing = filtersets.CommitmentFilterSet(QueryDict("q=zzzz-no-such-text"), queryset=queryset)
    overdue = filtersets.CommitmentFilterSet(QueryDict("overdue=false"), queryset=queryset)
    expected = set(
        queryset.filter(title__icontains="supply").values_list("pk", flat=True)
        | queryset.filter(text__icontains="supply").values_list("pk", flat=True)
        | queryset.filter(reference__icontains="supply").values_list("pk", flat=True)
    )
    assert expected
    assert set(supply.qs.values_list("pk", flat=True)) == expected
    assert not nothing.qs.exists()
    assert overdue.qs.count() == queryset.exclude(pk__in=queryset.overdue()).count()
    assert supply.filters["q"] is not nothing.filters["q"]
    assert supply.filters["q"].parent is supply


def test_choice_filters_ask_the_database_for_no_duplicate_removal(client):
    """A filter on a row's own fields matches each row once. SELECT DISTINCT over every
    column made PostgreSQL sort every matching row before returning a page of them."""
    commitment = Commitment.objects.get(reference="9.1")
    japan = published_update(commitment=commitment, side="japan", narrative="JAPAN-SIDE")
    published_update(commitment=commitment, side="india", narrative="INDIA-SIDE")
    cases = [
        (reverse("tracker:update_list"), {"side": "japan", "lifecycle": japan.lifecycle}),
        ("/api/updates/", {"side": "japan", "format": "json"}),
        (URL, {"japan_completion": "no_evidence", "india_confidence": "not_assessed"}),
        (reverse("tracker:project_list"), {"kind": "agreement", "organisation": "meti,meity"}),
        (reverse("tracker:organisation_list"), {"kind": "ministry"}),
    ]
    for url, query in cases:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, query)
        assert response.status_code == 200, url
        assert not [q["sql"] for q in queries if "DISTINCT" in q["sql"]], url
    updates = client.get("/api/updates/", {"side": "japan", "format": "json"}).json()
    assert [row["narrative"] for row in updates["results"]] == ["JAPAN-SIDE"]


def test_project_organisation_filter_lists_a_project_once_for_two_of_its_organisations(client):
    response = client.get(
        reverse("tracker:project_list"), {"organisation": "meti,meity", "per_page": 100}
    )
    slugs = [row.record.slug for row in response.context["table"].rows]
    assert slugs.count("semiconductor-supply-chain-partnership-moc") == 1
    assert set(slugs) == set(
        Project.objects.filter(organisations__slug__in=["meti", "meity"]).values_list(
            "slug", flat=True
        )
    )


@pytest.fixture
def updates_to_search():
    """Published updates whose narratives share a common word ("progress", in every one)
    and hold a rare one each, with the words' statistics as ANALYZE writes them."""
    from django.db import connection

    from tracker.filtersets import WORD_SHARES

    commitments = list(Commitment.objects.order_by("position")[:6])
    # 24 updates: a word of one of them is in under 5 % of the rows (COMMON_WORD_SHARE).
    for number in range(24):
        commitment = commitments[number % len(commitments)]
        published_update(
            commitment=commitment,
            narrative=f"Progress report {number}: the kiln{number} line; progress noted.",
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE tracker_statusupdate")
            cursor.execute("ANALYZE tracker_commitment")
            cursor.execute("ANALYZE tracker_project")
    WORD_SHARES.clear()
    yield commitments
    WORD_SHARES.clear()


UPDATE_SEARCHES = [
    "kiln3",  # one narrative
    "progress",  # every narrative: a term of common words only
    "Progress report 2",
    "progress kiln4",  # in no narrative as a whole term
    "report 5: the kiln5",
    "JOGMEC",  # a commitment's title
    "9.1",  # a commitment's reference
    "semiconductor",
    "e",
    "%",
    "zzzq",
]


@pytest.mark.parametrize("term", UPDATE_SEARCHES)
def test_update_search_finds_what_a_search_of_each_field_finds(client, updates_to_search, term):
    """The narrative's index and the commitments' keys find exactly the updates whose narrative,
    commitment title or reference holds the term; on the table and in the API."""
    from django.db.models import Q

    from tracker.models import StatusUpdate

    expected = set(
        StatusUpdate.objects.published()
        .filter(
            Q(narrative__icontains=term)
            | Q(commitment__title__icontains=term)
            | Q(commitment__reference__icontains=term)
        )
        .values_list("uid", flat=True)
    )
    response = client.get(reverse("tracker:update_list"), {"q": term, "per_page": 100})
    assert response.status_code == 200
    assert {row.record.uid for row in response.context["table"].rows} == expected
    api = client.get("/api/updates/", {"q": term, "format": "json", "page_size": 200}).json()
    assert {row["uid"] for row in api["results"]} == {str(uid) for uid in expected}


def test_update_search_past_its_caps_still_finds_every_match(
    client, updates_to_search, monkeypatch
):
    """With more matching commitments, or updates, than are read by key, the search stays in
    the query: nothing is lost."""
    from tracker.filtersets import StatusUpdateFilterSet
    from tracker.models import StatusUpdate

    monkeypatch.setattr(StatusUpdateFilterSet, "commitment_keys_cap", 1)
    monkeypatch.setattr(StatusUpdateFilterSet, "search_keys_cap", 2)
    for term in ("e", "kiln"):
        expected = set(
            StatusUpdate.objects.published()
            .filter(narrative__icontains=term)
            .values_list("uid", flat=True)
        ) | set(
            StatusUpdate.objects.published()
            .filter(commitment__title__icontains=term)
            .values_list("uid", flat=True)
        )
        assert len(expected) > 2
        response = client.get(reverse("tracker:update_list"), {"q": term, "per_page": 100})
        assert {row.record.uid for row in response.context["table"].rows} == expected


def test_update_search_never_matches_across_a_commitments_reference_and_title(
    client, updates_to_search
):
    commitment = updates_to_search[0]
    across = f"{commitment.reference}{commitment.title[:6]}"
    assert across not in commitment.title
    response = client.get(reverse("tracker:update_list"), {"q": across})
    assert list(response.context["table"].rows) == []
    response = client.get(
        reverse("tracker:update_list"), {"q": f"{commitment.reference}\x1f{commitment.title[:6]}"}
    )
    assert response.status_code == 200 and list(response.context["table"].rows) == []


@pytest.mark.parametrize("term", ["Renesas", "Sanand", "semiconductor supply", "e", "zzzq"])
def test_project_search_finds_what_a_search_of_each_field_finds(client, analysed_words, term):
    from django.db.models import Q

    expected = set(
        Project.objects.filter(
            Q(name__icontains=term) | Q(description__icontains=term) | Q(location__icontains=term)
        ).values_list("slug", flat=True)
    )
    response = client.get(reverse("tracker:project_list"), {"q": term, "per_page": 100})
    assert {row.record.slug for row in response.context["table"].rows} == expected


@pytest.mark.postgresql
def test_update_and_project_searches_read_their_trigram_indexes_on_postgresql(
    client, updates_to_search
):
    from django.db.models import Q

    from tracker.filtersets import ProjectFilterSet, StatusUpdateFilterSet, search_text
    from tracker.models import StatusUpdate

    def plan(queryset):
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            # A handful of rows: a plain index scan of another index would do as well.
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            return "\n".join(row[0] for row in cursor.fetchall())

    updates = StatusUpdate.objects.published().filter(Q(narrative__icontains="kiln3"))
    with connection.cursor() as cursor:
        # Of a handful of rows the index on the state would serve as well: without it (rolled
        # back with the test), what is left is the narrative's own.
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'tracker_statusupdate' "
            "AND indexdef LIKE '%%state%%' AND indexname <> 'statusupdate_narrative_trgm_idx'"
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP INDEX "{name}"')
    assert "statusupdate_narrative_trgm_idx" in plan(updates)
    fields = StatusUpdateFilterSet.commitment_search_fields
    commitments = Commitment.objects.alias(search_text=search_text(fields)).filter(
        search_text__icontains="JOGMEC"
    )
    assert "commitment_ref_title_trgm_idx" in plan(commitments)
    projects = Project.objects.alias(
        search_text=search_text(ProjectFilterSet.search_fields)
    ).filter(search_text__icontains="Renesas")
    assert "project_search_trgm_idx" in plan(projects)


@pytest.mark.postgresql
def test_a_term_of_common_words_only_is_told_from_a_rarer_one(updates_to_search):
    """The word "progress" is in every narrative: the search then keeps to the table's order, not
    listing every match by key; "kiln3" and "progress kiln3" are rarer."""
    from tracker.filtersets import StatusUpdateFilterSet, common_words_only

    statistics = StatusUpdateFilterSet.search_statistics
    assert common_words_only("progress", "default", statistics)
    assert common_words_only("Progress noted", "default", statistics)
    assert not common_words_only("kiln3", "default", statistics)
    assert not common_words_only("progress kiln3", "default", statistics)


def test_a_sector_filter_names_the_sector_by_its_key_not_a_join_on_its_slug(client):
    """The database then plans for that sector (its (sector, position) index) rather than for
    an average one; the rows are the same."""
    sector = Sector.objects.get(slug="critical-minerals")
    for url in (URL, reverse("tracker:project_list"), reverse("tracker:update_list")):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"sector": sector.slug})
        assert response.status_code == 200
        # The page's rows, counted in the same query on the tables that count.
        rows = [q["sql"] for q in queries if "LIMIT" in q["sql"]]
        assert rows and all(
            f'"sector_id" IN ({sector.pk})' in sql or f'"sector_id" = {sector.pk}' in sql
            for sql in rows
        ), url
    assert get_all(client, {"sector": sector.slug}) == set(
        Commitment.objects.filter(sector=sector).values_list("reference", flat=True)
    )


def test_the_sector_page_reads_its_commitments_without_joining_their_declarations(client):
    """Joined to the declarations, PostgreSQL scanned and sorted the whole sector for a page
    (5.9 ms against 0.06 ms at 10 000 commitments); the page's declarations come in a query
    of their own, and each row still links to its commitment under its declaration."""
    sector = Sector.objects.get(slug="critical-minerals")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(sector.get_absolute_url())
    assert response.status_code == 200
    page = [
        q["sql"] for q in queries if 'FROM "tracker_commitment"' in q["sql"] and "LIMIT" in q["sql"]
    ]
    assert len(page) == 1 and "tracker_declaration" not in page[0]
    for commitment in Commitment.objects.filter(sector=sector):
        assert commitment.get_absolute_url() in response.content.decode()


def test_the_sector_page_reads_its_projects_in_the_sector_and_name_index_order(client):
    """Ordered through the sector's position (the model's default order), PostgreSQL read and
    sorted every project of the sector for the fifty it shows; by name it reads them in the
    (sector, name) index's order, without joining the sector."""
    sector = Sector.objects.get(slug="critical-minerals")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(sector.get_absolute_url())
    page = [q["sql"] for q in queries if q["sql"].startswith('SELECT "tracker_project"."id"')]
    assert len(page) == 1
    assert "sectors_sector" not in page[0] and 'ORDER BY "tracker_project"."name"' in page[0]
    names = [project.name for project in response.context["projects"]]
    assert names == list(sector.projects.order_by("name").values_list("name", flat=True))
    assert len(names) > 1

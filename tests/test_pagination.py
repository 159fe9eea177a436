"""A table's page links are written by `{% table_pagination %}` as tracker/table.html wrote
them, kept in tests/reference/pagination.html."""

from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation
from django_tables2 import LazyPaginator, RequestConfig

from tests.test_update_article import normalised
from tracker.models import Commitment
from tracker.tables import CommitmentTable, PageAndCountPaginator
from tracker.templatetags.pagination import table_pagination

pytestmark = pytest.mark.django_db

REFERENCE = Template((Path(__file__).parent / "reference" / "pagination.html").read_text())
QUERY = "?sector=ict&q=%E5%8D%8A+%26+%3Cb%3E&sort=-title&page={}"


# How a table pages: Django's Paginator (counting), django-tables2's LazyPaginator (looking one
# row ahead), and the tables' own PageAndCountPaginator, which counts in the page's query up to
# its cap and looks ahead beyond it.
PAGINATORS = {
    "counted": {},
    "lazy": {"paginator_class": LazyPaginator},
    "page and count": {"paginator_class": PageAndCountPaginator, "cap": 1000},
    "page and count, capped": {"paginator_class": PageAndCountPaginator, "cap": 5},
}
LAZY = {"lazy", "page and count, capped"}


def table_at(query, per_page, paginator="counted"):
    request = RequestFactory().get("/commitments/" + query)
    table = CommitmentTable(Commitment.objects.order_by("position"))
    RequestConfig(request, paginate={"per_page": per_page, **PAGINATORS[paginator]}).configure(
        table
    )
    return table, request


@pytest.mark.parametrize("language", ["en", "ja", "hi"])
@pytest.mark.parametrize("paginator", PAGINATORS)
def test_page_links_are_written_as_the_template_wrote_them(language, paginator):
    lazy = paginator in LAZY
    pages = -(-Commitment.objects.count() // 2)
    assert pages > 12  # enough for gaps on both sides of the current page
    written = []
    for number in (1, 2, 7, pages - 1, pages):
        table, request = table_at(QUERY.format(number), per_page=2, paginator=paginator)
        context = Context({"table": table, "request": request})
        with translation.override(language):
            html = table_pagination(context, table)
            assert normalised(html) == normalised(REFERENCE.render(context))
        written.append(html)
    first, *_, last = written
    assert 'rel="prev"' not in first and 'rel="next"' in first
    assert 'rel="prev"' in last and 'rel="next"' not in last
    # Counted, page 7 of 17 has a gap on both sides; looking ahead, a paginator knows pages up
    # to the one after it, 8: no gap yet.
    assert written[2].count("…") == (0 if lazy else 2)
    if language == "en":
        assert ("<p>Page 7</p>" if lazy else "<p>Page 7 of 17</p>") in written[2]
    # The other parameters kept, escaped once; the page number replaced.
    assert 'href="?sector=ict&amp;q=%E5%8D%8A+%26+%3Cb%3E&amp;sort=-title&amp;page=8"' in written[2]


def test_a_single_page_and_an_unpaginated_table_have_no_page_links():
    table, request = table_at("", per_page=1000)
    assert table_pagination(Context({"table": table, "request": request}), table) == ""
    table = CommitmentTable(Commitment.objects.all())
    assert table_pagination(Context({"table": table, "request": request}), table) == ""

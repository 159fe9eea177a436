"""The tables of the public pages; the same classes feed the CSV, XLSX and JSON exports."""

import copy
from collections import defaultdict
from functools import lru_cache

import django_tables2 as tables
from django.core.paginator import EmptyPage, Paginator
from django.db import connection
from django.db.models import IntegerField, Subquery
from django.urls import get_script_prefix
from django.utils import formats
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.timezone import template_localtime
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_tables2.data import TableQuerysetData
from django_tables2.paginators import LazyPaginator
from django_tables2.rows import BoundRow, BoundRows

from . import links, template_code
from .html import Kept, date_text, esc, fmt, fmt_join
from .models import Commitment, ComplianceAssessment, Organisation, Project, StatusUpdate


class BadgeColumn(tables.Column):
    """A choice field shown as a labelled badge; exports get the plain label."""

    empty_label = _("Not reported")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_values", ())
        super().__init__(*args, **kwargs)

    def render(self, value, record, bound_column):
        raw = bound_column.accessor.resolve(record)
        if not raw:
            return fmt(template_code.NOT_REPORTED_BADGE, self.empty_label)
        return fmt(template_code.STATUS_BADGE, raw, raw, value)

    def value(self, value, record, bound_column):
        return value or self.empty_label


class ColumnsCopiedOneDeep(dict):
    """A table class's columns, copied one level deep for each table made from it.

    django-tables2 deep-copies the columns of every table it makes, so that one table's
    changes (a hidden column, say) stay its own. It changes a column only by setting its
    attributes, so a shallow copy of each column keeps tables as separate, at a tenth of the
    cost (0.13 ms on the commitments table)."""

    def __deepcopy__(self, memo):
        return {name: copy.copy(column) for name, column in self.items()}


class Table(tables.Table):
    """A django-tables2 table whose header and rows are written in Python, in one pass.

    The markup is django-tables2's own (tracker/table.html shows it), but the template engine
    no longer resolves every cell and sort link variable by variable: on the table pages that
    was most of the time a page took. Exports still go through the columns.
    """

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.base_columns = ColumnsCopiedOneDeep(cls.base_columns)

    def header_cells(self):
        """The header row's cells, the query string read once for all the sort links.

        They depend only on the table's class and columns, the reader's language, the sort and
        the query string: written once per process for each combination (the last thousand),
        as the labels are. A header's sort classes and links took a twentieth of a page."""
        request = getattr(self, "request", None)
        params = tuple(request.GET.lists()) if request else ()
        key = (
            type(self),
            get_language(),
            self.prefixed_order_by_field,
            tuple(self.order_by or ()),
            tuple(column.name for column in self.columns),
            tuple((name, tuple(values)) for name, values in params),
        )
        return HEADER_CELLS.get_or_write(key, lambda: self._header_cells(dict(params)))

    def _header_cells(self, params):
        field = self.prefixed_order_by_field
        cells = []
        for column in self.columns:
            attrs = column.attrs["th"].as_html()
            if column.orderable:
                query = {**params, field: column.order_by_alias.next}
                href = "?" + urlencode(query, doseq=True)
                cells.append(fmt(template_code.SORT_HEADER, attrs, href, column.header))
            else:
                cells.append(fmt(template_code.HEADER, attrs, column.header))
        return tuple(cells)

    def rows_html(self):
        """This page's rows. Badges, and columns with a `cell_<name>(record, page)` method, are
        written directly, with labels and links looked up once per page (`page`: PageLookups);
        any other cell as its column renders it, localised as a template would."""
        page = PageLookups()
        columns = [
            (column.name, column.attrs["td"].as_html(), self.cell_writer(column))
            for column in self.columns
        ]
        rows = self.paginated_rows
        if isinstance(rows, BoundRows):  # a page of a Paginator, or the whole table
            records = None if any(rows.pinned_data.values()) else rows.data
        else:  # a LazyPaginator's page: a list of rows
            records = (
                [row.record for row in rows] if all(type(r) is BoundRow for r in rows) else None
            )
        if records is None or self.row_attrs or not all(write for _, _, write in columns):
            rows = list(rows)
            self.prepare_page([row.record for row in rows], page)
            return [self._row_html(row, columns, page) for row in rows]
        records = list(records)
        self.prepare_page(records, page)
        # Every cell has a writer: no BoundRow needed. Rows alternate "even", "odd" as
        # django-tables2 marks them.
        return [
            SafeString(
                template_code.ROW_WITH_ATTRS.format(
                    ROW_PARITY[index % 2],
                    "".join(
                        template_code.CELL_WITH_ATTRS.format(attrs, esc(write(record, page)))
                        for _, attrs, write in columns
                    ),
                )
            )
            for index, record in enumerate(records)
        ]

    def _row_html(self, row, columns, page):
        cells = (
            (
                attrs,
                write(row.record, page)
                if write
                else formats.localize(template_localtime(row.get_cell(name))),
            )
            for name, attrs, write in columns
        )
        return fmt(
            template_code.ROW_WITH_ATTRS,
            row.attrs.as_html(),
            fmt_join("", template_code.CELL_WITH_ATTRS, cells),
        )

    def prepare_page(self, records, page):
        """Look up, for this page's records at once, what their cells need."""

    def cell_writer(self, column):
        """How to write this column's cells directly, or None for the column's own render."""
        if isinstance(column.column, BadgeColumn) and column.accessor.isidentifier():
            empty = str(column.column.empty_label)  # translated once per page
            return lambda record, page: page.badge(record, column.accessor, empty)
        return getattr(self, f"cell_{column.name}", None)


class CountedPaginator(Paginator):
    """A paginator told its number of rows (counted elsewhere) instead of counting them."""

    def __init__(self, object_list, per_page, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count = count


class CappedCount(Subquery):
    """How many rows `queryset` has, counting at most `cap` + 1 of them and without sorting
    them, as a column of another query: `(SELECT COUNT(*) FROM (SELECT id … LIMIT cap + 1))`.
    It refers to nothing outside it, so the database works it out once, not once per row."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) capped)"
    output_field = IntegerField()

    def __init__(self, queryset, cap):
        super().__init__(queryset.order_by().values("pk")[: cap + 1])


class LookAheadPaginator(LazyPaginator):
    """django-tables2's LazyPaginator, which also refuses a page no database could skip to.

    LazyPaginator checks only that a page number is a whole number from 1: `?page=10**30` made
    an OFFSET beyond the 64-bit integers SQLite and PostgreSQL take, a database error and a
    500. No table holds that many rows, so such a page is past the end: EmptyPage, a 404."""

    largest_offset = 2**63 - 1

    def validate_number(self, number):
        number = super().validate_number(number)
        if (number + 1) * self.per_page > self.largest_offset:  # the page and its look-ahead
            raise EmptyPage(self.error_messages["no_results"])
        return number


class PageAndCountPaginator(LookAheadPaginator):
    """A page of a table's rows and how many rows match (up to `cap` + 1), in one query.

    Up to `cap` matching rows it pages as Django's Paginator does, with the total (`found`,
    "Page 2 of 7"); beyond it as django-tables2's LazyPaginator, by one row of look-ahead,
    without a total (`found` is None). The count was a query of its own before the page's:
    one round trip more on every table page. Read together, the page and its total also
    agree with each other when rows are added in between.
    """

    annotation = "rows_found_capped"

    def __init__(self, object_list, per_page, cap, **kwargs):
        super().__init__(object_list, per_page, look_ahead=1, **kwargs)
        self.cap = cap
        self.found = None

    def page(self, number):
        rows = self.object_list
        if (
            not isinstance(rows, BoundRows)
            or not isinstance(rows.data, TableQuerysetData)
            or any(rows.pinned_data.values())
            or self.orphans
        ):
            raise TypeError("PageAndCountPaginator pages a table's queryset, with no pinned rows")
        number = self.validate_number(1 if number is None else number)
        queryset = rows.data.data
        bottom = (number - 1) * self.per_page
        records = list(
            queryset.annotate(**{self.annotation: CappedCount(queryset, self.cap)})[
                bottom : bottom + self.per_page + 1
            ]
        )
        if records:
            found = getattr(records[0], self.annotation)
        elif number == 1:
            found = 0
        else:
            raise EmptyPage(self.error_messages["no_results"])
        if found > self.cap:  # as LazyPaginator: a next page while a row follows this one
            self._num_pages = number + 1 if len(records) > self.per_page else number
        else:
            self.found = found
            self._num_pages = max(1, -(-found // self.per_page))
            # Counted, not looked ahead: the page links then give the total, as for a
            # Paginator ({% table_pagination %} tells the two kinds apart by look_ahead).
            self.look_ahead = None
        if self._num_pages == number:
            self._final_num_pages = number
        page_rows = [BoundRow(record, table=rows.table) for record in records[: self.per_page]]
        return self._get_page(page_rows, number, self)

    @property
    def rows_capped(self):
        """Whether the page read found more rows than `cap`: then they were not counted."""
        return self._num_pages is not None and self.found is None

    @property
    def count(self):
        if self.found is None:
            raise NotImplementedError("more rows match than were counted")
        return self.found

    def is_last_page(self, number):
        # Counted, the page links reach the last page: no gap after them (table_page_range).
        return self.found is not None or super().is_last_page(number)


ROW_PARITY = ('class="even"', 'class="odd"')

HEADER_CELLS = Kept()  # Table.header_cells(), per table class, language, sort and query string


class PageLookups:
    """What a page of rows looks up once rather than once per cell: choice labels in the
    reader's language (a lazy label costs a lookup per use), badges, dates, and the links of
    related records."""

    def __init__(self):
        self.language = get_language()
        self.labels = {}
        self.urls = {}
        self.organisations = {}  # record pk -> its organisations' links, by prepare_page()

    def label(self, model, field, value):
        labels = self.labels.get((model, field))
        if labels is None:
            labels = self.labels[model, field] = choice_labels(model, field, self.language)
        return labels.get(value, value)

    def url(self, record):
        key = (type(record), record.pk)
        if key not in self.urls:
            self.urls[key] = record.get_absolute_url()
        return self.urls[key]

    def link(self, record, text=None):
        """A link to `record`, or the empty-cell dash when there is none."""
        if record is None:
            return EMPTY
        return fmt(template_code.LINK, self.url(record), record if text is None else text)

    def load_organisations(self, field, records):
        """The organisations of each of `records` through the many-to-many `field`, as links,
        in one query on the link table: `prefetch_related()` would build a manager per record
        and an instance per link. In the organisations' order, labelled as str() labels them."""
        found = defaultdict(list)
        prefix = get_script_prefix()
        for pk, slug, name, abbreviation in organisation_rows(field, records):
            found[pk].append(organisation_link(slug, name, abbreviation, prefix))
        self.organisations = {pk: SafeString(", ".join(items)) for pk, items in found.items()}

    def organisation_links(self, record):
        return self.organisations.get(record.pk, EMPTY)

    def badge(self, record, field, empty_label):
        value = getattr(record, field)
        return badge_html(type(record), field, value, empty_label, self.language)

    def date(self, value, format_name=None):
        """A date, or a moment in the reader's time zone, as a template's `date` filter writes
        it in the reader's language (`format_name`: a Django date format)."""
        if value is None:
            return EMPTY
        return date_text(value, format_name)


def organisation_rows(field, records):
    """(record pk, slug, name, abbreviation) of the organisations of each of `records` through
    the many-to-many `field`, in the organisations' order: one query on the link table."""
    if not records:
        return []
    sql = organisations_sql(field, len(records), connection.alias)
    with connection.cursor() as cursor:
        cursor.execute(sql, [record.pk for record in records])
        return cursor.fetchall()


def organisation_labels(field, records):
    """{record pk: its organisations' labels (as str() labels them)}, from organisation_rows()."""
    found = defaultdict(list)
    for pk, _slug, name, abbreviation in organisation_rows(field, records):
        found[pk].append(Organisation.label(name, abbreviation))
    return found


@lru_cache(maxsize=4096)
def organisation_link(slug, name, abbreviation, prefix):
    """An organisation's link, as its name and abbreviation (and the site's prefix) make it:
    the same few dozen on page after page."""
    url = links.url("tracker:organisation_detail", slug)
    return fmt(template_code.LINK, url, Organisation.label(name, abbreviation))


@lru_cache(maxsize=64)
def organisations_sql(field, count, alias):
    """The SQL of load_organisations()'s query for `count` records, as Django compiles it,
    compiled once per process: building and compiling it took longer than running it."""
    through = field.remote_field.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    query = (
        through._default_manager.filter(**{f"{source}__in": range(count)})
        .order_by(*(f"{target}__{name}" for name in Organisation._meta.ordering), "pk")
        .values_list(
            f"{source}_id", f"{target}__slug", f"{target}__name", f"{target}__abbreviation"
        )
    )
    sql, params = query.query.get_compiler(alias).as_sql()
    if list(params) != list(range(count)):  # the records' keys must be its only parameters
        raise ValueError(f"unexpected parameters in {sql}")
    return sql


# Labels, badges and dates depend only on their value and the reader's language (the active
# one, passed in so that it is part of the key): worked out once per process, not per page.
@lru_cache(maxsize=256)
def choice_labels(model, field, language):
    return {key: str(label) for key, label in model._meta.get_field(field).choices}


@lru_cache(maxsize=4096)
def badge_html(model, field, value, empty_label, language):
    if not value:
        return fmt(template_code.NOT_REPORTED_BADGE, empty_label)
    label = choice_labels(model, field, language).get(value, value)
    return fmt(template_code.STATUS_BADGE, value, value, label)


EMPTY = "—"  # django-tables2's default for an empty cell


class CommitmentTable(Table):
    reference = tables.Column(linkify=True, verbose_name=_("Ref."))
    title = tables.Column(linkify=True)
    sector = tables.Column(linkify=True, order_by=("sector__order",))
    japan_status = BadgeColumn(verbose_name=_("Japan"))
    india_status = BadgeColumn(verbose_name=_("India"))
    japan_completion = BadgeColumn(verbose_name=_("Completion (Japan)"))
    india_completion = BadgeColumn(verbose_name=_("Completion (India)"))
    japan_confidence = BadgeColumn(verbose_name=_("Confidence (Japan)"))
    india_confidence = BadgeColumn(verbose_name=_("Confidence (India)"))
    lead_organisations = tables.ManyToManyColumn(
        verbose_name=_("Lead organisations"), linkify_item=True, orderable=False
    )
    text = tables.Column(verbose_name=_("Text"), visible=False)

    class Meta:
        model = Commitment
        fields = (
            "reference",
            "title",
            "sector",
            "parties",
            "japan_status",
            "india_status",
            "japan_completion",
            "india_completion",
            "japan_confidence",
            "india_confidence",
            "lead_organisations",
            "next_update_due",
            "text",
        )
        order_by = ("reference",)
        attrs = {"class": "data-table"}

    def cell_reference(self, commitment, page):
        return page.link(commitment, commitment.reference)

    def cell_title(self, commitment, page):
        return page.link(commitment, commitment.title)

    def cell_sector(self, commitment, page):
        return page.link(commitment.sector)

    def cell_parties(self, commitment, page):
        return page.label(Commitment, "parties", commitment.parties)

    def prepare_page(self, records, page):
        page.load_organisations(Commitment._meta.get_field("lead_organisations"), records)

    def cell_lead_organisations(self, commitment, page):
        return page.organisation_links(commitment)

    def cell_next_update_due(self, commitment, page):
        return page.date(commitment.next_update_due, "SHORT_DATE_FORMAT")

    def value_lead_organisations(self, value):
        return ", ".join(str(organisation) for organisation in value.all())

    def order_reference(self, queryset, is_descending):
        """Document order, not string order ('10.1' after '9.2')."""
        return queryset.order_by(("-" if is_descending else "") + "position"), True


class ProjectTable(Table):
    name = tables.Column(linkify=True)
    sector = tables.Column(linkify=True, order_by=("sector_order", "name"))
    organisations = tables.ManyToManyColumn(linkify_item=True, orderable=False)
    japan_status = BadgeColumn(verbose_name=_("Japan"))
    india_status = BadgeColumn(verbose_name=_("India"))

    class Meta:
        model = Project
        fields = (
            "name",
            "kind",
            "sector",
            "organisations",
            "announced_on",
            "location",
            "amount",
            "currency",
            "japan_status",
            "india_status",
        )
        attrs = {"class": "data-table"}

    def value_organisations(self, value):
        return ", ".join(str(organisation) for organisation in value.all())

    def cell_name(self, project, page):
        return page.link(project, project.name)

    def cell_kind(self, project, page):
        return page.label(Project, "kind", project.kind)

    def cell_sector(self, project, page):
        return page.link(project.sector)

    def prepare_page(self, records, page):
        page.load_organisations(Project._meta.get_field("organisations"), records)

    def cell_organisations(self, project, page):
        return page.organisation_links(project)

    def cell_announced_on(self, project, page):
        return page.date(project.announced_on, "SHORT_DATE_FORMAT")

    def cell_location(self, project, page):
        return project.location or EMPTY

    def cell_amount(self, project, page):
        return EMPTY if project.amount is None else formats.localize(project.amount)

    def cell_currency(self, project, page):
        return project.currency or EMPTY


class OrganisationTable(Table):
    name = tables.Column(linkify=True)
    commitment_count = tables.Column(verbose_name=_("Commitments led"))
    project_count = tables.Column(verbose_name=_("Projects"))

    class Meta:
        model = Organisation
        fields = ("name", "abbreviation", "kind", "country", "commitment_count", "project_count")
        attrs = {"class": "data-table"}

    def cell_name(self, organisation, page):
        return page.link(organisation, organisation.name)

    def cell_abbreviation(self, organisation, page):
        return organisation.abbreviation or EMPTY

    def cell_kind(self, organisation, page):
        return page.label(Organisation, "kind", organisation.kind)

    def cell_country(self, organisation, page):
        return page.label(Organisation, "country", organisation.country)

    def cell_commitment_count(self, organisation, page):
        return formats.localize(organisation.commitment_count)

    def cell_project_count(self, organisation, page):
        return formats.localize(organisation.project_count)


class StatusUpdateTable(Table):
    as_of = tables.DateColumn(verbose_name=_("As of"))
    commitment = tables.Column(
        linkify=lambda record: record.get_absolute_url(),
        accessor="commitment__reference",
        order_by=("commitment__position",),
        verbose_name=_("Commitment"),
    )
    commitment_title = tables.Column(
        accessor="commitment__title", verbose_name=_("Title"), orderable=False
    )
    project = tables.Column(linkify=True)
    side = tables.Column(verbose_name=_("Side"))
    lifecycle = BadgeColumn()
    completion = BadgeColumn()
    confidence = BadgeColumn()
    evidence_count = tables.Column(verbose_name=_("Evidence"))
    narrative = tables.Column(visible=False)

    class Meta:
        model = StatusUpdate
        fields = (
            "as_of",
            "commitment",
            "commitment_title",
            "project",
            "side",
            "lifecycle",
            "completion",
            "confidence",
            "evidence_count",
            "published_at",
            "narrative",
        )
        order_by = ("-as_of",)
        attrs = {"class": "data-table"}

    def cell_as_of(self, update, page):
        return page.date(update.as_of, "SHORT_DATE_FORMAT")

    def cell_commitment(self, update, page):
        anchor = f"#update-{update.uid}"
        return fmt(
            template_code.LINK, page.url(update.commitment) + anchor, update.commitment.reference
        )

    def cell_commitment_title(self, update, page):
        return update.commitment.title or EMPTY

    def cell_project(self, update, page):
        return page.link(update.project)

    def cell_side(self, update, page):
        return page.label(StatusUpdate, "side", update.side)

    def cell_evidence_count(self, update, page):
        return formats.localize(update.evidence_count)

    def cell_published_at(self, update, page):
        return page.date(update.published_at, "SHORT_DATETIME_FORMAT")


class ComplianceAssessmentTable(Table):
    commitment = tables.Column(
        linkify=lambda record: record.commitment.get_absolute_url(),
        accessor="commitment__reference",
        order_by=("commitment__position",),
        verbose_name=_("Commitment"),
    )
    title = tables.Column(accessor="commitment__title", orderable=False, verbose_name=_("Title"))
    sector = tables.Column(accessor="commitment__sector__name", verbose_name=_("Sector"))
    evidence_url = tables.URLColumn(verbose_name=_("Evidence"))

    class Meta:
        model = ComplianceAssessment
        fields = (
            "commitment",
            "title",
            "sector",
            "party",
            "period",
            "kind",
            "score",
            "rationale",
            "evidence_url",
            "assessed_at",
        )
        order_by = ("commitment",)
        attrs = {"class": "data-table"}

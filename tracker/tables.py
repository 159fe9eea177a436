"""The tables of the public pages; the same classes feed the CSV, XLSX and JSON exports."""

import django_tables2 as tables
from django.utils import formats
from django.utils.html import escape, format_html, format_html_join
from django.utils.http import urlencode
from django.utils.timezone import template_localtime
from django.utils.translation import gettext_lazy as _

from . import template_code
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
            return format_html(template_code.NOT_REPORTED_BADGE, self.empty_label)
        return format_html(template_code.STATUS_BADGE, raw, raw, value)

    def value(self, value, record, bound_column):
        return value or self.empty_label


class Table(tables.Table):
    """A django-tables2 table whose header and rows are written in Python, in one pass.

    The markup is django-tables2's own (tracker/table.html shows it), but the template engine
    no longer resolves every cell and sort link variable by variable: on the table pages that
    was most of the time a page took. Exports still go through the columns.
    """

    def header_cells(self):
        """The header row's cells, the query string read once for all the sort links."""
        params = dict(self.request.GET) if getattr(self, "request", None) else {}
        field = self.prefixed_order_by_field
        cells = []
        for column in self.columns:
            attrs = column.attrs["th"].as_html()
            if column.orderable:
                query = {**params, field: column.order_by_alias.next}
                href = escape("?" + urlencode(query, doseq=True))
                cells.append(format_html(template_code.SORT_HEADER, attrs, href, column.header))
            else:
                cells.append(format_html(template_code.HEADER, attrs, column.header))
        return cells

    def rows_html(self):
        """This page's rows. Badges, and columns with a `cell_<name>(record, page)` method, are
        written directly, with labels and links looked up once per page (`page`: PageLookups);
        any other cell as its column renders it, localised as a template would."""
        page = PageLookups()
        columns = [
            (column.name, column.attrs["td"].as_html(), self.cell_writer(column))
            for column in self.columns
        ]
        rows = []
        for row in self.paginated_rows:
            cells = [
                (
                    attrs,
                    write(row.record, page)
                    if write
                    else formats.localize(template_localtime(row.get_cell(name))),
                )
                for name, attrs, write in columns
            ]
            rows.append(
                format_html(
                    template_code.ROW_WITH_ATTRS,
                    row.attrs.as_html(),
                    format_html_join("", template_code.CELL_WITH_ATTRS, cells),
                )
            )
        return rows

    def cell_writer(self, column):
        """How to write this column's cells directly, or None for the column's own render."""
        if isinstance(column.column, BadgeColumn) and column.accessor.isidentifier():
            empty = str(column.column.empty_label)  # translated once per page
            return lambda record, page: page.badge(record, column.accessor, empty)
        return getattr(self, f"cell_{column.name}", None)


class PageLookups:
    """What a page of rows looks up once rather than once per cell: choice labels in the
    reader's language (a lazy label costs a lookup per use), and the links of related records."""

    def __init__(self):
        self.labels = {}
        self.urls = {}

    def label(self, model, field, value):
        if (model, field) not in self.labels:
            choices = model._meta.get_field(field).choices
            self.labels[model, field] = {key: str(label) for key, label in choices}
        return self.labels[model, field].get(value, value)

    def url(self, record):
        key = (type(record), record.pk)
        if key not in self.urls:
            self.urls[key] = record.get_absolute_url()
        return self.urls[key]

    def link(self, record, text=None):
        """A link to `record`, or the empty-cell dash when there is none."""
        if record is None:
            return EMPTY
        return format_html(template_code.LINK, self.url(record), record if text is None else text)

    def links(self, records):
        return (
            format_html_join(", ", template_code.LINK, ((self.url(r), r) for r in records)) or EMPTY
        )

    def badge(self, record, field, empty_label):
        value = getattr(record, field)
        if not value:
            return format_html(template_code.NOT_REPORTED_BADGE, empty_label)
        label = self.label(type(record), field, value)
        return format_html(template_code.STATUS_BADGE, value, value, label)


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

    def cell_lead_organisations(self, commitment, page):
        return page.links(commitment.lead_organisations.all())

    def cell_next_update_due(self, commitment, page):
        return (
            formats.date_format(commitment.next_update_due) if commitment.next_update_due else EMPTY
        )

    def value_lead_organisations(self, value):
        return ", ".join(str(organisation) for organisation in value.all())

    def order_reference(self, queryset, is_descending):
        """Document order, not string order ('10.1' after '9.2')."""
        return queryset.order_by(("-" if is_descending else "") + "position"), True


class ProjectTable(Table):
    name = tables.Column(linkify=True)
    sector = tables.Column(linkify=True, order_by=("sector__order",))
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

    def cell_organisations(self, project, page):
        return page.links(project.organisations.all())


class OrganisationTable(Table):
    name = tables.Column(linkify=True)
    commitment_count = tables.Column(verbose_name=_("Commitments led"))
    project_count = tables.Column(verbose_name=_("Projects"))

    class Meta:
        model = Organisation
        fields = ("name", "abbreviation", "kind", "country", "commitment_count", "project_count")
        attrs = {"class": "data-table"}


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
        return formats.date_format(update.as_of, "SHORT_DATE_FORMAT")

    def cell_commitment(self, update, page):
        anchor = f"#update-{update.uid}"
        return format_html(
            template_code.LINK, page.url(update.commitment) + anchor, update.commitment.reference
        )

    def cell_commitment_title(self, update, page):
        return update.commitment.title or EMPTY

    def cell_project(self, update, page):
        return page.link(update.project)

    def cell_side(self, update, page):
        return page.label(StatusUpdate, "side", update.side)


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

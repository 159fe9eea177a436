"""The tables of the public pages; the same classes feed the CSV, XLSX and JSON exports."""

from urllib.parse import quote

import django_tables2 as tables
from django.urls import reverse
from django.utils import formats
from django.utils.formats import localize
from django.utils.html import escape, format_html, format_html_join
from django.utils.http import urlencode
from django.utils.timezone import template_localtime
from django.utils.translation import gettext
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
        """This page's rows, each cell as the column renders it, localised as a template would."""
        return [
            format_html(
                template_code.ROW_WITH_ATTRS,
                row.attrs.as_html(),
                format_html_join(
                    "",
                    template_code.CELL_WITH_ATTRS,
                    (
                        (column.attrs["td"].as_html(), localize(template_localtime(cell)))
                        for column, cell in row.items()
                    ),
                ),
            )
            for row in self.paginated_rows
        ]


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

    def rows_html(self):
        """This page's rows as HTML, the cells the columns would render, in the columns' order.

        Written in one pass, with each label and link worked out once per page rather than
        once per cell through the template engine: a page of rows then costs about what a plain
        template costs (bench/README.md). Exports still go through the columns.
        """
        return CommitmentRows([column.name for column in self.columns]).render(
            row.record for row in self.paginated_rows
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


class CommitmentRows:
    """Renders commitments as table rows; labels and links are looked up once per page."""

    BADGES = (
        "japan_status",
        "india_status",
        "japan_completion",
        "india_completion",
        "japan_confidence",
        "india_confidence",
    )

    def __init__(self, columns):
        self.columns = columns
        # Labels in the reader's language, resolved once: a lazy label costs a lookup per use.
        self.labels = {
            name: {value: str(label) for value, label in Commitment._meta.get_field(name).choices}
            for name in (*self.BADGES, "parties")
        }
        self.not_reported = gettext("Not reported")
        self.declaration_urls = {}
        self.sector_urls = {}
        self.organisation_urls = {}

    def render(self, commitments):
        return [
            format_html(
                template_code.ROW,
                format_html_join(
                    "", template_code.CELL, ((self.cell(c, name),) for name in self.columns)
                ),
            )
            for c in commitments
        ]

    def url(self, commitment):
        """The commitment's page, as get_absolute_url() gives it, with one reverse() per
        declaration instead of one per row."""
        slug = commitment.declaration.slug
        if slug not in self.declaration_urls:
            # The reference is the URL's last segment: reverse once with a stand-in, drop it.
            self.declaration_urls[slug] = reverse(
                "tracker:commitment_detail", args=[slug, "_"]
            ).removesuffix("_/")
        return f"{self.declaration_urls[slug]}{quote(commitment.reference, safe='')}/"

    def cell(self, c, name):
        if name in ("reference", "title"):
            return format_html(template_code.LINK, self.url(c), getattr(c, name))
        if name == "sector":
            sector = c.sector
            if sector.pk not in self.sector_urls:
                self.sector_urls[sector.pk] = sector.get_absolute_url()
            return format_html(template_code.LINK, self.sector_urls[sector.pk], sector.name)
        if name in self.BADGES:
            value = getattr(c, name)
            if not value:
                return format_html(template_code.NOT_REPORTED_BADGE, self.not_reported)
            label = self.labels[name].get(value, value)
            return format_html(template_code.STATUS_BADGE, value, value, label)
        if name == "parties":
            return self.labels["parties"].get(c.parties, c.parties)
        if name == "lead_organisations":
            organisations = c.lead_organisations.all()
            return (
                format_html_join(
                    ", ", template_code.LINK, ((self.organisation_url(o), o) for o in organisations)
                )
                or "—"
            )
        if name == "next_update_due":
            return formats.date_format(c.next_update_due) if c.next_update_due else "—"
        return getattr(c, name)

    def organisation_url(self, organisation):
        if organisation.pk not in self.organisation_urls:
            self.organisation_urls[organisation.pk] = organisation.get_absolute_url()
        return self.organisation_urls[organisation.pk]

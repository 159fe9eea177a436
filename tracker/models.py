"""The declaration, its commitments and projects, and the status updates reported on them."""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.db import IntegrityError, models, transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import links
from .choice_labels import ChoiceLabels
from .counts import add_publication


class Side(models.TextChoices):
    """A government that reports."""

    JAPAN = "japan", _("Japan")
    INDIA = "india", _("India")


class ReportingSide(models.TextChoices):
    """Who a status update speaks for: one side, or both in a joint document."""

    JAPAN = "japan", _("Japan")
    INDIA = "india", _("India")
    JOINT = "joint", _("Both sides (joint report)")


class Parties(models.TextChoices):
    """Who a commitment binds."""

    JOINT = "joint", _("Both sides")
    JAPAN = "japan", _("Japan")
    INDIA = "india", _("India")


class Lifecycle(models.TextChoices):
    """Lifecycle status (IATI activity status; 'ongoing' for 'will continue to')."""

    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    SUSPENDED = "suspended", _("Suspended")
    DISCONTINUED = "discontinued", _("Discontinued")


class Completion(models.TextChoices):
    """Completion level (OGP Independent Reporting Mechanism)."""

    NO_EVIDENCE = "no_evidence", _("No evidence")
    NOT_STARTED = "not_started", _("Not started")
    LIMITED = "limited", _("Limited")
    SUBSTANTIAL = "substantial", _("Substantial")
    COMPLETE = "complete", _("Complete")


class Confidence(models.TextChoices):
    """Delivery confidence (UK Infrastructure and Projects Authority)."""

    GREEN = "green", _("Green")
    AMBER = "amber", _("Amber")
    RED = "red", _("Red")
    NOT_ASSESSED = "not_assessed", _("Not assessed")


class DatePrecision(models.TextChoices):
    """How much of a date the source gives ('in July 2023' is a month)."""

    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


def _choices_check(field, choices, name, allow_blank=False):
    """A named CheckConstraint that keeps `field` inside `choices` whatever writes it."""
    values = list(choices.values)
    if allow_blank:
        values.append("")
    return models.CheckConstraint(condition=models.Q(**{f"{field}__in": values}), name=name)


class URLField(models.URLField):
    """A URL field whose form assumes https for a bare domain (Django 6's default, today)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class SlugManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class DeclarationKind(models.TextChoices):
    DECLARATION = "declaration", _("Joint declaration")
    FACT_SHEET = "fact_sheet", _("Fact sheet")
    JOINT_STATEMENT = "joint_statement", _("Joint statement")


class DeclarationQuerySet(models.QuerySet):
    def declarations(self):
        """Those of kind "declaration" (not fact sheets or statements): what the annotated
        declaration shows, the first of them at /declaration/."""
        return self.filter(kind=DeclarationKind.DECLARATION)


class Declaration(ChoiceLabels, models.Model):
    """A source document: the Joint Declaration, its Fact Sheet, and later ones."""

    Kind = DeclarationKind

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    short_title = models.CharField(_("short title"), max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    adopted_on = models.DateField(_("adopted on"))
    place = models.CharField(_("place"), max_length=100)
    parties = models.CharField(_("parties"), max_length=200, default="Japan, India")
    summary = models.TextField(_("summary"), blank=True)
    url = URLField(_("official text"), blank=True)

    objects = SlugManager.from_queryset(DeclarationQuerySet)()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("declaration")
        verbose_name_plural = _("declarations")
        ordering = ["adopted_on", "kind"]
        constraints = [
            _choices_check("kind", DeclarationKind, "declaration_kind_valid"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return links.url("tracker:declaration", self.slug)

    def natural_key(self):
        return (self.slug,)


class ParagraphManager(models.Manager):
    def get_by_natural_key(self, declaration_slug, position):
        return self.get(declaration__slug=declaration_slug, position=position)


class Paragraph(ChoiceLabels, models.Model):
    """A numbered paragraph (or unnumbered section) of a declaration, as printed."""

    declaration = models.ForeignKey(
        Declaration,
        models.CASCADE,
        related_name="paragraphs",
        verbose_name=_("declaration"),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    number = models.CharField(
        _("number"),
        max_length=10,
        blank=True,
        help_text=_("Blank for an unnumbered section."),
    )
    heading = models.CharField(
        _("heading"),
        max_length=200,
        blank=True,
        help_text=_("A section heading printed just before this paragraph."),
    )
    subheading = models.CharField(_("subheading"), max_length=200, blank=True)
    text = models.TextField(
        _("text"),
        help_text=_("The paragraph verbatim; for a paragraph with bullets, its lead-in."),
    )
    sector = models.ForeignKey(
        "sectors.Sector",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="paragraphs",
        verbose_name=_("sector"),
    )

    objects = ParagraphManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        ordering = ["declaration", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["declaration", "position"], name="paragraph_position_unique"
            ),
        ]

    def __str__(self):
        return f"{self.declaration.short_title} ¶{self.number or '—'}"

    def natural_key(self):
        return (self.declaration.slug, self.position)

    natural_key.dependencies = ["tracker.declaration", "sectors.sector"]

    def split_commitments(self):
        """(commitments that are part of this paragraph's own text, those that are its bullets).

        Uses the prefetched `commitments`; the annotated declaration prints the first kind as
        status lines under the paragraph and the second as bullets.
        """
        inline, bullets = [], []
        for commitment in self.commitments.all():
            (inline if commitment.text in self.text else bullets).append(commitment)
        return inline, bullets


class OrganisationKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry or department")
    AGENCY = "agency", _("Government agency")
    SUBNATIONAL = "subnational", _("State or local government")
    COMPANY = "company", _("Company")
    INDUSTRY_BODY = "industry_body", _("Industry body")
    UNIVERSITY = "university", _("University or research institute")
    BANK = "bank", _("Bank or financing institution")
    MULTILATERAL = "multilateral", _("Multilateral or plurilateral body")
    OTHER = "other", _("Other")


class Country(models.TextChoices):
    JAPAN = "JP", _("Japan")
    INDIA = "IN", _("India")
    OTHER = "XX", _("Other or international")


class Organisation(ChoiceLabels, models.Model):
    """A ministry, agency, company, industry body, university or bank."""

    Kind = OrganisationKind

    Country = Country

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    abbreviation = models.CharField(_("abbreviation"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    url = URLField(_("website"), blank=True)

    objects = SlugManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            _choices_check("kind", OrganisationKind, "organisation_kind_valid"),
            _choices_check("country", Country, "organisation_country_valid"),
        ]

    def __str__(self):
        return self.label(self.name, self.abbreviation)

    @staticmethod
    def label(name, abbreviation):
        """How an organisation is named in lists: its abbreviation, else its name."""
        return abbreviation or name

    def get_absolute_url(self):
        return links.url("tracker:organisation_detail", self.slug)

    def natural_key(self):
        return (self.slug,)


class SideStatus(ChoiceLabels, models.Model):
    """The current lifecycle status per side, stored on the row when an update is published.

    Stored rather than derived so that tables and filters need no subquery per row;
    `StatusUpdate.publish()` keeps it in step in the same transaction.
    """

    japan_status = models.CharField(
        _("lifecycle (Japan)"), max_length=20, choices=Lifecycle.choices, blank=True
    )
    india_status = models.CharField(
        _("lifecycle (India)"), max_length=20, choices=Lifecycle.choices, blank=True
    )
    japan_as_of = models.DateField(_("Japan status as of"), null=True, blank=True)
    india_as_of = models.DateField(_("India status as of"), null=True, blank=True)

    class Meta:
        abstract = True

    def status_for(self, side):
        return {
            "side": Side(side),
            "status": getattr(self, f"{side}_status"),
            "status_label": getattr(self, f"get_{side}_status_display")() or _("Not reported"),
            "as_of": getattr(self, f"{side}_as_of"),
        }

    def reset_status(self):
        """Back to 'not reported' on both sides, before replaying published updates."""
        for side in Side.values:
            setattr(self, f"{side}_status", "")
            setattr(self, f"{side}_as_of", None)

    def recompute_status(self):
        """Derive the stored status from the published updates alone, and save it.

        Used after bulk loads (fixtures, imports) that bypass `StatusUpdate.publish()`.
        """
        fields = [f.attname for f in self._meta.concrete_fields]
        before = [getattr(self, name) for name in fields]
        self.reset_status()
        for update in self.updates.published().order_by("as_of", "published_at", "pk"):
            self.apply_update(update, update.sides)
        if [getattr(self, name) for name in fields] != before:
            self.save()

    def apply_update(self, update, sides):
        """Copy a published update's status onto the row for `sides` if it is the latest."""
        changed = []
        for side in sides:
            current = getattr(self, f"{side}_as_of")
            if current is not None and current > update.as_of:
                continue
            setattr(self, f"{side}_status", update.lifecycle)
            setattr(self, f"{side}_as_of", update.as_of)
            changed += [f"{side}_status", f"{side}_as_of"]
        return changed


class CommitmentQuerySet(models.QuerySet):
    def overdue(self, today=None):
        """Commitments whose next update was due before `today`."""
        today = today or timezone.localdate()
        return self.filter(next_update_due__lt=today)

    def in_key_sectors(self):
        return self.filter(sector__kind="key")

    def for_table(self):
        """What a table row shows or exports, and no more: 19 of the 37 columns of the three
        tables (the declaration's summary and the sector's introduction never shown). The
        tables read lead organisations a page at a time."""
        return self.select_related("sector", "declaration").only(
            "reference",
            "title",
            "text",
            "parties",
            "next_update_due",
            *(
                f"{side}_{field}"
                for side in Side.values
                for field in ("status", "completion", "confidence")
            ),
            "declaration__slug",
            "sector__slug",
            "sector__name",
        )

    def assigned_to(self, user):
        """The commitments assigned to `user`'s point-of-contact record (none for others)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(points_of_contact__user=user)

    def completion_by_sector(self):
        """Per sector, the number of commitments at each completion level for each side.

        One query: rows of {sector__slug, sector__name, japan_limited, india_complete, ...}.
        """
        counts = {
            f"{side}_{level}": models.Count("pk", filter=models.Q(**{f"{side}_completion": level}))
            for side in Side.values
            for level in Completion.values
        }
        return (
            self.values("sector__slug", "sector__name", "sector__kind", "sector__order")
            .annotate(total=models.Count("pk"), **counts)
            .order_by("sector__order")
        )

    def summary(self, today=None):
        """The dashboard's counts from one scan of the rows: (figures, confidence, by_sector).

        by_sector: completion_by_sector()'s rows, each also counting overdue commitments,
        reported statuses and ratings. figures: total, in_key_sectors, overdue and
        <side>_reported, summed from the sectors. confidence: <side>_<rating> counts.
        """
        today = today or timezone.localdate()
        reported = {
            f"{side}_reported": models.Count("pk", filter=~models.Q(**{f"{side}_status": ""}))
            for side in Side.values
        }
        ratings = {
            f"{side}_{rating}": models.Count(
                "pk", filter=models.Q(**{f"{side}_confidence": rating})
            )
            for side in Side.values
            for rating in Confidence.values
        }
        by_sector = list(
            self.completion_by_sector().annotate(
                overdue=models.Count("pk", filter=models.Q(next_update_due__lt=today)),
                **reported,
                **ratings,
            )
        )
        figures = {
            "total": sum(row["total"] for row in by_sector),
            "in_key_sectors": sum(
                row["total"] for row in by_sector if row["sector__kind"] == "key"
            ),
            "overdue": sum(row["overdue"] for row in by_sector),
            **{key: sum(row[key] for row in by_sector) for key in reported},
        }
        confidence = {key: sum(row[key] for row in by_sector) for key in ratings}
        return figures, confidence, by_sector


class CommitmentManager(models.Manager.from_queryset(CommitmentQuerySet)):
    def get_by_natural_key(self, declaration_slug, reference):
        return self.get(declaration__slug=declaration_slug, reference=reference)


class Commitment(SideStatus):
    """One bullet (or sub-bullet, or unbulleted paragraph) of a declaration."""

    declaration = models.ForeignKey(
        Declaration,
        models.PROTECT,
        related_name="commitments",
        verbose_name=_("declaration"),
    )
    paragraph = models.ForeignKey(
        Paragraph,
        models.PROTECT,
        related_name="commitments",
        verbose_name=_("paragraph"),
    )
    reference = models.CharField(
        _("reference"),
        max_length=20,
        help_text=_("Paragraph, bullet and sub-bullet, e.g. 10.3.d; IP for the Indo-Pacific."),
    )
    position = models.PositiveIntegerField(_("position in the text"))
    sector = models.ForeignKey(
        "sectors.Sector",
        models.PROTECT,
        related_name="commitments",
        verbose_name=_("sector"),
    )
    title = models.CharField(_("short title"), max_length=200)
    text = models.TextField(_("text (verbatim)"))
    parties = models.CharField(
        _("parties"), max_length=10, choices=Parties.choices, default=Parties.JOINT
    )
    lead_organisations = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="led_commitments",
        verbose_name=_("lead organisations"),
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned completion"), null=True, blank=True)
    next_update_due = models.DateField(_("next update due"), null=True, blank=True)

    japan_completion = models.CharField(
        _("completion (Japan)"),
        max_length=20,
        choices=Completion.choices,
        default=Completion.NO_EVIDENCE,
    )
    india_completion = models.CharField(
        _("completion (India)"),
        max_length=20,
        choices=Completion.choices,
        default=Completion.NO_EVIDENCE,
    )
    japan_confidence = models.CharField(
        _("delivery confidence (Japan)"),
        max_length=20,
        choices=Confidence.choices,
        default=Confidence.NOT_ASSESSED,
    )
    india_confidence = models.CharField(
        _("delivery confidence (India)"),
        max_length=20,
        choices=Confidence.choices,
        default=Confidence.NOT_ASSESSED,
    )

    objects = CommitmentManager()
    history = HistoricalRecords(m2m_fields=[lead_organisations])

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["declaration", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["declaration", "reference"], name="commitment_reference_unique"
            ),
            models.UniqueConstraint(
                fields=["declaration", "position"], name="commitment_position_unique"
            ),
            _choices_check("parties", Parties, "commitment_parties_valid"),
            _choices_check("japan_status", Lifecycle, "commitment_japan_status_valid", True),
            _choices_check("india_status", Lifecycle, "commitment_india_status_valid", True),
            _choices_check("japan_completion", Completion, "commitment_japan_completion_valid"),
            _choices_check("india_completion", Completion, "commitment_india_completion_valid"),
            _choices_check("japan_confidence", Confidence, "commitment_japan_confidence_valid"),
            _choices_check("india_confidence", Confidence, "commitment_india_confidence_valid"),
            models.CheckConstraint(
                condition=models.Q(planned_end__isnull=True)
                | models.Q(planned_start__isnull=True)
                | models.Q(planned_end__gte=models.F("planned_start")),
                name="commitment_planned_dates_ordered",
            ),
        ]
        indexes = [
            # The dashboard's and "my commitments"' overdue lists: next_update_due < today.
            models.Index(fields=["next_update_due"], name="commitment_due_idx"),
            # Status filters of the commitments table, and its ?sort=japan_status.
            models.Index(fields=["japan_status", "india_status"], name="commitment_status_idx"),
            # The commitments table's default order (?sort=reference is document order) and
            # the API's list: ORDER BY position LIMIT 25 walks this index, whatever the size.
            models.Index(fields=["position"], name="commitment_position_idx"),
            # The API's ?sector=…: WHERE sector_id = … ORDER BY declaration, position.
            models.Index(
                fields=["sector", "declaration", "position"], name="commitment_sector_order_idx"
            ),
            # A sector's page and the table's ?sector=…: WHERE sector_id = … ORDER BY position
            # LIMIT 50 reads 50 index entries, not the whole sector.
            models.Index(fields=["sector", "position"], name="commitment_sector_pos_idx"),
            # The commitments table's ?sort=title and ?sort=-title.
            models.Index(fields=["title"], name="commitment_title_idx"),
            # ?india_status=… and ?sort=india_status.
            models.Index(fields=["india_status"], name="commitment_india_status_idx"),
            # ?japan_completion=… / ?india_completion=… and their sorts.
            models.Index(fields=["japan_completion"], name="commitment_jp_completion_idx"),
            models.Index(fields=["india_completion"], name="commitment_in_completion_idx"),
            # ?japan_confidence=… / ?india_confidence=… and their sorts.
            models.Index(fields=["japan_confidence"], name="commitment_jp_confidence_idx"),
            models.Index(fields=["india_confidence"], name="commitment_in_confidence_idx"),
        ]

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # The sector the charts count it under (tracker/counts.py): a save that moves the
        # commitment to another sector changes them.
        instance._loaded_sector_id = instance.__dict__.get("sector_id")
        return instance

    def __str__(self):
        return f"{self.reference} {self.title}"

    def natural_key(self):
        return (self.declaration.slug, self.reference)

    natural_key.dependencies = [
        "tracker.declaration",
        "tracker.paragraph",
        "sectors.sector",
    ]

    def get_absolute_url(self):
        return links.url("tracker:commitment_detail", self.declaration.slug, self.reference)

    @property
    def citation(self):
        """How the reference reads in prose: 'para. 10, bullet 3, sub-bullet d'."""
        if self.reference == "IP":
            return _("Indo-Pacific section")
        parts = self.reference.split(".")
        words = [_("para. %(n)s") % {"n": parts[0]}]
        if len(parts) > 1:
            words.append(_("bullet %(n)s") % {"n": parts[1]})
        if len(parts) > 2:
            words.append(_("sub-bullet %(n)s") % {"n": parts[2]})
        return ", ".join(str(w) for w in words)

    @property
    def is_sub_bullet(self):
        return self.reference.count(".") == 2

    @property
    def is_overdue(self):
        return self.next_update_due is not None and self.next_update_due < timezone.localdate()

    def sides(self):
        """Status per side, side by side, for display."""
        rows = []
        for side in Side.values:
            row = self.status_for(side)
            row["completion"] = getattr(self, f"get_{side}_completion_display")()
            row["completion_value"] = getattr(self, f"{side}_completion")
            row["confidence"] = getattr(self, f"get_{side}_confidence_display")()
            row["confidence_value"] = getattr(self, f"{side}_confidence")
            rows.append(row)
        return rows

    def reset_status(self):
        super().reset_status()
        for side in Side.values:
            setattr(self, f"{side}_completion", Completion.NO_EVIDENCE)
            setattr(self, f"{side}_confidence", Confidence.NOT_ASSESSED)
        self.next_update_due = self.declaration.adopted_on + datetime.timedelta(
            days=settings.TRACKER_REPORTING_INTERVAL_DAYS
        )

    def apply_update(self, update, sides):
        changed = super().apply_update(update, sides)
        for side in sides:
            if f"{side}_status" not in changed:
                continue
            setattr(self, f"{side}_completion", update.completion)
            setattr(self, f"{side}_confidence", update.confidence)
            changed += [f"{side}_completion", f"{side}_confidence"]
        if changed:
            self.next_update_due = update.as_of + datetime.timedelta(
                days=settings.TRACKER_REPORTING_INTERVAL_DAYS
            )
            changed.append("next_update_due")
        return changed


class ProjectManager(SlugManager):
    pass


class ProjectKind(models.TextChoices):
    INVESTMENT = "investment", _("Investment or plant")
    AGREEMENT = "agreement", _("Agreement, MoU or MoC")
    DIALOGUE = "dialogue", _("Dialogue or meeting")
    PROGRAMME = "programme", _("Programme or initiative")
    PARTNERSHIP = "partnership", _("Partnership")
    LOAN = "loan", _("Loan or financing")
    FRAMEWORK = "framework", _("Multilateral framework")


class Project(SideStatus):
    """A concrete initiative from the Fact Sheet: a plant, agreement, dialogue, loan, ..."""

    Kind = ProjectKind

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=250)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description (verbatim from the source)"))
    source = models.ForeignKey(
        Declaration,
        models.PROTECT,
        related_name="projects",
        verbose_name=_("source document"),
    )
    sector = models.ForeignKey(
        "sectors.Sector",
        models.PROTECT,
        related_name="projects",
        verbose_name=_("sector"),
    )
    organisations = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="projects",
        verbose_name=_("organisations"),
    )
    commitments = models.ManyToManyField(
        Commitment,
        blank=True,
        related_name="projects",
        verbose_name=_("commitments served"),
    )
    announced_on = models.DateField(_("date"), null=True, blank=True)
    announced_precision = models.CharField(
        _("date precision"),
        max_length=10,
        choices=DatePrecision.choices,
        blank=True,
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    amount = models.DecimalField(
        _("amount"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    # A copy of the sector's place, so that the projects table's default order (the sectors'
    # order, then the name) is read from one index. Ordered through the join on the sector,
    # PostgreSQL read and sorted every project of the first sector for one page: the page grew
    # with the data. Kept equal to `sector.order` by the signals below, on every save, raw
    # fixture loads included, and by seed_scale, which inserts in bulk.
    sector_order = models.PositiveSmallIntegerField(_("sector's place"), default=0, editable=False)

    objects = ProjectManager()
    history = HistoricalRecords(m2m_fields=[organisations, commitments])

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["sector_order", "name"]
        constraints = [
            _choices_check("kind", ProjectKind, "project_kind_valid"),
            _choices_check("japan_status", Lifecycle, "project_japan_status_valid", True),
            _choices_check("india_status", Lifecycle, "project_india_status_valid", True),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True, currency="")
                | models.Q(amount__gte=0, currency__regex=r"^[A-Z]{3}$"),
                name="project_amount_has_currency",
            ),
            models.CheckConstraint(
                condition=models.Q(announced_on__isnull=True, announced_precision="")
                | models.Q(
                    announced_on__isnull=False,
                    announced_precision__in=DatePrecision.values,
                ),
                name="project_date_has_precision",
            ),
        ]
        indexes = [
            # The projects table's ?sort=name and a sector's project list (ordered by name).
            models.Index(fields=["name"], name="project_name_idx"),
            models.Index(fields=["sector", "name"], name="project_sector_name_idx"),
            # The projects table's default order and ?sort=sector, and the API's project list
            # (sector's place, name, pk).
            models.Index(fields=["sector_order", "name", "id"], name="project_sector_place_idx"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"sector", "sector_id"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "sector_order"}  # copy_sector_order
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return links.url("tracker:project_detail", self.slug)

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["tracker.commitment", "tracker.organisation"]


@receiver(pre_save, sender=Project, dispatch_uid="project_copies_sector_order")
def copy_sector_order(sender, instance, update_fields=None, **kwargs):
    """A project saved, or loaded from a fixture, takes its sector's place; a save of other
    fields only (a publication's status, say) keeps the stored place without reading it."""
    if update_fields is not None and "sector_order" not in update_fields:
        return
    instance.sector_order = instance.sector.order


@receiver(post_save, sender="sectors.Sector", dispatch_uid="sector_order_to_projects")
def pass_sector_order_on(sender, instance, **kwargs):
    """A sector saved with a new place moves its projects with it, in the same transaction."""
    instance.projects.exclude(sector_order=instance.order).update(sector_order=instance.order)


class PointOfContact(ChoiceLabels, models.Model):
    """A person one side nominates (paragraph 7) to report on the commitments assigned to them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="point_of_contact",
        verbose_name=_("user account"),
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    organisation = models.ForeignKey(
        Organisation,
        models.PROTECT,
        related_name="points_of_contact",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(_("email"), blank=True)
    email_public = models.BooleanField(_("email is public"), default=False)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    phone_public = models.BooleanField(_("phone is public"), default=False)
    is_public = models.BooleanField(
        _("listed publicly"),
        default=True,
        help_text=_("Name, role and organisation appear on public commitment pages."),
    )
    commitments = models.ManyToManyField(
        Commitment,
        blank=True,
        related_name="points_of_contact",
        verbose_name=_("commitments"),
    )
    projects = models.ManyToManyField(
        Project,
        blank=True,
        related_name="points_of_contact",
        verbose_name=_("projects"),
    )
    history = HistoricalRecords(m2m_fields=[commitments, projects])

    class Meta:
        verbose_name = _("point of contact")
        verbose_name_plural = _("points of contact")
        ordering = ["side", "name"]
        constraints = [
            _choices_check("side", Side, "pointofcontact_side_valid"),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_side_display()})"

    @property
    def public_email(self):
        return self.email if self.email_public else ""

    @property
    def public_phone(self):
        return self.phone if self.phone_public else ""


class StatusUpdateQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=StatusUpdate.State.PUBLISHED)

    def awaiting_review(self):
        """Submitted updates, oldest first: the reviewers' queue."""
        return self.filter(state=StatusUpdate.State.SUBMITTED).order_by("submitted_at", "pk")

    def editable_by(self, user):
        """The author's own drafts and returned updates on commitments still assigned to them."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            author=user,
            state__in=[StatusUpdate.State.DRAFT, StatusUpdate.State.RETURNED],
            commitment__points_of_contact__user=user,
        )

    def latest_first(self):
        return self.order_by("-as_of", "-published_at", "-pk")

    def for_timeline(self):
        """Published updates with what their rows show, in two queries whatever their number.

        Only the columns `{% update_article %}` writes: Django's compiler works per selected
        column (naming, aliasing, matching the ordering against them) and builds each instance
        field by field, so the 96 columns of five joined tables cost the dashboard more than its
        eight articles' markup (`tests/test_update_article.py` checks no column is missed).
        Each update's evidence is a plain list, `timeline_evidence`: prefetched into the
        `evidence` manager, Django built a filtered queryset per update to hold it, which cost
        more than the query that read them all.
        """
        return (
            self.published()
            .select_related("commitment__declaration", "project", "supersedes")
            .only(*TIMELINE_FIELDS)
            .prefetch_related(
                models.Prefetch(
                    "evidence",
                    queryset=Evidence.objects.select_related("document").only(
                        *TIMELINE_EVIDENCE_FIELDS
                    ),
                    to_attr="timeline_evidence",
                )
            )
            .latest_first()
        )


# What a published update's article shows (StatusUpdateQuerySet.for_timeline).
TIMELINE_FIELDS = (
    "uid",
    "side",
    "as_of",
    "lifecycle",
    "completion",
    "confidence",
    "confidence_rationale",
    "narrative",
    "is_sample",
    "published_at",
    "commitment__reference",
    "commitment__title",
    "commitment__declaration__slug",
    "project__slug",
    "project__name",
    "supersedes__as_of",
)
TIMELINE_EVIDENCE_FIELDS = (
    "update",
    "url",
    "title",
    "publisher",
    "kind",
    "published_on",
    "excerpt",
    "document__slug",
)


class UUIDManager(models.Manager):
    def get_by_natural_key(self, uid):
        return self.get(uid=uid)


class StatusUpdateManager(UUIDManager.from_queryset(StatusUpdateQuerySet)):
    pass


class PublishError(Exception):
    """Publishing was refused; the message says why."""


class UpdateState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    PUBLISHED = "published", _("Published")


class StatusUpdate(ChoiceLabels, models.Model):
    """The unit of reporting: one side's status of a commitment as of a date, with evidence."""

    State = UpdateState

    uid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    commitment = models.ForeignKey(
        Commitment, models.PROTECT, related_name="updates", verbose_name=_("commitment")
    )
    project = models.ForeignKey(
        Project,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="updates",
        verbose_name=_("project"),
    )
    side = models.CharField(_("reporting side"), max_length=10, choices=ReportingSide.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="status_updates",
        verbose_name=_("author"),
    )
    as_of = models.DateField(_("as of"))
    lifecycle = models.CharField(_("lifecycle status"), max_length=20, choices=Lifecycle.choices)
    completion = models.CharField(_("completion level"), max_length=20, choices=Completion.choices)
    confidence = models.CharField(
        _("delivery confidence"),
        max_length=20,
        choices=Confidence.choices,
        default=Confidence.NOT_ASSESSED,
    )
    confidence_rationale = models.TextField(_("rationale for the rating"), blank=True)
    narrative = models.TextField(_("narrative"))
    state = models.CharField(
        _("review state"), max_length=20, choices=State.choices, default=State.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_updates",
        verbose_name=_("reviewer"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    supersedes = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("corrects"),
    )
    is_sample = models.BooleanField(
        _("sample data"), default=False, help_text=_("Demo data, not a real report.")
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        help_text=_("Raised on every save; a form holding an older version is refused."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = StatusUpdateManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("status update")
        verbose_name_plural = _("status updates")
        ordering = ["-as_of", "-published_at", "-pk"]
        constraints = [
            _choices_check("side", ReportingSide, "statusupdate_side_valid"),
            _choices_check("lifecycle", Lifecycle, "statusupdate_lifecycle_valid"),
            _choices_check("completion", Completion, "statusupdate_completion_valid"),
            _choices_check("confidence", Confidence, "statusupdate_confidence_valid"),
            _choices_check("state", UpdateState, "statusupdate_state_valid"),
            models.CheckConstraint(
                condition=models.Q(confidence="not_assessed") | ~models.Q(confidence_rationale=""),
                name="statusupdate_rating_has_rationale",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="published") | models.Q(published_at__isnull=False),
                name="statusupdate_published_has_time",
            ),
            models.CheckConstraint(
                condition=~models.Q(narrative=""),
                name="statusupdate_narrative_not_empty",
            ),
        ]
        permissions = [("review_statusupdate", _("Can publish or return submitted updates"))]
        indexes = [
            # Latest published updates (dashboard, updates table, feed): state + newest first.
            models.Index(fields=["state", "-published_at"], name="update_published_idx"),
            # The updates table (?sort=-as_of, its default), the feed and the dashboard's latest
            # updates: WHERE state = 'published' ORDER BY as_of DESC, published_at DESC, id DESC.
            models.Index(
                fields=["state", "-as_of", "-published_at", "-id"], name="update_latest_idx"
            ),
            # A commitment's timeline: its published updates by as-of date.
            models.Index(fields=["commitment", "state", "-as_of"], name="update_timeline_idx"),
        ]

    def __str__(self):
        return f"{self.commitment.reference} · {self.get_side_display()} · {self.as_of}"

    def get_absolute_url(self):
        return f"{self.commitment.get_absolute_url()}#update-{self.uid}"

    def natural_key(self):
        return (str(self.uid),)

    natural_key.dependencies = ["tracker.commitment", "tracker.project"]

    @property
    def is_published(self):
        return self.state == self.State.PUBLISHED

    @property
    def sides(self):
        return Side.values if self.side == ReportingSide.JOINT else [self.side]

    def clean(self):
        errors = {}
        if self.as_of and self.as_of > timezone.localdate():
            errors["as_of"] = _("The as-of date cannot be in the future.")
        if (
            self.project_id
            and self.commitment_id
            and not self.project.commitments.filter(pk=self.commitment_id).exists()
        ):
            errors["project"] = _("This project does not serve the chosen commitment.")
        if self.confidence != Confidence.NOT_ASSESSED and not self.confidence_rationale.strip():
            errors["confidence_rationale"] = _("Give a rationale for the delivery confidence.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        publishing = kwargs.pop("_publishing", False)
        if self.pk:
            stored = type(self).objects.filter(pk=self.pk).values_list("state", flat=True).first()
            if stored == self.State.PUBLISHED and not publishing:
                raise PublishError(
                    _("A published update cannot be changed; post a correction instead.")
                )
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        # Read by the charts' figures (tracker/counts.py): publish() adds a publication to them
        # itself; any other save of a published update makes them be worked out again.
        self._publishing = publishing
        super().save(*args, **kwargs)

    def changes_status(self):
        """Whether publishing would change the commitment's status or rating for a side."""
        commitment = self.commitment
        return any(
            (
                getattr(commitment, f"{side}_status"),
                getattr(commitment, f"{side}_completion"),
                getattr(commitment, f"{side}_confidence"),
            )
            != (self.lifecycle, self.completion, self.confidence)
            for side in self.sides
        )

    def submit(self, now=None):
        """Send a draft or returned update to the reviewers."""
        if self.state not in (self.State.DRAFT, self.State.RETURNED):
            raise PublishError(_("Only a draft or a returned update can be submitted."))
        if self.changes_status() and not self.evidence.exists():
            raise PublishError(_("A change of status or rating needs at least one evidence item."))
        self.state = self.State.SUBMITTED
        self.submitted_at = now or timezone.now()
        self.save()

    def return_to_author(self, reviewer, note, now=None):
        """Send a submitted update back to its author with a note they will see."""
        if not note.strip():
            raise PublishError(_("Say in a note what the author should change."))
        with transaction.atomic():
            locked = type(self).objects.select_for_update().get(pk=self.pk)
            if locked.state != self.State.SUBMITTED:
                raise PublishError(_("This update is no longer waiting for review."))
            if locked.author_id is not None and locked.author_id == reviewer.pk:
                raise PublishError(_("You cannot review your own update."))
            locked.state = self.State.RETURNED
            locked.review_note = note.strip()
            locked.reviewer = reviewer
            locked.reviewed_at = now or timezone.now()
            locked.save()
        self.refresh_from_db()

    def publish(self, reviewer, now=None):
        """Publish this update and copy its status onto its commitment (and project).

        One transaction: the update row is locked so that two reviewers cannot both publish it.
        """
        now = now or timezone.now()
        with transaction.atomic():
            locked = type(self).objects.select_for_update().get(pk=self.pk)
            if locked.state == self.State.PUBLISHED:
                raise PublishError(_("This update has already been published."))
            if locked.state != self.State.SUBMITTED:
                raise PublishError(_("Only a submitted update can be published."))
            if locked.author_id is not None and locked.author_id == reviewer.pk:
                raise PublishError(_("You cannot publish your own update."))
            if locked.changes_status() and not locked.evidence.exists():
                raise PublishError(_("A change of status needs at least one evidence item."))
            locked.state = self.State.PUBLISHED
            locked.reviewer = reviewer
            locked.reviewed_at = now
            locked.published_at = now
            locked.save(_publishing=True)
            locked.apply_to_records()
            # Last, so that the stored figures' row is the last lock a publication takes.
            add_publication(locked)
        self.refresh_from_db()

    def apply_to_records(self):
        """Copy this published update's status onto its commitment and project rows."""
        commitment = Commitment.objects.select_for_update().get(pk=self.commitment_id)
        changed = commitment.apply_update(self, self.sides)
        if changed:
            commitment.save(update_fields=changed)
        if self.project_id:
            project = Project.objects.select_for_update().get(pk=self.project_id)
            changed = project.apply_update(self, self.sides)
            if changed:
                project.save(update_fields=changed)


class EvidenceManager(UUIDManager):
    pass


class EvidenceKind(models.TextChoices):
    GAZETTE = "gazette", _("Official gazette")
    PRESS_RELEASE = "press_release", _("Press release")
    MOU = "mou", _("MoU, MoC or agreement")
    STATISTICS = "statistics", _("Statistics")
    OFFICIAL_DOCUMENT = "official_document", _("Official document")
    MEDIA = "media", _("Media report")
    OTHER = "other", _("Other")


class Evidence(ChoiceLabels, models.Model):
    """A source behind a status update: a web page, or a document the tracker holds."""

    Kind = EvidenceKind

    uid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    update = models.ForeignKey(
        StatusUpdate,
        models.CASCADE,
        related_name="evidence",
        verbose_name=_("status update"),
    )
    url = URLField(
        _("URL"),
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
    )
    document = models.ForeignKey(
        Declaration,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="cited_as_evidence",
        verbose_name=_("source document"),
    )
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    published_on = models.DateField(_("date"), null=True, blank=True)
    excerpt = models.TextField(_("excerpt"), blank=True)

    objects = EvidenceManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        # By the update's key, not "update": that follows the update's own ordering, and every
        # query of evidence (an update's list, the timeline's) joined the updates to sort.
        ordering = ["update_id", "pk"]
        constraints = [
            _choices_check("kind", EvidenceKind, "evidence_kind_valid"),
            models.CheckConstraint(
                condition=models.Q(url__startswith="https://")
                | models.Q(url__startswith="http://")
                | models.Q(url="", document__isnull=False),
                name="evidence_has_http_url_or_document",
            ),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (str(self.uid),)

    natural_key.dependencies = ["tracker.statusupdate", "tracker.declaration"]

    def save(self, *args, **kwargs):
        if StatusUpdate.objects.filter(pk=self.update_id, state=UpdateState.PUBLISHED).exists():
            raise PublishError(_("The evidence of a published update cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if StatusUpdate.objects.filter(pk=self.update_id, state=UpdateState.PUBLISHED).exists():
            raise PublishError(_("The evidence of a published update cannot be removed."))
        return super().delete(*args, **kwargs)

    @property
    def link(self):
        return self.url or (self.document.get_absolute_url() if self.document_id else "")


class ReminderLog(models.Model):
    """One reminder email to a point of contact on one day: the unique row makes reruns idle."""

    contact = models.ForeignKey(
        PointOfContact, models.CASCADE, related_name="reminders", verbose_name=_("point of contact")
    )
    sent_on = models.DateField(_("sent on"))
    commitments = models.ManyToManyField(Commitment, verbose_name=_("overdue commitments"))

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_on"]
        constraints = [
            models.UniqueConstraint(fields=["contact", "sent_on"], name="reminder_once_a_day"),
        ]

    def __str__(self):
        return f"{self.contact} · {self.sent_on}"


class ComplianceKind(models.TextChoices):
    INTERIM = "interim", _("Interim")
    FINAL = "final", _("Final")


class ComplianceScore(models.IntegerChoices):
    """G7/G20 Research Group scale."""

    NON_COMPLIANCE = -1, _("−1: no compliance")
    PARTIAL = 0, _("0: partial compliance or work in progress")
    FULL = 1, _("+1: full compliance")


class ComplianceAssessmentQuerySet(models.QuerySet):
    def current(self):
        """The latest assessment of each commitment, party, period and kind: later supersede."""
        later = ComplianceAssessment.objects.filter(
            commitment=models.OuterRef("commitment"),
            party=models.OuterRef("party"),
            period=models.OuterRef("period"),
            kind=models.OuterRef("kind"),
            assessed_at__gt=models.OuterRef("assessed_at"),
        )
        return self.filter(~models.Exists(later))

    def averages(self, by):
        """Average score and the number of commitments behind it, grouped by `by` fields."""
        return (
            self.values(*by)
            .annotate(
                average=models.Avg("score"),
                commitments=models.Count("commitment", distinct=True),
            )
            .order_by(*by)
        )


class ComplianceAssessment(ChoiceLabels, models.Model):
    """An analyst's score of one party's compliance with one commitment in one period."""

    Kind = ComplianceKind
    Score = ComplianceScore

    commitment = models.ForeignKey(
        Commitment, models.PROTECT, related_name="assessments", verbose_name=_("commitment")
    )
    party = models.CharField(_("party"), max_length=10, choices=Side.choices)
    period = models.CharField(
        _("assessment period"),
        max_length=20,
        validators=[RegexValidator(r"^\d{4}(-\d{4}|-H[12]|-Q[1-4])?$")],
        help_text=_("A year (2026), a span (2025-2026), a half (2026-H1) or a quarter (2026-Q3)."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ComplianceKind.choices)
    score = models.SmallIntegerField(_("score"), choices=ComplianceScore.choices)
    rationale = models.TextField(_("rationale"))
    evidence_url = URLField(
        _("evidence URL"),
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
    )
    evidence_title = models.CharField(_("evidence title"), max_length=300, blank=True)
    analyst = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="compliance_assessments",
        verbose_name=_("analyst"),
    )
    assessed_at = models.DateTimeField(_("assessed at"), default=timezone.now)

    objects = ComplianceAssessmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("compliance assessment")
        verbose_name_plural = _("compliance assessments")
        ordering = ["-assessed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__in=[-1, 0, 1]), name="compliance_score_valid"
            ),
            _choices_check("party", Side, "compliance_party_valid"),
            _choices_check("kind", ComplianceKind, "compliance_kind_valid"),
            models.CheckConstraint(
                condition=~models.Q(rationale=""), name="compliance_has_rationale"
            ),
        ]
        indexes = [
            # current(): the latest assessment per commitment, party, period and kind.
            models.Index(
                fields=["commitment", "party", "period", "kind", "assessed_at"],
                name="compliance_current_idx",
            ),
        ]

    def __str__(self):
        party = self.get_party_display()
        return f"{self.commitment.reference} · {party} · {self.period} {self.kind}: {self.score:+d}"


class SavedFilter(models.Model):
    """An analyst's named filter of one of the tables: a path and its query string."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="saved_filters",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100)
    path = models.CharField(_("table address"), max_length=200)
    query = models.CharField(_("filter"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="saved_filter_name_unique"),
            models.CheckConstraint(
                condition=models.Q(path__startswith="/"), name="saved_filter_path_local"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def url(self):
        return f"{self.path}?{self.query}" if self.query else self.path


class DataVersion(models.Model):
    """One row: a number raised after every change the public can see (see tracker/cache.py).

    Cached public pages are keyed on it and their ETag carries it, so a publication shows on
    every page at once.
    """

    version = models.PositiveBigIntegerField(_("version"), default=1)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="dataversion_single_row"),
        ]

    def __str__(self):
        return str(self.version)


class StoredFigures(models.Model):
    """One row of figures worked out from the data (tracker/counts.py): working them out
    grows with the data, so they are kept until it changes."""

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="%(class)s_single_row"),
        ]

    @classmethod
    def store(cls, **fields):
        """Keep `fields` as the one row; a reader storing the first row at the same moment
        wins, and the figures are the same."""
        try:
            with transaction.atomic():
                cls.objects.update_or_create(pk=1, defaults=fields)
        except IntegrityError:
            pass


class StoredCounts(StoredFigures):
    """The dashboard's counts as of a data version and a day: counting every commitment and
    every published update on each view grew with the data; what is overdue also changes with
    the day."""

    version = models.PositiveBigIntegerField(_("data version"))
    day = models.DateField(_("day"))
    counts = models.JSONField(_("counts"))

    class Meta(StoredFigures.Meta):
        verbose_name = _("stored counts")
        verbose_name_plural = _("stored counts")

    def __str__(self):
        return f"{self.version} ({self.day})"


class StoredChanges(StoredFigures):
    """The charts' monthly figures (`current_changes`): how the completion levels changed,
    per sector and month, and how many updates were published per month. Working them out
    reads every published update, so they are kept up to date by the changes themselves, in
    the changing transaction: a publication adds what it changes, any other change to what
    the charts draw empties `changes` (the changing request then works them out again after
    its commit, tracker/cache.py). Each of these raises `generation`, so that figures worked
    out from older data are not stored."""

    generation = models.PositiveBigIntegerField(_("generation"), default=0)
    changes = models.JSONField(_("changes"), null=True)

    class Meta(StoredFigures.Meta):
        verbose_name = _("stored chart figures")
        verbose_name_plural = _("stored chart figures")

    def __str__(self):
        return str(self.generation)

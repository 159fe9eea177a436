from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tracker import links
from tracker.choice_labels import ChoiceLabels


class SectorQuerySet(models.QuerySet):
    def key(self):
        return self.filter(kind=Sector.Kind.KEY)

    def cross_cutting(self):
        return self.filter(kind=Sector.Kind.CROSS_CUTTING)


class SectorManager(models.Manager.from_queryset(SectorQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Sector(ChoiceLabels, models.Model):
    """An area the declaration commits to: a key sector or a cross-cutting area."""

    class Kind(models.TextChoices):
        KEY = "key", _("Key sector")
        CROSS_CUTTING = "cross_cutting", _("Cross-cutting area")

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("order"))
    heading = models.CharField(
        _("heading in the declaration"),
        max_length=200,
        blank=True,
        help_text=_("The section heading as the declaration prints it, if it has one."),
    )
    lead_in = models.TextField(
        _("lead-in"), help_text=_("The declaration's sentence that introduces this area, verbatim.")
    )

    objects = SectorManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["order"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["key", "cross_cutting"]), name="sector_kind_valid"
            ),
            models.UniqueConstraint(fields=["order"], name="sector_order_unique"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return links.url("sectors:sector_detail", self.slug)

    def natural_key(self):
        return (self.slug,)

    @property
    def is_key(self):
        return self.kind == self.Kind.KEY

"""Atom feed of published status updates."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from sectors.models import Sector

from .models import Commitment, StatusUpdate


class LatestUpdatesFeed(Feed):
    feed_type = Atom1Feed
    title = _("Japan-India Economic Security Cooperation: latest updates")
    subtitle = _("Published status updates on the commitments of the Joint Declaration.")
    link = reverse_lazy("tracker:update_list")

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # The feed generator writes the XML a few bytes at a time into the response, and the
        # WSGI server sends each piece as it comes: 25 KB in thousands of writes took as long
        # as rendering the feed. Joined, it goes out in one.
        response.content = response.content
        return response

    def items(self):
        return self.updates(StatusUpdate.objects.published())

    def updates(self, queryset):
        # Only the columns an entry shows (see StatusUpdateQuerySet.for_timeline).
        return (
            queryset.select_related("commitment__declaration")
            .only(
                "uid",
                "side",
                "as_of",
                "lifecycle",
                "narrative",
                "published_at",
                "commitment__reference",
                "commitment__title",
                "commitment__declaration__slug",
            )
            .latest_first()[:50]
        )

    def item_title(self, item):
        return _("%(ref)s %(title)s: %(status)s (%(side)s, as of %(date)s)") % {
            "ref": item.commitment.reference,
            "title": item.commitment.title,
            "status": item.get_lifecycle_display(),
            "side": item.get_side_display(),
            "date": item.as_of.isoformat(),
        }

    def item_description(self, item):
        return item.narrative

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return f"urn:uuid:{item.uid}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at


class SectorUpdatesFeed(LatestUpdatesFeed):
    """Published updates on one sector's commitments."""

    def get_object(self, request, slug):
        return get_object_or_404(Sector, slug=slug)

    def title(self, sector):
        return _("Latest updates: %(sector)s") % {"sector": sector.name}

    def link(self, sector):
        return sector.get_absolute_url()

    def items(self, sector):
        return self.updates(StatusUpdate.objects.published().filter(commitment__sector=sector))


class CommitmentUpdatesFeed(LatestUpdatesFeed):
    """Published updates on one commitment."""

    def get_object(self, request, declaration, reference):
        return get_object_or_404(
            Commitment.objects.select_related("declaration"),
            declaration__slug=declaration,
            reference=reference,
        )

    def title(self, commitment):
        return _("Updates on %(ref)s %(title)s") % {
            "ref": commitment.reference,
            "title": commitment.title,
        }

    def link(self, commitment):
        return commitment.get_absolute_url()

    def items(self, commitment):
        return self.updates(commitment.updates.published())

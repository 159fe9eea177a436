"""The sectors' FilterSet, shared by the API (the sector list is short enough for no table)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Sector


class SectorFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Sector.Kind.choices, label=_("Kind"))

    class Meta:
        model = Sector
        fields = ["kind"]

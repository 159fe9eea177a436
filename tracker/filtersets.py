"""One FilterSet per model, shared by the HTML tables and their exports."""

import copy
import re
import time

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import Func, Q, TextField
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from sectors.models import Sector

from .models import (
    Commitment,
    Completion,
    ComplianceAssessment,
    ComplianceKind,
    Confidence,
    Declaration,
    Lifecycle,
    Organisation,
    Parties,
    Project,
    ReportingSide,
    Side,
    StatusUpdate,
)

NOT_REPORTED = "not_reported"


class ListedModelChoiceIterator(django_filters.fields.ModelChoiceIterator):
    """A filter's choices read with one plain query.

    Django's iterator reads them with `QuerySet.iterator()`, which on PostgreSQL opens a
    server-side cursor: three round trips to list nine sectors, on every table page.
    """

    def __iter__(self):
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.field.listed():
            yield self.choice(obj)


class SlugChoiceField(django_filters.fields.ModelMultipleChoiceField):
    """A filter's records, read once per form: the choices the form lists are also what a
    chosen slug is checked against (Django's field read the chosen ones in a query of their
    own). Filters typed as text (SlugListInput: organisations, too many to list) still read
    only the chosen ones."""

    iterator = ListedModelChoiceIterator
    _listed = None
    _form_copy = False

    def __deepcopy__(self, memo):
        # A form's own copy of the field, made for one request: it may keep what it read.
        # The filter's field itself, shared by every request, never does.
        result = super().__deepcopy__(memo)
        result._listed, result._form_copy = None, True
        return result

    def listed(self):
        if self._listed is not None:
            return self._listed
        records = list(self.queryset.all())
        if self._form_copy:
            self._listed = records
        return records

    def _check_values(self, value):
        if isinstance(self.widget, SlugListInput) or self.null_label is not None:
            return super()._check_values(value)
        try:
            value = frozenset(value)
        except TypeError:
            raise ValidationError(
                self.error_messages["invalid_list"], code="invalid_list"
            ) from None
        key = self.to_field_name or "pk"
        records = {str(getattr(record, key)): record for record in self.listed()}
        for chosen in value:
            if str(chosen) not in records:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": chosen},
                )
        return [records[str(chosen)] for chosen in value]


@extend_schema_field(OpenApiTypes.STR)
class SlugFilter(django_filters.ModelMultipleChoiceFilter):
    """Records chosen by slug, in shareable URLs: ?sector=ict&sector=pharmaceuticals."""

    field_class = SlugChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(*args, **kwargs)

    def get_filter_predicate(self, record):
        """`sector = 3`, not a join on the sector's slug: the form has read the chosen records
        already, and with their keys in the query PostgreSQL plans for that sector (the
        (sector, position) index) instead of an average one. At 100 000 commitments a sector
        and status filter walked 8 000 rows of the whole table's order for a page of 25."""
        if self.field_name.endswith("__slug") and self.lookup_expr == "exact":
            return {self.field_name.removesuffix("__slug"): record}
        return super().get_filter_predicate(record)


class SlugListInput(forms.TextInput):
    """Slugs typed as text, several separated by commas.

    For choices that grow with the data (organisations): a select listing every one of them
    would make each table page as heavy as the whole list.
    """

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name) or ""]
        return [slug.strip() for value in values for slug in value.split(",") if slug.strip()]

    def format_value(self, value):
        if isinstance(value, (list, tuple)):
            return ", ".join(str(item) for item in value) or None
        return super().format_value(value)


class ChoicesFilter(django_filters.MultipleChoiceFilter):
    """One or more of a field's choices: ?side=japan&side=india.

    django-filter's multiple-choice filter asks for DISTINCT rows unless told otherwise, as a
    filter across a to-many relation needs. A field of the row itself matches each row once,
    and DISTINCT over every column made PostgreSQL sort every matching row before it could
    return a page: the updates table filtered by side took 1.9 s at 2 000 000 updates.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


STATUS_CHOICES = [*Lifecycle.choices, (NOT_REPORTED, _("Not reported"))]


class FiltersCopiedOneDeep(dict):
    """A FilterSet class's filters, copied one level deep for each filterset made from it.

    django-filter deep-copies them for every filterset, which then sets each copy's model and
    parent; a shallow copy of each filter is as separate (a filter changes only by having
    attributes set) at a fraction of the cost. Setting `method` again binds a filter's method
    to its copy, as django-filter does when it makes a filter."""

    def __deepcopy__(self, memo):
        copies = {}
        for name, original in self.items():
            copies[name] = copied = copy.copy(original)
            if copied.method is not None:
                copied.method = copied.method
        return copies


class FilterSet(django_filters.FilterSet):
    """A FilterSet whose form class is built once per FilterSet class, not once per request,
    and whose filters are copied one level deep for each request (FiltersCopiedOneDeep).

    django-filter builds a new form class, with a new field for every filter, for each filterset
    it makes; those fields depend on the class alone (and every form still copies them, as any
    Django form copies its class's fields, so no state passes between requests).
    """

    @classmethod
    def get_filters(cls):
        return FiltersCopiedOneDeep(super().get_filters())

    def get_form_class(self):
        cls = type(self)
        form_class = cls.__dict__.get("_built_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            cls._built_form_class = form_class  # on this class only, never a subclass's
        return form_class


class SearchFilterSet(FilterSet):
    """A FilterSet with a free-text `q` over the fields named in `search_fields`."""

    search_fields = ()
    q = django_filters.CharFilter(
        method="search", label=_("Search"), max_length=200, widget=forms.TextInput
    )

    # With search_as_one, the fields (all on the model itself) are searched as one text, joined
    # by a character no field holds: one index scan (one trigram index on PostgreSQL,
    # migration 0008) instead of one per field, which read the common trigrams of a term once
    # per field.
    search_as_one = False
    search_keys_cap = 1000
    # The PostgreSQL statistics of the words in that text (migration 0009), for search_terms.
    search_statistics = None

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        if self.search_as_one:
            if SEARCH_SEPARATOR in value:
                return queryset.none()  # in no field: it would only match across two
            found = queryset.alias(search_text=search_text(self.search_fields))
            for term in search_terms(value, queryset.db, self.search_statistics):
                found = found.filter(search_text__icontains=term)
            if common_words_only(value, queryset.db, self.search_statistics):
                # In a good share of the rows: the table's own order finds a page of them
                # sooner than the index can list every match.
                return found
            keys = read_keys(found, self.search_keys_cap)
            return found if keys is None else queryset.filter(pk__in=keys)
        query = Q()
        for field in self.search_fields:
            query |= Q(**{f"{field}__icontains": value})
        return queryset.filter(query)


def read_keys(found, cap):
    """The keys of the rows `found` (unsorted), read once, or None when more than `cap` match.

    A table then counts and pages the matches by key instead of searching twice (the count and
    the page), which at scale read the index twice. Beyond the cap the caller keeps the search
    in the query, as it was."""
    keys = list(found.order_by().values_list("pk", flat=True)[: cap + 1])
    return keys if len(keys) <= cap else None


# Joins the fields of a search: the unit separator, in no field and typed in no search box.
SEARCH_SEPARATOR = "\x1f"


class SearchText(Func):
    """The fields as one text, `a || '␟' || b || …`: the expression migration 0008 indexes on
    PostgreSQL (an immutable operator, which an index needs: CONCAT_WS is not). The separator
    is written into the SQL, not passed as a parameter, so that the query names the indexed
    expression itself."""

    arg_joiner = f" || '{SEARCH_SEPARATOR}' || "
    template = "(%(expressions)s)"
    output_field = TextField()


def search_text(fields):
    return SearchText(*fields)


# A word of a search worth its own condition: three letters or digits in a row give it a
# trigram of its own (a shorter word stays in the whole term only).
SEARCH_WORD = re.compile(r"\w{3}")
SEARCH_WORDS_FIRST = 3
# A word in this share of the rows or more is common: its trigrams' lists hold most rows.
COMMON_WORD_SHARE = 0.05


def word_shares(value, using, statistics):
    """{word as typed: share of rows holding it} for the words of `value` with a trigram of
    their own, from PostgreSQL's statistics; None where there are none to be had (another
    database, PostgreSQL before 14, no statistics named)."""
    connection = connections[using]
    if statistics is None or connection.vendor != "postgresql" or connection.pg_version < 140000:
        return None  # expression statistics (migration 0009) need PostgreSQL 14
    words = {}
    for word in value.split():
        if SEARCH_WORD.search(word):
            words.setdefault(word.casefold(), word)
    if not words:
        return {}
    shares = WORD_SHARES.get(using, statistics)
    # A row holding a word holds each of its parts; a part too rare to be counted (or a part
    # of a word) counts as none.
    return {
        word: min(shares.get(part, 0.0) for part in re.findall(r"\w+", folded))
        for folded, word in words.items()
    }


def search_terms(value, using, statistics):
    """What a search looks for, in order, every one in the same text: on PostgreSQL, when the
    term holds a common word, its rarest other words (at most SEARCH_WORDS_FIRST) and then the
    whole term; otherwise, and on other databases, the whole term.

    The rows found are the same either way (each word is part of the term); the order is for
    the trigram index. Within one condition GIN reads, for each row holding the condition's
    rarest trigram, every other trigram of the condition, and a common word's trigrams hold
    nearly every row; a later condition it reads only where the conditions before it matched.
    Asked for "Synthetic 0001-12" at 100 000 commitments, all of them "Synthetic", it read
    the whole lists of the eight trigrams of "Synthetic" (7 ms); asked for "0001-12" first,
    then the whole term, a few rows of them (1.2 ms).
    """
    if len(value.split()) < 2:
        return [value]
    share = word_shares(value, using, statistics)
    if not share or len(share) < 2 or max(share.values()) < COMMON_WORD_SHARE:
        return [value]  # no common word: the whole term's own trigrams are few rows each
    rare = sorted((word for word in share if share[word] < COMMON_WORD_SHARE), key=share.get)
    return [*rare[:SEARCH_WORDS_FIRST], value]


def common_words_only(value, using, statistics):
    """Whether every word of `value` with a trigram of its own is a common one (PostgreSQL's
    statistics say so): then the term is likely in a good share of the rows."""
    share = word_shares(value, using, statistics)
    return bool(share) and min(share.values()) >= COMMON_WORD_SHARE


class WordShares:
    """The share of rows holding each common word, from PostgreSQL's expression statistics,
    read at most once per `ttl` seconds in a process: ANALYZE changes them, not a request.
    Before the table's first ANALYZE there are none, and no word counts as common."""

    ttl = 600

    def __init__(self):
        self.read = {}

    def get(self, using, statistics):
        key = (using, statistics)
        read_at, shares = self.read.get(key, (None, None))
        if read_at is None or time.monotonic() - read_at > self.ttl:
            with connections[using].cursor() as cursor:
                cursor.execute(
                    "SELECT most_common_elems::text::text[], most_common_elem_freqs "
                    "FROM pg_stats_ext_exprs WHERE statistics_name = %s",
                    [statistics],
                )
                row = cursor.fetchone()
            words, freqs = row if row and row[0] else ((), ())
            # The frequencies end with three more (lowest, highest, empty rows): zip drops them.
            shares = dict(zip(words, freqs, strict=False))
            self.read[key] = (time.monotonic(), shares)
        return shares

    def clear(self):
        self.read.clear()


WORD_SHARES = WordShares()


def status_filter(field_name, label):
    """Lifecycle filter for one side; 'not_reported' matches rows with no published status."""

    def apply(queryset, name, values):
        query = Q()
        for value in values:
            query |= Q(**{field_name: "" if value == NOT_REPORTED else value})
        return queryset.filter(query)

    return ChoicesFilter(
        choices=STATUS_CHOICES, label=label, method=apply, widget=forms.CheckboxSelectMultiple
    )


class CommitmentFilterSet(SearchFilterSet):
    search_fields = ("reference", "title", "text")
    search_as_one = True
    search_statistics = "commitment_search_words"

    sector = SlugFilter(
        field_name="sector__slug",
        queryset=Sector.objects.all(),
        label=_("Sector"),
        distinct=False,  # one sector per commitment: no duplicate rows to remove
    )
    sector_kind = django_filters.ChoiceFilter(
        field_name="sector__kind", choices=Sector.Kind.choices, label=_("Key sector or area")
    )
    japan_status = status_filter("japan_status", _("Lifecycle (Japan)"))
    india_status = status_filter("india_status", _("Lifecycle (India)"))
    japan_completion = ChoicesFilter(
        choices=Completion.choices,
        label=_("Completion (Japan)"),
        widget=forms.CheckboxSelectMultiple,
    )
    india_completion = ChoicesFilter(
        choices=Completion.choices,
        label=_("Completion (India)"),
        widget=forms.CheckboxSelectMultiple,
    )
    japan_confidence = ChoicesFilter(
        choices=Confidence.choices,
        label=_("Confidence (Japan)"),
        widget=forms.CheckboxSelectMultiple,
    )
    india_confidence = ChoicesFilter(
        choices=Confidence.choices,
        label=_("Confidence (India)"),
        widget=forms.CheckboxSelectMultiple,
    )
    parties = django_filters.ChoiceFilter(choices=Parties.choices, label=_("Parties"))
    organisation = SlugFilter(
        queryset=Organisation.objects.all(),
        method="filter_organisation",
        label=_("Organisation"),
        widget=SlugListInput,
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue",
        label=_("Overdue for an update"),
        widget=forms.NullBooleanSelect,
    )

    class Meta:
        model = Commitment
        fields = ["q", "sector", "sector_kind", "parties", "organisation"]

    def filter_organisation(self, queryset, name, organisations):
        """Commitments an organisation leads, or serves through one of its projects."""
        if not organisations:
            return queryset
        led = Commitment.lead_organisations.through.objects.filter(
            organisation__in=organisations
        ).values("commitment_id")
        served = Project.commitments.through.objects.filter(
            project__organisations__in=organisations
        ).values("commitment_id")
        return queryset.filter(Q(pk__in=led) | Q(pk__in=served))

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = Commitment.objects.overdue().values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)


class ProjectFilterSet(SearchFilterSet):
    search_fields = ("name", "description", "location")
    search_as_one = True  # one trigram index (migration 0010)
    search_statistics = "project_search_words"

    sector = SlugFilter(
        field_name="sector__slug",
        queryset=Sector.objects.all(),
        label=_("Sector"),
        distinct=False,  # one sector per project
    )
    kind = ChoicesFilter(choices=Project.Kind.choices, label=_("Kind"))
    organisation = SlugFilter(
        queryset=Organisation.objects.all(),
        method="filter_organisation",
        label=_("Organisation"),
        widget=SlugListInput,
    )
    japan_status = status_filter("japan_status", _("Lifecycle (Japan)"))
    india_status = status_filter("india_status", _("Lifecycle (India)"))

    class Meta:
        model = Project
        fields = ["q", "sector", "kind", "organisation"]

    def filter_organisation(self, queryset, name, organisations):
        """Projects any of the organisations takes part in: keys from the link table, not a
        join that repeats a project once per organisation and then de-duplicates every row."""
        if not organisations:
            return queryset
        members = Project.organisations.through.objects.filter(organisation__in=organisations)
        return queryset.filter(pk__in=members.values("project_id"))


class OrganisationFilterSet(SearchFilterSet):
    search_fields = ("name", "abbreviation")

    kind = ChoicesFilter(choices=Organisation.Kind.choices, label=_("Kind"))
    country = ChoicesFilter(choices=Organisation.Country.choices, label=_("Country"))

    class Meta:
        model = Organisation
        fields = ["q", "kind", "country"]


class StatusUpdateFilterSet(SearchFilterSet):
    """Filters over published updates; the view's queryset is already published only."""

    search_fields = ("narrative", "commitment__title", "commitment__reference")
    # The commitments' fields searched as one text (migration 0010 indexes it), and how many
    # matching commitments are read by key before the search stays a subquery.
    commitment_search_fields = ("reference", "title")
    commitment_keys_cap = 1000
    search_statistics = "statusupdate_narrative_words"

    def search(self, queryset, name, value):
        """The narrative, or the commitment's title or reference, holds the term.

        As one condition across the join, PostgreSQL could use no index: it read every
        published update (2.6 s at 2 000 000 updates). The narrative has its own trigram
        index and the commitments theirs (migration 0010); the matching commitments' keys
        are read first, then the matching updates' keys, as the commitments' search does,
        and the page is sorted from those. A term of common words only (in the narratives'
        statistics, migration 0010) matches many updates: reading all their keys from the
        index would cost more than walking the newest updates until a page is found."""
        value = value.strip()
        if not value:
            return queryset
        if SEARCH_SEPARATOR in value:
            return queryset.none()  # in no field: it would only match across two
        commitments = Commitment.objects.alias(
            search_text=search_text(self.commitment_search_fields)
        ).filter(search_text__icontains=value)
        keys = read_keys(commitments, self.commitment_keys_cap)
        in_commitment = Q(commitment_id__in=commitments.values("pk") if keys is None else keys)
        if common_words_only(value, queryset.db, self.search_statistics):
            return queryset.filter(Q(narrative__icontains=value) | in_commitment)
        in_narrative = Q()
        for term in search_terms(value, queryset.db, self.search_statistics):
            in_narrative &= Q(narrative__icontains=term)
        found = queryset.filter(in_narrative | in_commitment)
        keys = read_keys(found, self.search_keys_cap)
        return found if keys is None else queryset.filter(pk__in=keys)

    sector = SlugFilter(
        field_name="commitment__sector__slug",
        queryset=Sector.objects.all(),
        label=_("Sector"),
        distinct=False,  # one sector per update's commitment
    )
    side = ChoicesFilter(choices=ReportingSide.choices, label=_("Reporting side"))
    lifecycle = ChoicesFilter(choices=Lifecycle.choices, label=_("Lifecycle status"))
    completion = ChoicesFilter(choices=Completion.choices, label=_("Completion level"))
    confidence = ChoicesFilter(choices=Confidence.choices, label=_("Delivery confidence"))
    as_of_after = django_filters.DateFilter(
        field_name="as_of",
        lookup_expr="gte",
        label=_("As of, from"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    as_of_before = django_filters.DateFilter(
        field_name="as_of",
        lookup_expr="lte",
        label=_("As of, to"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = StatusUpdate
        fields = ["q", "sector", "side", "lifecycle", "completion", "confidence"]


class DeclarationFilterSet(FilterSet):
    kind = django_filters.ChoiceFilter(choices=Declaration.Kind.choices, label=_("Kind"))

    class Meta:
        model = Declaration
        fields = ["kind"]


class ComplianceAssessmentFilterSet(FilterSet):
    period = django_filters.CharFilter(label=_("Period"), max_length=20)
    kind = django_filters.ChoiceFilter(choices=ComplianceKind.choices, label=_("Kind"))
    party = django_filters.ChoiceFilter(choices=Side.choices, label=_("Party"))
    sector = SlugFilter(
        field_name="commitment__sector__slug",
        queryset=Sector.objects.all(),
        label=_("Sector"),
        distinct=False,  # one sector per assessment's commitment
    )

    class Meta:
        model = ComplianceAssessment
        fields = ["period", "kind", "party", "sector"]

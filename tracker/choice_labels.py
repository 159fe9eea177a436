"""`get_FOO_display()` that looks a choice's label up in a table built once per field.

Django's own flattens the field's choices and makes them hashable on every call, about a
tenth of a millisecond for the longer lists: the sector page called it fifty times, the feed
twice per entry. The label stays lazy until here, so it is still in the reader's language.
"""

from functools import cache

from django.db import models
from django.utils.choices import CallableChoiceIterator
from django.utils.encoding import force_str


@cache
def _labels(field):
    return dict(field.flatchoices)


class ChoiceLabels:
    """Mixed into a model: its get_FOO_display() methods, faster, with the same results."""

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        if isinstance(field.choices, CallableChoiceIterator):  # choices that may change
            return models.Model._get_FIELD_display(self, field)
        try:
            label = _labels(field).get(value, value)
        except TypeError:  # an unhashable value
            return models.Model._get_FIELD_display(self, field)
        return force_str(label, strings_only=True)

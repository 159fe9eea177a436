"""Every get_FOO_display() gives Django's own answer, in every language the site speaks."""

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import translation

from tracker.choice_labels import ChoiceLabels

CHOICE_FIELDS = [
    (model, field)
    for app in ("tracker", "sectors")
    for model in apps.get_app_config(app).get_models()
    if not model.__name__.startswith("Historical")
    for field in model._meta.concrete_fields
    if field.choices
]


def test_every_model_with_choices_uses_the_fast_labels():
    assert CHOICE_FIELDS
    assert {model for model, _ in CHOICE_FIELDS} <= {
        model for model, _ in CHOICE_FIELDS if issubclass(model, ChoiceLabels)
    }


@pytest.mark.parametrize("language", [code for code, _ in settings.LANGUAGES])
@pytest.mark.parametrize(
    "model, field", CHOICE_FIELDS, ids=[f"{m.__name__}.{f.name}" for m, f in CHOICE_FIELDS]
)
def test_labels_are_djangos_own(model, field, language):
    instance = model()
    display = getattr(instance, f"get_{field.name}_display")
    with translation.override(language):
        for value in [value for value, _ in field.flatchoices] + ["not-a-choice", "", None]:
            setattr(instance, field.attname, value)
            assert display() == models.Model._get_FIELD_display(instance, field), value
            assert type(display()) is type(models.Model._get_FIELD_display(instance, field))

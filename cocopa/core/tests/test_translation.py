"""Every field people read exists in Italian and English, in the tables and in their history."""

from django.apps import apps
from modeltranslation.translator import translator


def test_every_translated_field_has_an_italian_and_an_english_column():
    models = translator.get_registered_models(abstract=False)
    assert models
    for model in models:
        names = {f.name for f in model._meta.get_fields()}
        for field in translator.get_options_for_model(model).fields:
            assert {f"{field}_it", f"{field}_en"} <= names, f"{model.__name__}.{field}"


def test_the_history_of_a_translated_model_keeps_both_languages():
    for model in translator.get_registered_models(abstract=False):
        historical = apps.get_model(model._meta.app_label, f"Historical{model.__name__}")
        names = {f.name for f in historical._meta.get_fields()}
        for field in translator.get_options_for_model(model).fields:
            assert {f"{field}_it", f"{field}_en"} <= names, f"Historical{model.__name__}.{field}"

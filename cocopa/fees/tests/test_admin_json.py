"""The fee schedule's class amounts (a JSON field, on the office's /fees/schedule/ page) answer deep
or broken JSON with a message on the field, never a 500 (issue 12, point 9); every JSON field the
admin shows is the same bounded one."""

import pytest
from django.urls import reverse
from django.utils import translation

from cocopa.fees.models import FeeSchedule

pytestmark = pytest.mark.django_db

DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (DEEP, "more than 32 levels deep"),
        ("[" * 40 + "]" * 40, "more than 32 levels deep"),
        ('{"piccoli": 100,', "line 1, column"),
    ],
)
def test_the_schedule_form_answers_bad_json_on_the_field(client, administrative_office_user, text, message):
    client.force_login(administrative_office_user)
    with translation.override("en"):  # the English page, /en/fees/schedule/
        url = reverse("fees:schedule") + "?year=2031"
    response = client.post(
        url,
        {"kind": "per_inhabitant", "rate": "0.06", "class_amounts": text, "pro_rata": "none"},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not FeeSchedule.objects.filter(year=2031).exists()


def test_every_admin_json_field_is_the_bounded_one(superuser_user):
    from django.contrib import admin
    from django.db import models
    from django.test import RequestFactory

    from cocopa.core.formfields import BoundedJSONField

    request = RequestFactory().get("/")
    request.user = superuser_user
    found = 0
    for model, model_admin in admin.site._registry.items():
        for field in model._meta.get_fields():
            if isinstance(field, models.JSONField):
                formfield = model_admin.formfield_for_dbfield(field, request)
                if formfield is not None:
                    found += 1
                    assert isinstance(formfield, BoundedJSONField), (model, field.name)
    assert found

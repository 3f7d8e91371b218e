"""Names with control or text-direction characters are refused wherever a name comes in: the
office's people form, the admin forms, the ISTAT and IATI imports (core/names.py is the rule)."""

import json

import pytest
from django.contrib.auth.models import User

from cocopa.core.errors import DomainError, InputFileError


@pytest.mark.django_db
def test_the_office_cannot_record_a_person_with_a_bidi_override(peace_office_user):
    from cocopa.governance import services
    from cocopa.governance.models import Person

    with pytest.raises(DomainError):
        services.add_person("Mario \u202eissoR", actor=peace_office_user)
    assert not Person.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model_path", ["governance.Person", "members.LocalAuthority", "cooperation.Organisation"]
)
def test_the_admin_forms_refuse_such_a_name(model_path):
    from django.apps import apps
    from django.contrib import admin
    from django.test import RequestFactory

    model = apps.get_model(model_path)
    request = RequestFactory().get("/")
    request.user = User(is_superuser=True, is_staff=True)
    form_class = admin.site._registry[model].get_form(request)
    form = form_class(data={"name": "Comune di \u202eoniroT", "name_it": "Comune di \u202eoniroT"})

    assert not form.is_valid()
    assert any("U+202E" in e for field in ("name", "name_it") for e in form.errors.get(field, []))


@pytest.mark.django_db
def test_the_istat_import_refuses_a_name_with_a_bidi_override(tmp_path):
    from cocopa.members import istat

    row = {"codice": "001272", "nome": "Tor\u202eino", "provincia": {"codice": "001", "nome": "Torino"},
           "regione": {"nome": "Piemonte"}, "codiceCatastale": "L219", "popolazione": 848885}  # fmt: skip
    path = tmp_path / "comuni.json"
    path.write_text(json.dumps([row]))

    with pytest.raises(InputFileError) as err:
        istat.parse(path)
    assert "U+202E" in err.value.message
    assert err.value.line is not None


@pytest.mark.django_db
def test_the_iati_import_refuses_an_organisation_name_with_a_bidi_override(settings, shared_data, tmp_path):
    from cocopa.cooperation.iati_import import IatiFileRejected, import_file
    from cocopa.cooperation.models import Initiative

    settings.IATI_SCHEMA_DIR = str(shared_data / "iati" / "schemas" / "2.03")
    hostile = tmp_path / "partner.xml"
    hostile.write_text(
        (shared_data / "iati" / "examples" / "acfspain-ml.xml")
        .read_text()
        .replace("ACTION AGAINST HUNGER SPAIN</narrative>", "ACTION \u202eNIAPS</narrative>")
    )

    with pytest.raises(IatiFileRejected) as err:
        import_file(hostile)
    assert "U+202E" in str(err.value.message)
    assert not Initiative.objects.exists()

"""The peace office's IATI page (/office/iati/): the same findings as `cocopa export_iati`, what
is left out and why, each finding linked to the back-office field that fixes it."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from cocopa.cooperation import iati_review
from cocopa.cooperation.testing import make_initiative

URL = "/office/iati/"


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("peace_office_user", 200),
        ("superuser_user", 200),
        ("administrative_office_user", 403),
        ("representative_user", 403),
        ("plain_user", 403),
    ],
)
@pytest.mark.django_db
def test_who_may_open_the_page(client, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == status


@pytest.mark.django_db
def test_a_visitor_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_the_office_home_leads_to_the_page_for_the_peace_office_only(
    client, peace_office_user, administrative_office_user
):
    assert reverse("cooperation_office:iati") == URL
    client.force_login(peace_office_user)
    assert f'href="{URL}"' in client.get("/office/").content.decode()
    client.force_login(administrative_office_user)
    assert 'id="area-iati"' not in client.get("/office/").content.decode()


def test_the_page_shows_the_findings_the_export_command_reports(
    client, peace_office_user, demo_network, settings
):
    settings.IATI_REPORTING_ORG_REF = "XM-TEST-1"
    err = io.StringIO()
    call_command("export_iati", "-o", "/dev/null", stderr=err)
    command = [line for line in err.getvalue().splitlines() if re.match(r"^(error|warning): ", line)]
    summary = re.search(r"(\d+) activities written .*; (\d+) initiatives left out", err.getvalue())
    assert summary is not None

    client.force_login(peace_office_user)
    response = client.get(URL)
    review = response.context["review"]
    html = response.content.decode()

    assert [str(f) for f in review.findings] == command
    assert review.exported == int(summary[1])
    assert len(review.left_out) == int(summary[2]) == 5  # the count on the demo
    assert f'id="count-exported">{summary[1]}<' in html
    assert 'href="/iati/activities.xml"' in html
    assert 'href="/iati/organisation.xml"' in html
    assert html.count('data-severity="error"') == sum(line.startswith("error") for line in command)
    assert html.count('data-severity="warning"') == sum(line.startswith("warning") for line in command)
    for identifier in {f.initiative for f in review.findings if f.severity == "error"}:
        assert f'data-left-out="{identifier}"' in html


@pytest.mark.django_db
def test_the_filter_keeps_one_severity_and_names_a_bad_value(client, peace_office_user):
    make_initiative("senza-stato", status="", fields=())  # an error (status) and a warning (sector)
    client.force_login(peace_office_user)

    errors = client.get("/en" + URL, {"severity": "error"}).content.decode()
    warnings = client.get("/en" + URL, {"severity": "warning"}).content.decode()
    bad = client.get("/en" + URL, {"severity": "fatal"})

    assert 'data-severity="error"' in errors
    assert 'data-severity="warning"' not in errors
    assert 'data-severity="warning"' in warnings
    assert 'data-severity="error"' not in warnings
    assert bad.status_code == 400
    assert 'id="severity-error"' in bad.content.decode()
    assert "Show:" in bad.content.decode()
    assert 'data-severity="error"' in bad.content.decode()  # everything, as without a filter


@pytest.mark.django_db
def test_each_finding_links_to_the_form_field_that_fixes_it(client, superuser_user):
    initiative = make_initiative("da-correggere", status="")
    pk = initiative.pk
    page = f"/admin/cooperation/initiative/{pk}/change/"

    assert iati_review.fix_url(pk, "status") == f"{page}#id_status"
    assert iati_review.fix_url(pk, "title") == f"{page}#id_title_it"
    assert iati_review.fix_url(pk, "planned_start") == f"{page}#id_planned_start"
    assert iati_review.fix_url(pk, "countries.percentage") == f"{page}#countries-group"
    assert iati_review.fix_url(pk, "budgets[0].period_end") == f"{page}#id_budgets-0-period_end"
    assert iati_review.fix_url(pk, "documents[1].title") == f"{page}#id_documents-1-title_it"

    # The change form carries every id the links name.
    client.force_login(superuser_user)
    html = client.get(page).content.decode()
    for anchor in ("id_status", "id_title_it", "id_planned_start", "countries-group", "budgets-group"):
        assert f'id="{anchor}"' in html, anchor


@pytest.mark.django_db
def test_an_organisation_type_is_fixed_on_the_organisation_page():
    initiative = make_initiative("con-partner")
    participation = initiative.participations.order_by("role", "pk").first()
    assert participation is not None

    url = iati_review.fix_url(initiative.pk, "participations[0].organisation.type")

    assert url == f"/admin/cooperation/organisation/{participation.organisation_id}/change/#id_type"


def test_the_fields_are_named_as_the_form_labels_them():
    with translation.override("en"):
        assert iati_review.field_label("budgets[0].period_end") == "Budget 1: to"
        assert iati_review.field_label("status") == "IATI activity status"
        assert iati_review.field_label("participations[2].organisation.type") == (
            "Participating organisation 3: organisation: IATI organisation type"
        )


def test_every_rule_of_the_checks_has_advice_for_the_office():
    import inspect

    from cocopa.cooperation import iati_checks

    source = inspect.getsource(iati_checks)
    rules = set(re.findall(r'self\.add\(\s*[^,]+,\s*"([a-z_]+)"', source)) | {"unknown_code"}

    assert len(rules) > 15
    assert rules <= set(iati_review.RULES), rules - set(iati_review.RULES)


@pytest.mark.django_db
def test_partners_without_an_identifier_are_counted_and_linked_to_their_field(client, peace_office_user):
    from cocopa.cooperation.testing import make_organisation

    known = make_organisation("Agenzia", ref="XM-DAC-6-4", type="10")
    unknown = make_organisation("Comune di Prova")
    make_initiative("uno", organisations=[(known, "1"), (unknown, "4")])
    make_initiative("due", organisations=[(unknown, "4")])

    missing, total = iati_review.partners_without_identifier()

    assert total == 2
    assert [(p.name, p.initiatives) for p in missing] == [("Comune di Prova", 2)]
    client.force_login(peace_office_user)
    html = client.get(URL).content.decode()
    assert f'data-unidentified="{unknown.pk}"' in html
    assert f"/admin/cooperation/organisation/{unknown.pk}/change/#id_ref" in html
    assert f'data-unidentified="{known.pk}"' not in html


@pytest.mark.django_db
def test_indicators_and_their_periods_are_fixed_on_their_own_pages():
    import datetime as dt

    from cocopa.cooperation.models import Indicator, Result

    period = (dt.date(2024, 1, 1), dt.date(2024, 12, 31), None, None)
    initiative = make_initiative(
        "con-risultati",
        results=[
            {"title_it": "Primo", "indicators": []},
            {
                "title_it": "Secondo",
                "indicators": [{"title_it": "A"}, {"title_it": "B", "periods": [period]}],
            },
        ],
    )
    result = Result.objects.filter(initiative=initiative).order_by("pk")[1]
    indicator = Indicator.objects.filter(result=result).order_by("pk")[1]
    result_page = f"/admin/cooperation/result/{result.pk}/change/"
    pk = initiative.pk

    assert (
        iati_review.fix_url(pk, "results[1].indicators[0].title") == f"{result_page}#id_indicators-0-title_it"
    )
    assert iati_review.fix_url(pk, "results[1].indicators") == f"{result_page}#indicators-group"
    assert iati_review.fix_url(pk, "results[1].indicators[1].periods[0].period_end") == (
        f"/admin/cooperation/indicator/{indicator.pk}/change/#id_periods-0-period_end"
    )
    assert iati_review.fix_url(pk, "results[0].title").endswith("#id_results-0-title_it")
    assert iati_review.fix_url(pk, "fields_of_intervention").endswith("#id_fields_of_intervention_from")

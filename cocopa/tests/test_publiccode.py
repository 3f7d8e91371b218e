"""publiccode.yml, Developers Italia's catalogue entry, against the standard it declares (0.4).

The required keys, enumerations and lengths are those of the standard's core schema, version 0.4
(docs/standard/schema.core.rst and categories-list.rst of publiccodeyml/publiccode.yml, tag
v0.4.0); the version and the licence must agree with pyproject.toml.
"""

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.licenses import InvalidLicenseExpression, canonicalize_license_expression

ROOT = Path(__file__).resolve().parents[2]

REQUIRED = (
    "publiccodeYmlVersion",
    "name",
    "url",
    "platforms",
    "categories",
    "developmentStatus",
    "softwareType",
    "description",
    "legal",
    "maintenance",
    "localisation",
)
DEVELOPMENT_STATUSES = {"concept", "development", "beta", "stable", "obsolete"}
SOFTWARE_TYPES = {
    "standalone/mobile",
    "standalone/iot",
    "standalone/desktop",
    "standalone/web",
    "standalone/backend",
    "standalone/other",
    "addon",
    "library",
    "configurationFiles",
}
PLATFORMS = {"web", "windows", "mac", "linux", "ios", "android"}
MAINTENANCE_TYPES = {"internal", "contract", "community", "none"}
CATEGORIES = set(
    """
    accounting agile-project-management applicant-tracking application-development
    appointment-scheduling backup billing-and-invoicing blog budgeting business-intelligence
    business-process-management cad call-center-management cloud-management collaboration
    communications compliance-management contact-management content-management crm
    customer-service-and-support data-analytics data-collection data-visualization design
    design-system digital-asset-management digital-citizenship document-management
    donor-management e-commerce e-signature educational-content email-management
    email-marketing employee-management enterprise-project-management
    enterprise-social-networking erp event-management facility-management
    feedback-and-reviews-management financial-reporting fleet-management fundraising
    gamification geographic-information-systems grant-management graphic-design help-desk hr
    ide identity-management instant-messaging integrated-library-system inventory-management
    it-asset-management it-development it-management it-security it-service-management
    knowledge-management learning-management-system marketing mind-mapping mobile-marketing
    mobile-payment network-management office online-booking online-community payment-gateway
    payroll predictive-analysis procurement productivity-suite project-collaboration
    project-management property-management real-estate-management regulations-and-directives
    remote-support resource-management sales-management seo service-desk
    social-media-management survey talent-management task-management taxes-management
    test-management time-management time-tracking translation video-conferencing
    video-editing visitor-management voip warehouse-management web-collaboration
    web-conferencing website-builder whistleblowing workflow-management
    """.split()
)


@pytest.fixture(scope="module")
def entry() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "publiccode.yml").read_text("utf-8"))
    return loaded


@pytest.fixture(scope="module")
def project() -> dict[str, Any]:
    project: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    return project


def test_it_declares_version_0_4_and_has_every_required_key(entry: dict[str, Any]) -> None:
    # Quoted: the standard types it as a string, which an unquoted 0.4 (a float) is not.
    assert entry["publiccodeYmlVersion"] == "0.4"
    assert [key for key in REQUIRED if not entry.get(key)] == []
    assert entry["url"].startswith("https://")


def test_the_enumerated_keys_take_the_standards_values(entry: dict[str, Any]) -> None:
    assert entry["developmentStatus"] in DEVELOPMENT_STATUSES
    assert entry["softwareType"] in SOFTWARE_TYPES
    assert set(entry["platforms"]) <= PLATFORMS
    assert entry["categories"]
    assert set(entry["categories"]) <= CATEGORIES


def test_the_description_is_in_italian_and_english_within_the_standards_lengths(
    entry: dict[str, Any],
) -> None:
    assert set(entry["description"]) == {"it", "en"}
    for language, text in entry["description"].items():
        assert 0 < len(text["shortDescription"]) <= 150, language
        assert "\n" not in text["shortDescription"], language  # one line, one sentence
        assert 150 <= len(text["longDescription"]) <= 10_000, language
        assert text["features"], language
        assert all(isinstance(f, str) and f for f in text["features"]), language


def test_the_licence_is_an_spdx_expression_and_the_one_pyproject_declares(
    entry: dict[str, Any], project: dict[str, Any]
) -> None:
    licence = entry["legal"]["license"]
    try:
        assert canonicalize_license_expression(licence) == licence
    except InvalidLicenseExpression as err:
        pytest.fail(f"not an SPDX expression: {err}")
    assert licence == project["license"]["text"]


def test_the_software_version_is_pyprojects_and_the_release_date_a_plain_date(
    entry: dict[str, Any], project: dict[str, Any]
) -> None:
    assert entry["softwareVersion"] == project["version"]
    # A quoted YYYY-MM-DD string, the only date format the standard allows.
    assert isinstance(entry["releaseDate"], str)
    assert dt.date.fromisoformat(entry["releaseDate"]).isoformat() == entry["releaseDate"]


def test_maintenance_names_contacts_or_contractors_where_the_standard_wants_them(
    entry: dict[str, Any],
) -> None:
    maintenance = entry["maintenance"]
    assert maintenance["type"] in MAINTENANCE_TYPES
    if maintenance["type"] in {"internal", "community"}:
        assert maintenance.get("contacts")
        assert all(c.get("name") for c in maintenance["contacts"])
    if maintenance["type"] == "contract":
        assert maintenance.get("contractors")
        assert all(c.get("name") and c.get("until") for c in maintenance["contractors"])


def test_localisation_and_dependencies(entry: dict[str, Any]) -> None:
    localisation = entry["localisation"]
    assert localisation["localisationReady"] is True
    assert set(localisation["availableLanguages"]) == set(entry["description"])
    dependencies = entry["dependsOn"]["open"]
    assert all(d.get("name") for d in dependencies)
    assert {d["name"] for d in dependencies} >= {"Python", "SQLite", "PostgreSQL"}

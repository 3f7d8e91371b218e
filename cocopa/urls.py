"""Public site under i18n_patterns (Italian at /, English at /en/), back office and API."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import URLPattern, URLResolver, include, path, re_path

from cocopa.api import api, unknown_endpoint
from cocopa.core import views_auth
from cocopa.governance import views_invitations
from cocopa.public import views as public_views
from cocopa.public import views_iati
from cocopa.public.sitemaps import SITEMAPS

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/v1/", api.urls),
    path("api/v1/<path:rest>", unknown_endpoint),
    path("i18n/", include("django.conf.urls.i18n")),
    # For crawlers and browsers, outside the language prefixes: one file each for the whole site.
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", public_views.robots_txt, name="robots"),
    path("manifest.webmanifest", public_views.manifest, name="manifest"),
    path("favicon.ico", public_views.favicon, name="favicon"),
    # The network's IATI files, where the IATI Registry points (cocopa/public/iati.py).
    path("iati/activities.xml", views_iati.activities, name="iati-activities"),
    path("iati/activities-<int:year>.xml", views_iati.activities_of_year, name="iati-activities-year"),
    # Before the country's: "multi-country" is not a country code.
    path(
        "iati/activities/multi-country.xml",
        views_iati.activities_of_several_countries,
        name="iati-activities-multi-country",
    ),
    re_path(
        r"^iati/activities/(?P<code>[A-Z]{2})\.xml$",
        views_iati.activities_of_country,
        name="iati-activities-country",
    ),
    path("iati/organisation.xml", views_iati.organisation, name="iati-organisation"),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("cooperation/", include("cocopa.cooperation.urls")),
    path("governance/", include("cocopa.governance.urls")),
    path("office/conventions/", include("cocopa.members.urls_office")),
    path("office/outbox/", include("cocopa.core.urls_outbox")),
    path("office/documents/", include("cocopa.library.urls_office")),
    path("office/news/", include("cocopa.news.urls_office")),
    path("office/events/", include("cocopa.events.urls_office")),
    path("office/campaigns/", include("cocopa.campaigns.urls_office")),
    path("office/diplomacy/", include("cocopa.diplomacy.urls_office")),
    path("office/education/", include("cocopa.education.urls_office")),
    path("office/iati/", include("cocopa.cooperation.urls_office")),
    path("office/", include("cocopa.office.urls")),
    path("me/", include("cocopa.governance.urls_self")),
    path("fees/", include("cocopa.fees.urls")),
    path("news/", include("cocopa.news.urls")),
    path("events/", include("cocopa.events.urls")),
    path("campaigns/", include("cocopa.campaigns.urls")),
    path("diplomacy/", include("cocopa.diplomacy.urls")),
    path("education/", include("cocopa.education.urls")),
    # Uploaded files, each behind its reader's right (cocopa/core/documents.py); no media folder.
    path("documents/", include("cocopa.governance.urls_documents")),
    path("documents/", include("cocopa.members.urls_documents")),
    # The documents library (index, a document, a version's file) beside those download paths.
    path("documents/", include("cocopa.library.urls")),
    # Second factor for staff (cocopa/core/middleware.py); password reset comes with auth.urls.
    path("accounts/2fa/setup/", views_auth.otp_setup, name="otp-setup"),
    path("accounts/2fa/verify/", views_auth.otp_verify, name="otp-verify"),
    path("accounts/2fa/enrol/<str:token>/", views_auth.otp_enrol, name="otp-enrol"),
    path("accounts/invitation/<str:token>/", views_invitations.invitation, name="invitation"),
    path("accounts/api-tokens/", include("cocopa.apitokens.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("search/", include("cocopa.search.urls")),
    path("", include("cocopa.factsheet.urls")),
    path("", include("cocopa.public.urls")),
    prefix_default_language=False,
)

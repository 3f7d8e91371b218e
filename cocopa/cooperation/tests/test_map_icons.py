"""The map's marker images are named by the static-files storage, so hashed file names in
production (CompressedManifestStaticFilesStorage) still reach them: Leaflet's own guess, from its
stylesheet's address, gave a broken image per marker (issue 14, point 1)."""

import pytest
from django.contrib.staticfiles.storage import StaticFilesStorage
from django.test import override_settings
from django.urls import reverse


class HashingStorage(StaticFilesStorage):
    """Names each file the way the manifest storage does, with a content hash before the suffix."""

    def url(self, name: str | None) -> str:
        stem, dot, suffix = (name or "").rpartition(".")
        return super().url(f"{stem}.0123abcd{dot}{suffix}")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/cooperation/map/", "/en/cooperation/map/"])
def test_the_markers_use_the_storages_names_for_their_images(client, demo_network, path):
    storages = {
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "staticfiles": {"BACKEND": f"{__name__}.HashingStorage"},
    }
    with override_settings(STORAGES=storages):
        page = client.get(path).content.decode().replace("\\u002D", "-")  # escapejs writes "-" so

    assert "/static/leaflet/images/marker-icon.0123abcd.png" in page
    assert "/static/leaflet/images/marker-icon-2x.0123abcd.png" in page
    assert "/static/leaflet/images/marker-shadow.0123abcd.png" in page
    assert "icon: window.cocopaMarkerIcon" in page


def test_the_map_page_is_the_one_the_test_reads():
    assert reverse("cooperation:map") == "/cooperation/map/"

"""Pages whose recorded texts name sources by code ("… (S07)") list those sources in their view
(core.sources.named_in), so `{% with_notes %}` numbers them without a query of its own per text."""

import pytest
from django.urls import reverse
from django.utils import translation

from cocopa.cooperation.models import Initiative
from cocopa.core import sources
from cocopa.core.models import Source
from cocopa.core.templatetags import source_notes
from cocopa.governance.models import Body, Mandate
from cocopa.network.models import NetworkProfile


class _NoLookups:
    """Stands for Source in the template tag: a page whose view did not list a source fails."""

    class objects:  # noqa: N801 (the manager's name)
        @staticmethod
        def filter(**kwargs):
            raise AssertionError(f"with_notes looked up sources the view did not list: {kwargs}")


@pytest.fixture
def no_lookups_in_the_tag(monkeypatch):
    monkeypatch.setattr(source_notes, "Source", _NoLookups)


def _coded_initiative() -> Initiative:
    """An initiative whose notes name a source that is not among its own sources (those the
    view lists anyway)."""
    initiative = Initiative.objects.own().first()
    assert initiative is not None
    other = Source.objects.exclude(pk__in=initiative.sources.values("pk")).order_by("code").first()
    assert other is not None
    initiative.notes_it = f"Nota ({other.code})."
    initiative.notes_en = f"A note ({other.code})."
    initiative.save()
    return initiative


def _coded_body() -> Body:
    return next(
        b
        for b in Body.objects.all()
        if sources.codes_in(b.description_it, *Mandate.objects.filter(body=b).values_list("notes", flat=True))
    )


@pytest.mark.django_db
def test_the_demo_has_coded_texts_on_these_pages(demo_network):
    # Otherwise the test below would prove nothing.
    assert _coded_initiative()
    assert _coded_body()
    assert sources.codes_in(NetworkProfile.objects.get().contact_note_it)


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["it", "en"])
def test_each_page_lists_the_sources_its_texts_name(client, demo_network, no_lookups_in_the_tag, lang):
    initiative = _coded_initiative()
    body = _coded_body()
    with translation.override(lang):
        pages = [
            reverse("cooperation:initiative", args=[initiative.identifier]),
            reverse("governance:body", args=[body.key]),
            reverse("public:contacts"),
        ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert 'class="source-ref"' in response.text, path

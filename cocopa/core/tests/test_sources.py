import pytest

from cocopa.core import sources
from cocopa.core.models import Source

pytestmark = pytest.mark.django_db


def test_a_page_cites_each_source_once_by_code_whatever_the_groups():
    b, a = Source.objects.create(code="B", title="b"), Source.objects.create(code="A", title="a")

    assert sources.cited([b, None, a], (s for s in [a, b]), []) == [a, b]

"""Print quality of the factsheet's PDF: A4, page numbers, embedded fonts, contacts in the footer,
nothing drawn outside the page's margins (looked at as PNG through poppler's pdftoppm) and no
chart cut across two pages (read from WeasyPrint's layout)."""

import datetime as dt
import io
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader
from weasyprint import HTML  # type: ignore[import-untyped]

from cocopa.cooperation import continents
from cocopa.cooperation.testing import make_initiative
from cocopa.demo import services as demo_services
from cocopa.factsheet.pdf import factsheet_html, factsheet_pdf
from cocopa.network.models import NetworkProfile

A4_POINTS = (595.28, 841.89)
MM = 72 / 25.4


@pytest.fixture
def pdftoppm() -> str:
    found = shutil.which("pdftoppm")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("pdftoppm (Debian package poppler-utils) is missing: `make test` installs it")
        pytest.skip("pdftoppm (poppler-utils) not installed")
    return found


@pytest.fixture
def demo(db: None) -> dt.date:
    demo_services.load_demo(actor=None)
    return dt.date(2026, 1, 1)


@pytest.fixture
def crowded(db: None) -> dt.date:
    """The demo with a long portfolio: a country of every continent, names long and short."""
    demo_services.load_demo(actor=None)
    codes = [code for code, group in sorted(continents.CONTINENT_OF.items()) if group != continents.ITALY]
    for i, code in enumerate(codes[::6]):
        make_initiative(f"crowd-{code.lower()}", actual_start=dt.date(2000 + i % 20, 1, 1), countries=[code])
    return dt.date(2026, 1, 1)


def png_pages(document: bytes, tmp_path: Path, tool: str, dpi: int = 40) -> list[Image.Image]:
    source = tmp_path / "factsheet.pdf"
    source.write_bytes(document)
    subprocess.run([tool, "-png", "-r", str(dpi), str(source), str(tmp_path / "page")], check=True)
    files = sorted(tmp_path.glob("page-*.png"), key=lambda p: int(re.findall(r"\d+", p.stem)[-1]))
    return [Image.open(f).convert("L") for f in files]


def drawn_in(image: Image.Image, box: tuple[int, int, int, int]) -> bool:
    """Whether anything darker than paper lies in the box (left, top, right, bottom) of the page."""
    extrema = image.crop(box).getextrema()  # (darkest, lightest) of a greyscale image
    assert isinstance(extrema[0], int)
    return extrema[0] < 245


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_pdf_is_a4_numbered_with_the_contacts_on_every_page(demo: dt.date, language: str) -> None:
    reader = PdfReader(io.BytesIO(factsheet_pdf(language=language, at=demo)))
    pages = reader.pages
    assert len(pages) >= 2
    network = NetworkProfile.objects.get()
    for number, page in enumerate(pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (round(A4_POINTS[0]), round(A4_POINTS[1]))
        text = " ".join(page.extract_text().split())
        assert f"{number} / {len(pages)}" in text
        assert network.email in text


def test_every_font_is_embedded(demo: dt.date) -> None:
    reader = PdfReader(io.BytesIO(factsheet_pdf(language="it", at=demo)))
    fonts: dict[str, Any] = {}
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for name, ref in resources["/Font"].items():
            fonts[name] = ref.get_object()
    assert fonts
    for name, font in fonts.items():
        described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = described["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), f"font {name} is not embedded"


@pytest.mark.django_db
@pytest.mark.parametrize("fixture", ["demo", "crowded"])
def test_nothing_spills_into_the_margins(
    fixture: str, request: pytest.FixtureRequest, pdftoppm: str, tmp_path: Path
) -> None:
    day = request.getfixturevalue(fixture)
    pages = png_pages(factsheet_pdf(language="it", at=day), tmp_path, pdftoppm)
    assert pages
    for number, image in enumerate(pages, start=1):
        width, height = image.size
        px = width / 210  # pixels per millimetre
        side = int(12 * px)  # the side margins are 16 mm: 12 mm must stay blank
        assert not drawn_in(image, (0, 0, side, height)), f"page {number}: something in the left margin"
        assert not drawn_in(image, (width - side, 0, width, height)), f"page {number}: in the right margin"
        assert not drawn_in(image, (0, 0, width, int(10 * px))), (
            f"page {number}: something above the top margin"
        )
        # The footer sits in the bottom margin; below it the page stays blank.
        assert not drawn_in(image, (0, height - int(6 * px), width, height)), (
            f"page {number}: under the footer"
        )


@pytest.mark.django_db
@pytest.mark.parametrize("fixture", ["demo", "crowded"])
def test_no_chart_is_cut_across_pages(fixture: str, request: pytest.FixtureRequest) -> None:
    day = request.getfixturevalue(fixture)
    document = HTML(string=factsheet_html(language="en", at=day)).render()
    seen: dict[str, list[int]] = {}
    for index, page in enumerate(document.pages):
        bottom = page.height - 26 * MM * 96 / 72  # the bottom margin, in CSS pixels
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            classes = element.get("class", "") if element is not None else ""
            if box.element_tag == "figure" and "fs-chart" in classes:
                name = classes.split()[-1]
                seen.setdefault(name, [])
                if index not in seen[name]:
                    seen[name].append(index)
                assert box.position_y + box.margin_height() <= bottom + 1, f"{name} runs past the page's foot"
    assert set(seen) == {"fs-chart-classes", "fs-chart-share", "fs-chart-map"}
    for name, indexes in seen.items():
        assert len(indexes) == 1, f"{name} is split across pages {indexes}"

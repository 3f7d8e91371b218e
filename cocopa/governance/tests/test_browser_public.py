"""The "How we work" page in Debian's chromium, checked with axe-core in both languages."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SERIOUS = {"serious", "critical"}


@pytest.mark.parametrize("path", ["/governance/", "/en/governance/?at=2024-06-01"])
def test_how_we_work_has_no_serious_accessibility_violations(site, page, path):
    page.goto(site + path)
    expect(page.locator("#body-presidenza")).to_be_visible()

    results = Axe().run(page)

    serious = [v for v in results.response["violations"] if v["impact"] in SERIOUS]
    report = "\n".join(
        f"{v['impact']}: {v['id']} – {v['help']} ({len(v['nodes'])} nodes: "
        f"{', '.join(str(n['target']) for n in v['nodes'][:5])})"
        for v in serious
    )
    print(report)  # noqa: T201 – shown by pytest on failure
    assert not serious, report

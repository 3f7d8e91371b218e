"""The "How we work" page in Debian's chromium, checked with axe-core in both languages."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["/governance/", "/en/governance/?at=2024-06-01"])
def test_how_we_work_has_no_serious_accessibility_violations(site, page, path, assert_accessible):
    page.goto(site + path)
    expect(page.locator("#body-presidenza")).to_be_visible()

    assert_accessible(page)

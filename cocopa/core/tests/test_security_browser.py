"""In Chromium, the Content Security Policy blocks nothing the site itself needs."""

import pytest


@pytest.mark.parametrize("path", ["/", "/en/cooperation/map/", "/accounts/login/"])
def test_pages_run_under_the_policy_without_violations(site, page, path):
    violations: list[str] = []
    page.on(
        "console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None
    )

    response = page.goto(site + path)
    page.wait_for_load_state("networkidle")

    assert response is not None
    assert "Content-Security-Policy" in {k.title() for k in response.headers}
    assert violations == []
    if "map" in path:
        page.wait_for_selector("#places-map[data-markers]")
        assert int(page.get_attribute("#places-map", "data-markers") or 0) > 0

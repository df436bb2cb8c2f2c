"""One headless Debian Chromium per test process, shared by every browser test.

Playwright's sync API cannot start twice in one thread while the first is running, so the
report's tests and the dashboard's share this one session fixture.
"""

from pathlib import Path

import pytest

from stages.instrument.report.screenshots import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright; fails when Chromium is missing."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's chromium package "
            "(`make browser` installs it with apt-get)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()

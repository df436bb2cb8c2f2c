"""A person opens the dashboard in a browser (headless Chromium): log in, look, log out.

The service runs under gunicorn with its defaults (`Secure` session cookie included: browsers
accept it on http://127.0.0.1). Two windows of 100 predictions are scored first, the second
of the largest loans (a drift alert), and outcomes reported for the first window's approved.

`DASHBOARD_SCREENSHOT=docs/screenshots/dashboard.png pytest tests/refactored/
test_dashboard_in_a_browser.py` also saves a screenshot of the logged-in page there.
"""

import os
from pathlib import Path

import pytest

from credit_data.codebook import TARGET
from credit_data.load import applicant_payload
from stages.instrument.report.screenshots import small_png
from tests.refactored.conftest import ADMIN_TOKEN, copy_instance
from tests.refactored.servers import call, start_service

pytestmark = pytest.mark.slow
WINDOW = 100
VIEWPORT = {"width": 1280, "height": 1800}


@pytest.fixture(scope="module")
def served(trained_instance, holdout, tmp_path_factory):
    """A service with two checked windows, a drift alert and some outcomes; its base URL."""
    folder = tmp_path_factory.mktemp("browser")
    instance = copy_instance(trained_instance, folder / "instance")
    process = start_service(
        instance, folder, ADMIN_TOKEN=ADMIN_TOKEN, MONITORING_WINDOW=str(WINDOW)
    )
    ordinary = holdout.head(WINDOW)
    largest = holdout.sort_values("credit_amount").tail(WINDOW)
    for name, rows in (("ordinary", ordinary), ("largest", largest)):
        payloads = [
            {**applicant_payload(row), "application_id": f"{name}-{number}"}
            for number, (_, row) in enumerate(rows.iterrows())
        ]
        status, body = call(process.port, "POST", "/score/batch", {"applicants": payloads})
        assert status == 200, body
        if name == "ordinary":
            for answer, (_, row) in zip(body["results"], rows.iterrows(), strict=True):
                if answer["decision"] == "approve":
                    outcome = {
                        "application_id": answer["application_id"],
                        "defaulted": int(row[TARGET]),
                    }
                    assert call(process.port, "POST", "/outcomes", outcome, ADMIN_TOKEN)[0] == 201
    yield f"http://127.0.0.1:{process.port}"
    log = process.stop()
    assert "Traceback" not in log, log[-3000:]


def test_a_person_logs_in_sees_the_champion_drift_alerts_and_pictures_and_is_refused_after_logout(
    browser, served
):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto(f"{served}/dashboard")
    assert page.url == f"{served}/login"
    page.fill("#token", ADMIN_TOKEN)
    page.click("button[type=submit]")
    page.wait_for_url(f"{served}/dashboard")

    assert "Champion: version 1" in page.inner_text("#champion h2")
    assert page.locator("#drift table tr").count() > 20
    assert "credit_amount" in page.inner_text("#alerts")
    for chart in ("#approval-chart svg", "#drift-chart svg", "#auc-chart svg"):
        box = page.locator(chart).bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 100
        assert page.locator(f"{chart} polyline.series").count() >= 1
    assert page.locator("#approval-chart svg .alert-marker").count() >= 1
    (cookie,) = context.cookies()
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["secure"]
    assert cookie["expires"] > 0
    if os.environ.get("DASHBOARD_SCREENSHOT"):
        Path(os.environ["DASHBOARD_SCREENSHOT"]).write_bytes(small_png(page.screenshot()))

    page.click("#logout")
    page.wait_for_url(f"{served}/login")
    page.goto(f"{served}/dashboard")

    assert page.url == f"{served}/login"
    assert problems == []
    context.close()

"""Integration: the server-rendered dashboard shows the champion, drift, alerts and reviews."""

from credit_data.load import applicant_payload
from tests.refactored.conftest import ADMIN_TOKEN, build_app

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def test_an_empty_service_renders_the_champion_and_says_nothing_happened_yet(http, champion):
    response = http.get("/dashboard", headers=ADMIN)

    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert f"Champion: version {champion.version}" in page
    assert "No full window yet." in page and "No alerts." in page
    assert "<svg" not in page and "No retraining yet." in page


def test_the_dashboard_shows_drifted_features_alerts_and_pending_reviews(instance, holdout):
    client = build_app(instance, ADMIN_TOKEN=ADMIN_TOKEN, MONITORING_WINDOW=100).test_client()
    largest = holdout.sort_values("credit_amount").tail(100)
    payloads = [
        {**applicant_payload(row), "application_id": f"<b>big-{number}</b>"}
        for number, (_, row) in enumerate(largest.iterrows())
    ]
    answers = client.post("/score/batch", json={"applicants": payloads}).get_json()["results"]

    page = client.get("/dashboard", headers=ADMIN).get_data(as_text=True)

    assert "input drift in credit_amount" in page
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg"') == 3
    assert "<title>alert in window 0</title>" in page
    drift_chart = page[page.index('id="drift-chart"') : page.index('id="auc-chart"')]
    assert ">credit_amount</text>" in drift_chart
    assert '<td class="drifted">drifted</td>' in page
    reviewed = [answer for answer in answers if answer["decision"] == "review"]
    assert reviewed and "&lt;b&gt;big-" in page and "<b>big-" not in page

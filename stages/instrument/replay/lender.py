"""The replay loop: score each window, report the approved applicants' outcomes a window late.

A lender learns whether an applicant repays only when it lent to that applicant: the outcomes
the replayer reports to the stage are those of the applicants the stage approved (a `review`
counts as not approved, since no reviewer decides during a replay), and they arrive with the
next window. The outcomes of the last window are reported after it, and the alerts read once
more. Application ids are random and opaque, as a lender's would be.
"""

import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from credit_data.codebook import APPLICATION_ID, TARGET
from credit_data.load import applicant_payload

from ..drift.scenarios import Scenario
from ..drift.stream import stream
from . import channels as routes
from .figures import WindowFigures, window_figures
from .service import HttpService

APPROVE, REVIEW = "approve", "review"
BATCH_CHUNK = 100

Progress = Callable[[int, int, int], None]


@dataclass(frozen=True)
class WindowResult:
    """What happened in one window of the replay.

    Attributes:
        index: The window's position, from 0.
        shifted: Whether the scenario's shift applies to the window.
        figures: The figures the replayer computed from the outcomes.
        outcomes_reported: Outcomes of the previous window reported to the stage (approved
            applicants only).
        outcomes_refused: Of those, how many the stage refused (a status other than 2xx).
        alerts: The alerts the stage raised during the window (labels).
    """

    index: int
    shifted: bool
    figures: WindowFigures
    outcomes_reported: int
    outcomes_refused: int
    alerts: list[str]


@dataclass
class ReplayResult:
    """A whole replay.

    Attributes:
        stage: The stage's package (or the URL replayed against).
        scenario: The scenario's name.
        channels: The routes used.
        windows: One result per window.
        late_alerts: Alerts raised after the last window's outcomes were reported.
        late_outcomes: Outcomes of the last window reported after it.
    """

    stage: str
    scenario: str
    channels: routes.Channels
    windows: list[WindowResult] = field(default_factory=list)
    late_alerts: list[str] = field(default_factory=list)
    late_outcomes: int = 0

    def as_json(self) -> dict:
        """The result as plain JSON values (the `--json` file)."""
        return asdict(self)


def opaque_payloads(applicants: pd.DataFrame) -> list[dict]:
    """The applicants' request bodies, each with a random, opaque application id."""
    payloads = []
    for _, row in applicants.iterrows():
        payloads.append({**applicant_payload(row), APPLICATION_ID: uuid.uuid4().hex})
    return payloads


def checked(status: int, body: object, route: str) -> object:
    """The body of a 200 answer; anything else stops the replay with the stage's answer."""
    if status != 200:
        raise RuntimeError(f"POST {route} answered {status}: {body}")
    return body


def score(
    service: HttpService, batch_route: str | None, payloads: list[dict], progress: Progress, index
) -> dict[str, dict]:
    """Score the payloads (in chunks through the batch route, else one request each).

    Requests are sent one at a time: a stage may not be safe under concurrent requests (the
    monolith's are not), and a replay measures decisions, not throughput.

    Returns:
        Each answer by application id.
    """
    answers: dict[str, dict] = {}
    if batch_route:
        for start in range(0, len(payloads), BATCH_CHUNK):
            chunk = payloads[start : start + BATCH_CHUNK]
            body = checked(*service.post(batch_route, {"applicants": chunk}), batch_route)
            answers.update({answer[APPLICATION_ID]: answer for answer in body["results"]})
            progress(index, len(answers), len(payloads))
        return answers

    for payload in payloads:
        answer = checked(*service.post("/score", payload), "/score")
        answers[answer[APPLICATION_ID]] = answer
        if len(answers) % 20 == 0 or len(answers) == len(payloads):
            progress(index, len(answers), len(payloads))
    return answers


def report_outcomes(service: HttpService, route: str | None, outcomes: list[dict]) -> int:
    """Report outcomes to the stage's outcome route; the number it refused (0 without one)."""
    if route is None:
        return 0
    return sum(service.post(route, outcome)[0] // 100 != 2 for outcome in outcomes)


def new_alerts(service: HttpService, route: str | None, seen: set[str]) -> list[str]:
    """Labels of the alerts not seen before; adds them to `seen`."""
    fresh = [a for a in routes.read_alerts(service, route) if routes.alert_key(a) not in seen]
    seen.update(routes.alert_key(alert) for alert in fresh)
    return [routes.alert_label(alert) for alert in fresh]


def replay(
    service: HttpService, scenario: Scenario, stage: str, progress: Progress = lambda *_: None
) -> ReplayResult:
    """Replay `scenario` against the served stage, window by window.

    Args:
        service: The served stage, called with the admin token.
        scenario: The drift scenario.
        stage: The stage's name, for the result.
        progress: Called with (window, scored, applicants) as answers arrive.

    Returns:
        The replay's windows, figures and alerts.
    """
    found = routes.discover(service)
    result = ReplayResult(stage, scenario.name, found)
    seen = {routes.alert_key(alert) for alert in routes.read_alerts(service, found.alerts)}
    pending: list[dict] = []
    for batch in stream(scenario):
        refused = report_outcomes(service, found.outcomes, pending)
        reported = len(pending) if found.outcomes else 0
        payloads = opaque_payloads(batch.applicants)
        answers = score(service, found.batch, payloads, progress, batch.index)
        ordered = [answers[payload[APPLICATION_ID]] for payload in payloads]
        approved = np.array([answer["decision"] == APPROVE for answer in ordered])
        defaulted = batch.applicants[TARGET].to_numpy(dtype=int)
        probabilities = [answer["probability_default"] for answer in ordered]
        reviewed = np.array([answer["decision"] == REVIEW for answer in ordered])
        figures = window_figures(np.array(probabilities), approved, defaulted, reviewed)
        alerts = new_alerts(service, found.alerts, seen)
        result.windows.append(
            WindowResult(batch.index, batch.shifted, figures, reported, refused, alerts)
        )
        pending = [
            {APPLICATION_ID: payload[APPLICATION_ID], TARGET: int(outcome)}
            for payload, outcome, lent in zip(payloads, defaulted, approved, strict=True)
            if lent
        ]
    report_outcomes(service, found.outcomes, pending)
    result.late_outcomes = len(pending) if found.outcomes else 0
    result.late_alerts = new_alerts(service, found.alerts, seen)
    return result

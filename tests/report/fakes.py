"""A hand-written fake of a served stage, for testing the replayer without HTTP."""

from dataclasses import dataclass, field

ROUTES = {
    ("/score", "POST"),
    ("/score/batch", "POST"),
    ("/outcomes", "POST"),
    ("/monitoring/alerts", "GET"),
}


@dataclass
class FakeStage:
    """Approves short loans, reviews 24-month ones, rejects the rest; alerts when told to.

    Attributes:
        outcomes: Every outcome posted, in order, with the number of batches scored before it.
        alerts: The alerts it shows.
        batches_scored: Batch requests answered.
        routes: The (path, method) pairs it has.
    """

    outcomes: list[tuple[int, dict]] = field(default_factory=list)
    alerts: list[dict] = field(default_factory=list)
    scored: list[dict] = field(default_factory=list)
    routes: set = field(default_factory=lambda: set(ROUTES))

    def allows(self, path: str, method: str) -> bool:
        """Whether the fake has the route."""
        return (path, method) in self.routes

    def decide(self, applicant: dict) -> dict:
        """The fake's answer for one applicant."""
        months = applicant["duration_months"]
        decision = "approve" if months < 24 else "review" if months == 24 else "reject"
        probability = min(months / 72, 1.0)
        return {
            "application_id": applicant["application_id"],
            "decision": decision,
            "probability_default": probability,
        }

    def post(self, path: str, payload: dict) -> tuple[int, object]:
        """Answer a POST."""
        if path == "/outcomes":
            self.outcomes.append((len(self.scored), payload))
            return 201, {"status": "recorded"}
        applicants = payload["applicants"] if path == "/score/batch" else [payload]
        self.scored += applicants
        answers = [self.decide(applicant) for applicant in applicants]
        return 200, {"results": answers} if path == "/score/batch" else answers[0]

    def get(self, path: str) -> tuple[int, object]:
        """Answer a GET (the alert route)."""
        return 200, {"alerts": list(self.alerts)}

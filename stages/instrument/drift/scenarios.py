"""The drift scenarios: what shifts, by how much, from which batch, and the detection budget.

Every scenario is a stream of batches of applicants resampled from the 1,000 real rows, with
outcomes drawn from the world model (`world.py`). The first `reference_batches` batches are
unshifted; the shift starts at batch `reference_batches` and lasts to the end. A monitored
stage must raise an alert no later than `detection_budget` batches after the shift starts
(the shifted batch itself counts as the first), and must stay quiet on the baseline.
Outcomes arrive one batch late, as in lending: batch k's outcomes come with batch k + 1, so a
shift that only outcomes reveal (prior, concept) gets one batch more than one the inputs show.
"""

from dataclasses import dataclass, field

BATCH_SIZE = 500
BATCHES = 5
REFERENCE_BATCHES = 2


@dataclass(frozen=True)
class Scenario:
    """One seeded drift scenario.

    Attributes:
        name: The scenario's name, also its shift type (`baseline`, `prior`, `covariate`,
            `concept`).
        description: What changes, in one sentence.
        parameters: The shift's parameters (see `stream.py` for how each is used).
        detection_budget: Within how many batches from the first shifted one a monitored stage
            must alert; None for the baseline, where it must never alert.
        seed: The seed of the stream's random source.
        batch_size: Applicants per batch (at least 500: PSI is noise on smaller windows).
        batches: Batches in the stream.
        reference_batches: Unshifted batches before the shift.
    """

    name: str
    description: str
    parameters: dict = field(default_factory=dict)
    detection_budget: int | None = None
    seed: int = 0
    batch_size: int = BATCH_SIZE
    batches: int = BATCHES
    reference_batches: int = REFERENCE_BATCHES

    @property
    def shift(self) -> str:
        """The shift type: `none`, `prior`, `covariate` or `concept`."""
        return "none" if self.name == "baseline" else self.name


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "baseline",
        "No shift: applicants resampled uniformly, outcomes from the world model (bad rate ~30 %).",
        seed=101,
    ),
    Scenario(
        "prior",
        "Prior (label) shift: the bad rate rises from ~30 % to 50 %; who a bad or a good "
        "applicant is does not change.",
        {"bad_rate": 0.5},
        detection_budget=2,
        seed=102,
    ),
    Scenario(
        "covariate",
        "Covariate shift: larger amounts, longer durations and younger applicants; the world "
        "model still decides who defaults.",
        {"log_credit_amount": 0.5, "duration_months": 0.5, "age": -0.5},
        detection_budget=1,
        seed=103,
    ),
    Scenario(
        "concept",
        "Concept shift: the same applicants, but having no checking account stops protecting "
        "and long durations weigh twice as much; the overall bad rate is held where it was.",
        {"checking_account_none": 1.6, "duration_months_scale": 2.0},
        detection_budget=3,
        seed=104,
    ),
)


def scenario(name: str) -> Scenario:
    """The scenario called `name`."""
    for candidate in SCENARIOS:
        if candidate.name == name:
            return candidate
    raise KeyError(name)

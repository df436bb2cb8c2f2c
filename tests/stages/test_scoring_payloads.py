"""`applicant_payloads` builds exactly the bodies `applicant_payload` builds, column-wise."""

from credit_data.load import applicant_payload, applicant_payloads, load_dataset
from stages.instrument.drift.scenarios import SCENARIOS
from stages.instrument.drift.stream import stream


def assert_same_payloads(built: list[dict], expected: list[dict]) -> None:
    """Equal dictionaries, keys in the same order, values of the same Python types."""
    assert built == expected
    for mine, theirs in zip(built, expected, strict=True):
        assert list(mine) == list(theirs)
        assert [type(value) for value in mine.values()] == [
            type(value) for value in theirs.values()
        ]


def test_every_row_of_the_data_set_gives_the_same_payload():
    data = load_dataset()

    assert_same_payloads(
        applicant_payloads(data), [applicant_payload(row) for _, row in data.iterrows()]
    )


def test_a_replayed_batch_gives_the_same_payloads():
    batch = stream(SCENARIOS[0])[-1]
    applicants = batch.applicants

    assert_same_payloads(
        applicant_payloads(applicants),
        [applicant_payload(row) for _, row in applicants.iterrows()],
    )

"""The sampling design, on the model card: what the training data is a sample of.

German Credit (Statlog, Hofmann 1994, UCI) holds 1,000 credits of one German bank: 700 good
and 300 bad risks, a stratified sample. The bank's own bad rate is not in the data. A model
fitted on it estimates P(default) on the sample's scale, where the bad rate is 30 %; where the
population's bad rate differs, every probability, the cut-off the cost matrix gives and every
expected cost on the card are on the wrong scale until the prior is corrected (the odds of
default multiplied by the ratio of the population's odds to the sample's). The card says so,
so that nobody reads the sample's scale as the lender's.
"""

SOURCE = "Statlog (German Credit Data), Hofmann (1994), UCI: 1,000 credits of one German bank"
DESIGN = "stratified by outcome: 700 good and 300 bad credit risks"


def sampling_design(sample_bad_rate: float) -> dict:
    """The card's account of the sample, its scale and its limits.

    Args:
        sample_bad_rate: The bad rate measured on the data file's valid rows.
    """
    return {
        "source": SOURCE,
        "design": DESIGN,
        "sample_bad_rate": round(sample_bad_rate, 4),
        "population_bad_rate": "unknown: not in the data",
        "probability_scale": (
            "P(default), the cost cut-off and the expected costs are on the sample's scale; "
            "where the population's bad rate differs, multiply the odds of default by "
            "(population odds / sample odds) before deciding: the POPULATION_BAD_RATE "
            "setting does so for the cost cut-off"
        ),
        "intended_use": "teaching how ML technical debt is repaid; not lending decisions",
        "limitations": [
            "1,000 credits of one bank, published in 1994: no applicant of today is in it",
            "outcomes are known for granted credits only: rejected applicants are not in it",
            "the purpose text is synthetic (data/README.md)",
        ],
    }

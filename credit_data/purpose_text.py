"""Synthetic free-text loan purposes, generated deterministically from the purpose category.

The real data set has no text: `purpose_text` is made here so that the monolith's NLP
component has something to read. Each text is drawn from templates and synonyms of its
category; some get a typo, and some are ambiguous (shared by several categories, or worded
like a neighbouring one), so a text classifier cannot reach 100 % accuracy.
"""

import random

# The share of applicants whose text does not pin down the category.
AMBIGUOUS_SHARE = 0.07
# The share of the remaining texts that get one typo.
TYPO_SHARE = 0.12

CAR_WORDS = ("car", "vehicle", "auto", "family car", "hatchback", "estate car", "VW Golf")
SOFA_WORDS = ("sofa", "couch", "wardrobe", "bed", "dining table", "bookshelf", "kitchen cabinets")
TV_WORDS = ("television", "TV", "flat screen TV", "stereo", "hi-fi system", "radio", "home cinema")
APPLIANCE_WORDS = (
    "washing machine",
    "fridge",
    "freezer",
    "dishwasher",
    "cooker",
    "tumble dryer",
    "vacuum cleaner",
)
REPAIR_WORDS = ("roof", "heating", "bathroom", "windows", "plumbing", "kitchen floor", "garage")
STUDY_WORDS = (
    "university fees",
    "tuition",
    "school fees",
    "semester fees",
    "master's degree",
    "textbooks and fees",
    "college",
)
COURSE_WORDS = (
    "retraining course",
    "vocational course",
    "welding certificate",
    "IT certification",
    "nursing course",
    "truck driving licence",
    "career change course",
)
SHOP_WORDS = (
    "my shop",
    "my workshop",
    "the company",
    "my bakery",
    "my small business",
    "the restaurant",
    "my taxi firm",
)

TEMPLATES: dict[str, tuple[str, ...]] = {
    "car_new": (
        "new {car}",
        "buying a brand new {car}",
        "a new {car} from the dealer",
        "financing a new {car}",
        "new {car}, never driven",
        "my first new {car}",
        "brand-new {car} for commuting",
    ),
    "car_used": (
        "used {car}",
        "second-hand {car}",
        "buying a used {car}",
        "pre-owned {car}",
        "used {car} from a private seller",
        "an older {car} for work",
        "second hand {car}",
    ),
    "furniture": (
        "new {sofa}",
        "furniture for the new flat",
        "buying a {sofa}",
        "{sofa} and chairs",
        "furnishing the living room",
        "furniture",
        "a {sofa} for the bedroom",
    ),
    "radio_tv": (
        "new {tv}",
        "buying a {tv}",
        "{tv} for the living room",
        "a bigger {tv}",
        "replace the old {tv}",
        "{tv} and speakers",
    ),
    "appliances": (
        "new {appliance}",
        "replace the broken {appliance}",
        "buying a {appliance}",
        "household appliances",
        "{appliance} for the kitchen",
    ),
    "repairs": (
        "repair the {repair}",
        "fixing the {repair}",
        "{repair} repairs",
        "renovating the {repair}",
        "urgent repairs to the {repair}",
    ),
    "education": (
        "{study}",
        "paying {study}",
        "my daughter's {study}",
        "{study} for my son",
        "studies abroad",
        "evening classes at university",
    ),
    "retraining": (
        "{course}",
        "paying for a {course}",
        "{course} after redundancy",
        "a {course} to change jobs",
        "retraining",
    ),
    "business": (
        "stock for {shop}",
        "expanding {shop}",
        "new machines for {shop}",
        "working capital for {shop}",
        "starting {shop}",
        "cash flow for {shop}",
    ),
    "others": (
        "wedding",
        "moving costs",
        "medical bills",
        "paying off other debts",
        "a holiday",
        "funeral costs",
        "lawyer's fees",
    ),
}

# Texts that fit several categories; an ambiguous applicant writes one of these.
AMBIGUOUS_TEXTS: tuple[str, ...] = (
    "personal loan",
    "a purchase for the house",
    "need the money soon",
    "something for home",
    "a car",
    "equipment",
    "course fees",
    "loan",
    "for the family",
    "buying things for the flat",
)

PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    "car": CAR_WORDS,
    "sofa": SOFA_WORDS,
    "tv": TV_WORDS,
    "appliance": APPLIANCE_WORDS,
    "repair": REPAIR_WORDS,
    "study": STUDY_WORDS,
    "course": COURSE_WORDS,
    "shop": SHOP_WORDS,
}


def add_typo(text: str, rng: random.Random) -> str:
    """Return `text` with one typing mistake: two letters swapped, one dropped or one doubled.

    Args:
        text: The text to alter.
        rng: The random source.

    Returns:
        The text with one typo, or the text unchanged when it is too short.
    """
    letters = [index for index, char in enumerate(text[:-1]) if char.isalpha()]
    if len(letters) < 3:
        return text
    index = rng.choice(letters)
    kind = rng.choice(("swap", "drop", "double"))
    if kind == "swap":
        return text[:index] + text[index + 1] + text[index] + text[index + 2 :]
    if kind == "drop":
        return text[:index] + text[index + 1 :]
    return text[:index] + text[index] + text[index:]


def fill_template(template: str, rng: random.Random) -> str:
    """Replace each `{placeholder}` of `template` by one of its synonyms.

    Args:
        template: A template from `TEMPLATES`.
        rng: The random source.

    Returns:
        The filled-in text.
    """
    words = {name: rng.choice(synonyms) for name, synonyms in PLACEHOLDERS.items()}
    return template.format(**words)


def purpose_text(category: str, rng: random.Random) -> str:
    """Write the loan purpose as an applicant of `category` might type it.

    Args:
        category: A purpose code, for example `car_new`.
        rng: The random source; the same sequence of calls gives the same texts.

    Returns:
        The free-text purpose.
    """
    if rng.random() < AMBIGUOUS_SHARE:
        return rng.choice(AMBIGUOUS_TEXTS)
    text = fill_template(rng.choice(TEMPLATES[category]), rng)
    if rng.random() < TYPO_SHARE:
        text = add_typo(text, rng)
    if rng.random() < 0.5:
        text = text[0].upper() + text[1:]
    return text


def purpose_texts(categories: list[str], seed: int) -> list[str]:
    """Generate one purpose text per category, reproducibly.

    Args:
        categories: Purpose codes in row order.
        seed: The seed of the random source.

    Returns:
        The texts, in the same order.
    """
    rng = random.Random(seed)
    return [purpose_text(category, rng) for category in categories]

"""Reasons in plain words: the code book's description of the feature and the value given."""

from credit_data.codebook import ATTRIBUTES

DESCRIPTIONS = {attribute.name: attribute.description for attribute in ATTRIBUTES}
# Category code -> the code book's words for it, per attribute.
CODE_WORDS = {
    attribute.name: {code: words for words, code in attribute.codes.items()}
    for attribute in ATTRIBUTES
    if attribute.is_categorical
}


def describe(feature: str, value: object) -> str:
    """One reason as a sentence, for example `"Duration of the credit in months: 48"`.

    Args:
        feature: The feature's name.
        value: The applicant's value of it.

    Returns:
        The code book's description of the feature and the applicant's value in its words.
    """
    words = CODE_WORDS.get(feature, {}).get(value, value)
    return f"{DESCRIPTIONS[feature]}: {words}"

"""Reasons in plain words: the code book's description of the feature and the value given.

A reason names the field and the applicant's value, never a direction ("too short", "too
low"): what it states is that the model, compared with the values applicants typically have,
holds this value against the applicant. The purpose of the credit is quoted as the applicant
wrote it, because the model reads the words of the text (TF-IDF), not a category: two
applicants with the same purpose in other words get different scores.
"""

from credit_data.codebook import ATTRIBUTES, PURPOSE_TEXT

DESCRIPTIONS = {attribute.name: attribute.description for attribute in ATTRIBUTES}
DESCRIPTIONS[PURPOSE_TEXT] = "Purpose of the credit, as worded in the application"
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
        The code book's description of the feature and the applicant's value in its words;
        for the purpose, the applicant's own text in quotation marks.
    """
    if feature == PURPOSE_TEXT:
        return f'{DESCRIPTIONS[feature]}: "{value}"'
    words = CODE_WORDS.get(feature, {}).get(value, value)
    return f"{DESCRIPTIONS[feature]}: {words}"

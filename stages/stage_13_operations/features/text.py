"""The text featuriser: TF-IDF on the applicant's own words for the loan purpose.

It replaces the monolith's separate purpose classifier (a correction cascade, DEBT-03): the
words go straight into the risk model as features, inside the same pipeline, so there is no
predicted category whose mistakes the risk model never saw in training.
"""

from sklearn.feature_extraction.text import TfidfVectorizer

# Words and word pairs seen in at least two applications; rarer ones are noise for 800 rows.
MINIMUM_DOCUMENT_COUNT = 2


# repays DEBT-03 Correction cascade: the free text is a feature, not another model.
def build_text_featuriser() -> TfidfVectorizer:
    """A TF-IDF vectoriser for `purpose_text`: lower case, words and word pairs, damped counts."""
    return TfidfVectorizer(
        lowercase=True,
        ngram_range=(1, 2),
        min_df=MINIMUM_DOCUMENT_COUNT,
        sublinear_tf=True,
    )

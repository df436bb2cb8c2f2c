"""The reasons' shortcut for a logistic regression: the classifier's own moved probabilities."""

import numpy as np

from credit_data.load import holdout_rows, load_dataset
from refactored.explanations import reasons
from refactored.explanations.linear import (
    is_binary_logistic_regression,
    linear_moved_probabilities,
)
from refactored.features.columns import INPUT_FEATURES


def test_the_logistic_regression_shortcut_equals_scoring_every_moved_row(champion):
    pipeline = champion.pipeline
    applicants = holdout_rows(load_dataset())[list(INPUT_FEATURES)].head(50).to_dict("records")
    transformed = champion.runtime.predict(
        {name: [a[name] for a in applicants] for name in INPUT_FEATURES}
    ).features
    moves = reasons.moves_of(champion.card["explanations"]["typical_values"])
    rows, blocks = reasons.move_blocks(pipeline, applicants[0], moves)
    classifier = pipeline.named_steps["classifier"]
    every_row = np.repeat(transformed, len(moves), axis=0)
    for position, block in enumerate(blocks):
        every_row[position :: len(moves), block] = rows[position, block]
    expected = classifier.predict_proba(every_row)[:, 1].reshape(len(applicants), len(moves))

    shortcut = linear_moved_probabilities(classifier, transformed, rows, blocks)

    assert is_binary_logistic_regression(classifier)
    assert np.max(np.abs(shortcut - expected)) < 1e-12

"""The reasons' shortcut for a logistic regression: the classifier's own moved probabilities."""

import numpy as np

from credit_data.load import holdout_rows, load_dataset
from refactored.explanations.linear import (
    is_binary_logistic_regression,
    linear_moved_probabilities,
)
from refactored.explanations.moves import transformed_moves
from refactored.features.columns import INPUT_FEATURES


def test_the_logistic_regression_shortcut_equals_scoring_every_moved_row(champion):
    pipeline = champion.pipeline
    applicants = holdout_rows(load_dataset())[list(INPUT_FEATURES)].head(50).to_dict("records")
    transformed = champion.runtime.predict(
        {name: [a[name] for a in applicants] for name in INPUT_FEATURES}
    ).features
    moves = transformed_moves(
        pipeline, applicants[0], champion.card["explanations"]["typical_values"]
    )
    rows, blocks, count = moves.rows, moves.blocks, len(moves.blocks)
    classifier = pipeline.named_steps["classifier"]
    every_row = np.repeat(transformed, count, axis=0)
    for position, block in enumerate(blocks):
        every_row[position::count, block] = rows[position, block]
    expected = classifier.predict_proba(every_row)[:, 1].reshape(len(applicants), count)

    shortcut = linear_moved_probabilities(classifier, transformed, rows, blocks)

    assert is_binary_logistic_regression(classifier)
    assert np.max(np.abs(shortcut - expected)) < 1e-12

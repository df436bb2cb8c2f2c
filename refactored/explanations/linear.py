"""The moved probabilities of a logistic regression, from its own coefficients.

Moving one feature replaces its block of transformed columns, which changes the applicant's
log-odds by the block's change times the classifier's coefficients. So the moved probabilities
are the logistic of the applicant's log-odds plus that shift: the numbers `predict_proba` gives
on the moved rows (to rounding), without building them. A large batch has hundreds of thousands
of moved rows; building them took most of its scoring time.
"""

import numpy as np
from scipy.special import expit
from sklearn.linear_model import LogisticRegression


def is_binary_logistic_regression(classifier) -> bool:
    """Whether `classifier` is a fitted logistic regression with two classes."""
    return isinstance(classifier, LogisticRegression) and len(classifier.classes_) == 2


def linear_moved_probabilities(classifier, transformed, rows, blocks) -> np.ndarray:
    """P(default) of every applicant with each move applied alone, for a logistic regression.

    Moving a feature replaces its block of columns, which changes the log-odds by the block's
    change times its coefficients; the classifier's probability is the logistic of the log-odds.
    The applicants' own share of the log-odds is computed once per block (a feature's moves
    share one), each move's once.

    Returns:
        One row per applicant, one column per move.
    """
    weights = classifier.coef_[0]
    log_odds = classifier.decision_function(transformed)
    spans = sorted({(block.start, block.stop) for block in blocks})
    own = np.column_stack(
        [transformed[:, start:stop] @ weights[start:stop] for start, stop in spans]
    )
    position = {span: column for column, span in enumerate(spans)}
    which = [position[block.start, block.stop] for block in blocks]
    moved = np.array([rows[move, block] @ weights[block] for move, block in enumerate(blocks)])
    return expit(log_odds[:, None] + moved[None, :] - own[:, which])

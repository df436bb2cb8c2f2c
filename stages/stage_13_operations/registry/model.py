"""A model as the registry hands it out: the verified pipeline and its card."""

from dataclasses import dataclass


# repays DEBT-06 No lineage: versions with cards and checksums; answers name theirs.
@dataclass(frozen=True)
class RegisteredModel:
    """A loaded, verified model and its card.

    Attributes:
        version: The registry version.
        pipeline: The fitted scikit-learn pipeline.
        card: The model card (lineage, metrics, reference statistics).
    """

    version: int
    pipeline: object
    card: dict

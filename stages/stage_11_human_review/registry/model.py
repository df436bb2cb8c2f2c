"""A model as the registry hands it out: the verified pipeline, its card and its runtime."""

from dataclasses import dataclass

from .runtime import PipelineRuntime


# repays DEBT-06 No lineage: versions with cards and checksums; answers name theirs.
@dataclass(frozen=True)
class RegisteredModel:
    """A loaded, verified model and its card.

    Attributes:
        version: The registry version.
        pipeline: The fitted scikit-learn pipeline.
        card: The model card (lineage, metrics, reference statistics).
        runtime: What computes P(default) for requests: the ONNX graph admitted by the parity
            gate, or (by default) the pipeline itself.
    """

    version: int
    pipeline: object
    card: dict
    runtime: object = None

    def __post_init__(self):
        """Serve the pipeline itself when no other runtime is given."""
        if self.runtime is None:
            object.__setattr__(self, "runtime", PipelineRuntime(self.pipeline))

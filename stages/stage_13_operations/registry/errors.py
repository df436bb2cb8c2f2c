"""What can go wrong when reading the registry."""


class ModelNotFoundError(LookupError):
    """The registry has no such version, or no version under that alias."""


class ArtifactRejectedError(RuntimeError):
    """An artifact failed verification (checksum or library version) and was not loaded."""

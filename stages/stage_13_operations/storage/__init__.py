"""Storage of scored requests: the ORM model, the engine and the repository."""
